#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>

class QTcpSocket;
class QTimer;

/**
 * A stand-in for `aigw serve` on a loopback port: answers GET /v1/models, and POST /v1/chat/completions
 * either with SSE chunks sent one by one with a delay, or with an HTTP error. It records the requests
 * and notices when the client closes the connection before the stream is complete.
 */
class FakeGateway final : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QByteArray authorization;
        QByteArray body;
    };

    explicit FakeGateway(QObject* parent = nullptr);

    bool start();
    QString url() const;

    /** Stream these deltas, one SSE chunk each, delayMs apart, then a usage chunk and [DONE]. */
    void streamChunks(QStringList deltas, int delayMs);
    /** Answer the next completions with this status and body. */
    void failWith(int status, QByteArray body);
    /** Send some chunks, then an in-stream error event. */
    void streamThenError(QStringList deltas, QByteArray errorEvent);

    const QList<Request>& requests() const { return m_requests; }
    /** The client closed the connection while chunks were still to be sent. */
    bool clientClosedEarly() const { return m_closedEarly; }
    int chunksSent() const { return m_chunksSent; }

private:
    void handleConnection();
    void handleData(QTcpSocket* socket);
    void respond(QTcpSocket* socket, const Request& request);
    void sendNextChunk(QTcpSocket* socket);

    QTcpServer m_server;
    QList<Request> m_requests;
    QStringList m_deltas;
    QByteArray m_errorEvent;
    int m_delayMs = 50;
    int m_failStatus = 0;
    QByteArray m_failBody;
    bool m_closedEarly = false;
    int m_chunksSent = 0;
};
