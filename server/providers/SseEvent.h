#pragma once

#include <QByteArray>

/** One Server-Sent Event as dispatched by SseParser. */
struct SseEvent
{
    QByteArray event; ///< the `event:` field, empty when absent
    QByteArray data; ///< the `data:` lines joined with '\n'
    QByteArray id; ///< the `id:` field, empty when absent
};
