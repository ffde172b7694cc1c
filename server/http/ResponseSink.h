#pragma once

#include "HttpHeaders.h"
#include "HttpServerCounters.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QMetaObject>
#include <QPointer>

#include <functional>
#include <memory>

class HttpConnection;
class QThread;

/**
 * The state behind every HttpResponder handle of one request (qt64-notes L1, L4, L6: a response written
 * after the client left must never touch a dead connection).
 *
 * It holds a QPointer to its HttpConnection and every write first checks that the connection is still open
 * and not being closed, so writing after the client left is a no-op that returns false. It writes the
 * status line and headers itself (any status code, `Connection: close` when the request asked for it, was
 * HTTP/1.0 or the server is draining), frames chunks for streaming, knows when the response is complete,
 * and tells the connection so it can close or start the next queued request.
 *
 * If the last handle is dropped before the response is complete, it answers 500 (nothing sent yet) or
 * closes the connection (stream never ended), so a keep-alive client never hangs.
 *
 * Worker-thread only (calls from another thread are refused and logged); created by RequestDispatcher.
 */
class ResponseSink : public std::enable_shared_from_this<ResponseSink>
{
public:
    struct Params
    {
        bool keepAlive = true; ///< what the request allows (HTTP/1.1 without `Connection: close`)
        bool headRequest = false; ///< HEAD: headers only
        int httpMinor = 1;
        quint64 requestId = 0;
    };

    static std::shared_ptr<ResponseSink> create(HttpConnection* connection, const Params& params,
                                                std::shared_ptr<HttpServerCounters> counters);
    ~ResponseSink();
    ResponseSink(const ResponseSink&) = delete;
    ResponseSink& operator=(const ResponseSink&) = delete;

    bool isConnected() const;
    bool isFinished() const { return m_state == State::Finished; }
    bool isStreaming() const { return m_state == State::Streaming; }
    bool clientGone() const { return m_state == State::Gone; }
    /** Bytes accepted but not yet written to the kernel (for back-pressure on streams). */
    qint64 bytesToWrite() const;

    bool send(int status, const QByteArray& contentType, const QByteArray& body, const HttpHeaders& extra);
    bool beginStream(int status, const HttpHeaders& extra);
    bool writeChunk(QByteArrayView data);
    bool endStream();

    void onDisconnected(QObject* context, std::function<void()> callback);

private:
    enum class State { Fresh, Streaming, Finished, Gone };

    ResponseSink(HttpConnection* connection, const Params& params, std::shared_ptr<HttpServerCounters> counters);
    void wire();
    void unwire();
    void handleClientGone();
    void finish();
    void complete();
    bool writeRaw(const QByteArray& bytes);
    bool onOwnThread(const char* what) const;
    /** The status line and header fields, followed by body (a response sent whole) in the same buffer. */
    QByteArray headerBlock(int status, const QByteArray& contentType, const HttpHeaders& extra, qint64 contentLength,
                           bool stream, QByteArrayView body = {});

    QPointer<HttpConnection> m_connection;
    Params m_params;
    std::shared_ptr<HttpServerCounters> m_counters;
    QThread* m_thread;
    State m_state = State::Fresh;
    bool m_closeAfter = false;
    bool m_completed = false;
    QList<QPair<QPointer<QObject>, std::function<void()>>> m_disconnectCallbacks;
    QMetaObject::Connection m_disconnectedConnection;
    QMetaObject::Connection m_destroyedConnection;
};
