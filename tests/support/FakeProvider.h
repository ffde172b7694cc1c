#pragma once

#include "FakeUpstreamServer.h"

#include <QList>
#include <QObject>

/**
 * A fake of the three providers on one loopback port, serving the recorded fixtures in tests/fixtures byte
 * for byte, with scripted faults. Paths: POST /v1/chat/completions (OpenAI; base URL <url>/v1),
 * POST /v1/messages (Anthropic), POST /v1beta/models/{model}:generateContent and :streamGenerateContent
 * (Gemini). Each request takes the next scripted Reply for its provider, or the provider's default
 * (the plain or streamed fixture, chosen by the request's stream flag / path).
 */
class FakeProvider : public QObject
{
    Q_OBJECT

public:
    struct Reply
    {
        enum class Mode {
            Whole, ///< status + body at once
            Events, ///< SSE: the body's events one chunk each, eventGapMs apart, then the end of the stream
            CutAfter, ///< SSE: only the first `events` events, then the connection is closed
            StallAfter, ///< SSE: the first `events` events, then silence with the connection open
            ResetBeforeHeaders, ///< TCP reset, nothing sent
            NoAnswer, ///< the request is read and never answered
            HeadersOnly, ///< 200 + SSE headers, then silence (slow first event)
        };
        Mode mode = Mode::Whole;
        int status = 200;
        QByteArray body;
        QByteArray contentType = "application/json";
        QList<QPair<QByteArray, QByteArray>> headers;
        int eventGapMs = 0;
        int events = 0;
    };

    explicit FakeProvider(QObject* parent = nullptr);

    bool listen();
    quint16 port() const { return m_server.port(); }
    /** The base URL to store in a credential for provider (OpenAI's includes /v1). */
    QString baseUrl(const QString& provider) const;

    /** The next request to provider gets this reply (FIFO). */
    void enqueue(const QString& provider, const Reply& reply);
    /** Forgets every scripted reply not yet used. */
    void clearScript() { m_script.clear(); }
    /** Scripted replies not yet used, over all providers. */
    int pendingScript() const;
    static Reply fixture(const QString& relativePath, int status = 200);
    static Reply streamFixture(const QString& relativePath, int eventGapMs = 0);
    /** The fixture's SSE events (split at blank lines, LF or CRLF), each with its separator. */
    static QList<QByteArray> sseEvents(const QByteArray& body);

    const QList<FakeUpstreamServer::Request>& requests() const { return m_server.requests(); }
    int requestCount() const { return m_server.requestCount(); }
    int closedConnections() const { return m_server.closedConnections(); }
    FakeUpstreamServer& server() { return m_server; }

private:
    void handle(QTcpSocket* socket, const FakeUpstreamServer::Request& request);
    void play(QTcpSocket* socket, const Reply& reply);

    FakeUpstreamServer m_server;
    QHash<QString, QList<Reply>> m_script;
};
