#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QUrl>

/** A fully built HTTP request for a provider: what the upstream client sends, byte for byte. */
struct UpstreamRequest
{
    QByteArray method; ///< always "POST" for chat completions
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers; ///< header names in lower case
    QByteArray body; ///< compact JSON

    /** The value of the first header called name (case-insensitive), or a null QByteArray. */
    QByteArray header(QByteArrayView name) const;
};
