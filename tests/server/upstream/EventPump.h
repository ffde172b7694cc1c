#pragma once

#include "FakeUpstreamServer.h"

#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

/**
 * Test helper for the fake upstream: sends a chunked SSE response on `socket`, one event every `intervalMs`
 * (`count` events, or forever when negative), then the terminating chunk (if `finish`). Notices when the
 * client has gone.
 */
class EventPump : public QObject
{
public:
    EventPump(QTcpSocket* socket, int count, int intervalMs, bool finish = true)
        : m_socket(socket)
        , m_count(count)
        , m_finish(finish)
    {
        FakeUpstreamServer::send(socket, FakeUpstreamServer::chunkedHead());
        connect(&m_timer, &QTimer::timeout, this, &EventPump::tick);
        m_timer.start(intervalMs);
    }

    /** Events written so far. */
    int sent = 0;
    /** Writes that found the connection gone. */
    bool sawClose = false;

private:
    void tick()
    {
        if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
            sawClose = true;
            m_timer.stop();
            return;
        }
        if (m_count >= 0 && sent >= m_count) {
            m_timer.stop();
            if (m_finish) {
                FakeUpstreamServer::send(m_socket, FakeUpstreamServer::lastChunk());
            }
            return;
        }
        ++sent;
        const QByteArray event = "data: {\"n\":" + QByteArray::number(sent) + "}\n\n";
        FakeUpstreamServer::send(m_socket, FakeUpstreamServer::chunk(event));
    }

    QPointer<QTcpSocket> m_socket;
    int m_count;
    bool m_finish;
    QTimer m_timer;
};
