#pragma once

#include "Http1Connection.h"
#include "UpstreamRequestSpec.h"
#include "UpstreamResult.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

class CurlMulti;
struct CurlTransfer;

/**
 * One HTTP exchange with an upstream, streamed: headers, then body bytes as they arrive, then one result.
 *
 * Usage: create it with the CurlMulti of the current thread, connect the signals, call start() once. Plain
 * `http://` exchanges go through the built-in HTTP/1.1 client of that CurlMulti (Http1Pool), the others
 * through libcurl (UpstreamRequestSpec::client); signals, outcomes and timeouts are the same.
 * Signal order: at most one headersReceived(), then any number of dataReceived(), then exactly one
 * finished(). Nothing is emitted from inside start() (a bad spec finishes from the event loop) and nothing
 * after finished().
 *
 * Threading: use it only in the thread of its CurlMulti. Signals are emitted from that thread's event loop
 * (dataReceived() runs inside a libcurl write callback; keep its handlers short and do not run a nested
 * event loop there).
 *
 * Safe from inside any of its signal handlers: abort(), starting other calls, deleteLater(), and deleting
 * the object directly (the call checks that it is still alive after each emission, and libcurl's data
 * belongs to the CurlMulti, which removes the transfer once libcurl has returned). A running call that is
 * deleted is cancelled (connection closed) without emitting finished().
 *
 * Timeouts (see UpstreamRequestSpec::Timeouts): connect and total are enforced by libcurl (by the connection's
 * and this object's timers on the built-in client), first-byte and idle by this object's timers. On any failure the
 * connection is closed (HTTP/1.1) or the stream reset (HTTP/2), so the upstream stops generating.
 */
class UpstreamCall : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Idle, ///< not started
        Running, ///< started, finished() not yet emitted
        Finished, ///< finished() emitted
    };
    Q_ENUM(State)

    /** @param multi the CurlMulti of the current thread; it must outlive the running exchange. */
    explicit UpstreamCall(CurlMulti* multi, QObject* parent = nullptr);
    ~UpstreamCall() override;

    /** Starts the exchange. Only the first call has an effect. */
    void start(const UpstreamRequestSpec& spec);

    /**
     * Cancels a running exchange: the connection is closed (or the HTTP/2 stream reset) and finished() is
     * emitted with Cancelled before abort() returns. No effect when idle or finished. Callable from
     * inside this call's own signal handlers: no further dataReceived() follows.
     */
    void abort();

    State state() const { return m_state; }
    /** Response body bytes delivered so far. */
    qint64 bodyBytesReceived() const { return m_bodyBytes; }

signals:
    /** The final response header block has arrived (1xx interim responses are skipped). Once at most. */
    void headersReceived(int status, const UpstreamHeaders& headers);
    /** Response body bytes, delivered as they arrive (chunked framing removed, no decoding). */
    void dataReceived(const QByteArray& chunk);
    /** The exchange is over. Exactly once per start(). */
    void finished(const UpstreamResult& result);

protected:
    void timerEvent(QTimerEvent* event) override;

private:
    friend class CurlMulti;
    friend class Http1Connection;

    static size_t headerCallback(char* data, size_t size, size_t count, void* userp);
    static size_t writeCallback(char* data, size_t size, size_t count, void* userp);

    /** @p encodedUrl is spec.url encoded, @p https whether its scheme is https (start() has both already). */
    QString configure(CurlTransfer* transfer, const UpstreamRequestSpec& spec, const QByteArray& encodedUrl,
                      bool https);
    bool onHeaderLine(const char* data, size_t length);
    bool onHeaderBlockEnd();
    bool onBody(const char* data, size_t length);
    /** Sends the prepared request on a kept-alive or (@p fresh) new connection of the thread's Http1Pool. */
    void beginHttp1(bool fresh);
    /** Called by the built-in client's connection when the exchange ended (or the pool is being destroyed). */
    void onHttp1Done(const Http1Connection::Report& report);
    /** Called by CurlMulti when libcurl completed the transfer (or the multi is being destroyed). */
    void onTransferDone(CurlTransfer* transfer, int curlCode, bool multiDestroyed);
    /** Ends the call now: releases the transfer, stops the timers, emits finished. */
    void finishNow(UpstreamResult::Outcome outcome, UpstreamResult::TimeoutKind timeout, const QString& error);
    /** Ends the call from the event loop (for failures detected inside start()). */
    void finishLater(UpstreamResult::Outcome outcome, const QString& error);
    void emitFinished(UpstreamResult result, CurlTransfer* transfer);

    QPointer<CurlMulti> m_multi;
    CurlTransfer* m_transfer = nullptr;

    /** The built-in client's connection while its exchange runs, and what a resend needs. */
    Http1Connection* m_http1 = nullptr;
    QByteArray m_http1Request;
    QByteArray m_http1Key;
    QString m_http1Host;
    quint16 m_http1Port = 0;
    bool m_http1Head = false;
    bool m_http1Resent = false;
    QBasicTimer m_totalTimer;
    State m_state = State::Idle;

    UpstreamRequestSpec::Timeouts m_timeouts;
    bool m_bufferBody = false;
    qint64 m_maxResponseBytes = 0;

    QElapsedTimer m_clock;
    QBasicTimer m_firstByteTimer;
    QBasicTimer m_idleTimer;
    qint64 m_lastActivityMs = 0;

    int m_pendingStatus = 0;
    UpstreamHeaders m_pendingHeaders;
    bool m_headersDone = false;
    int m_status = 0;

    qint64 m_bodyBytes = 0;
    QByteArray m_body;
};
