#pragma once

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
 * Usage: create it with the CurlMulti of the current thread, connect the signals, call start() once.
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
 * Timeouts (see UpstreamRequestSpec::Timeouts): connect and total are enforced by libcurl, first-byte and
 * idle by this object's timers. On any failure the connection is closed (HTTP/1.1) or the stream reset
 * (HTTP/2), so the upstream stops generating.
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

    static size_t headerCallback(char* data, size_t size, size_t count, void* userp);
    static size_t writeCallback(char* data, size_t size, size_t count, void* userp);

    /** @p encodedUrl is spec.url encoded, @p https whether its scheme is https (start() has both already). */
    QString configure(CurlTransfer* transfer, const UpstreamRequestSpec& spec, const QByteArray& encodedUrl,
                      bool https);
    bool onHeaderLine(const char* data, size_t length);
    bool onHeaderBlockEnd();
    bool onBody(const char* data, size_t length);
    /** Called by CurlMulti when libcurl completed the transfer (or the multi is being destroyed). */
    void onTransferDone(CurlTransfer* transfer, int curlCode, bool multiDestroyed);
    /** Ends the call now: releases the transfer, stops the timers, emits finished. */
    void finishNow(UpstreamResult::Outcome outcome, UpstreamResult::TimeoutKind timeout, const QString& error);
    /** Ends the call from the event loop (for failures detected inside start()). */
    void finishLater(UpstreamResult::Outcome outcome, const QString& error);
    void emitFinished(UpstreamResult result, CurlTransfer* transfer);

    QPointer<CurlMulti> m_multi;
    CurlTransfer* m_transfer = nullptr;
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
