#pragma once

#include "Http1ResponseParser.h"
#include "UpstreamResult.h"

#include <QBasicTimer>
#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>

class Http1Pool;
class QHostInfo;
class QSocketNotifier;
class UpstreamCall;

/**
 * One plain-TCP HTTP/1.1 connection to an upstream (`http://` URLs), kept alive between exchanges by its
 * Http1Pool: the built-in client that UpstreamCall uses instead of libcurl where there is no TLS. It
 * writes the request bytes UpstreamCall prepared and hands the response back piece by piece through
 * UpstreamCall's header-line and body handlers, so that status, interim responses, caps, timers and
 * signals are the same code for both clients.
 *
 * Life: created by Http1Pool::acquire(); busy from begin() until it reports to its owner (the last thing
 * it does); then idle in the pool if the response left it reusable, else closed and deleted. An idle
 * connection keeps its read notifier armed, so that a peer closing it is noticed and it is dropped at once.
 *
 * A kept-alive connection the peer closed just before our request shows as a failure with no response
 * byte; that report says `retryable` and UpstreamCall then sends once more on a new connection (as
 * libcurl does: the peer never saw the request).
 *
 * Threading: lives in the thread of its pool and its owner; never crosses threads.
 */
class Http1Connection : public QObject
{
    Q_OBJECT

public:
    /** How an exchange ended, handed to UpstreamCall::onHttp1Done(). */
    struct Report
    {
        UpstreamResult::Outcome outcome = UpstreamResult::Outcome::Completed;
        UpstreamResult::TimeoutKind timeout = UpstreamResult::TimeoutKind::None;
        QString error;
        /** Failed before any response byte on a connection kept from an earlier exchange: safe to resend. */
        bool retryable = false;
        bool reused = false;
        int httpVersion = 0;
        /** Milliseconds since begin(), -1 when not reached. */
        double dnsMs = -1;
        double connectMs = -1;
        double ttfbMs = -1;
    };

    Http1Connection(Http1Pool* pool, const QByteArray& key, const QString& host, quint16 port);
    ~Http1Connection() override;

    /**
     * Starts an exchange for @p owner: connects first unless kept alive, then writes @p request (the
     * complete request bytes). Calls nothing on the owner before returning; failures found here are
     * reported from the event loop.
     */
    void begin(UpstreamCall* owner, const QByteArray& request, bool headRequest, int connectTimeoutMs);
    /** The owner lets go before the report: the connection is closed and deleted from the event loop. No owner
     *  call follows. */
    void abandon();

    const QByteArray& key() const { return m_key; }

protected:
    void timerEvent(QTimerEvent* event) override;

private:
    friend class Http1Pool;

    enum class State { Unconnected, Resolving, Connecting, Open, Closed };

    void onResolved(const QHostInfo& info);
    void connectNext();
    void onConnected();
    void onWritable();
    void onReadable();
    void sendMore();
    /** Hands the parsed pieces to the owner until more input is needed or the exchange ended. */
    void process();
    /** The connection broke or ended mid-exchange: ConnectionReset, retryable on a kept-alive connection with no
     *  response byte yet. */
    void brokenConnection(const QString& error);
    /** Ends the exchange: the connection goes back to the pool or away, then the owner gets @p report. */
    void finish(Report report, bool keep);
    /** Closes the socket; the notifiers go with it. */
    void closeSocket();
    /** Closes the socket, leaves the pool and deletes itself from the event loop (once). */
    void dispose();
    /** Called by the pool being destroyed: a busy connection reports Cancelled. */
    void shutDown();
    Report baseReport() const;

    Http1Pool* m_pool;
    QByteArray m_key;
    QString m_host;
    quint16 m_port;

    State m_state = State::Unconnected;
    int m_fd = -1;
    QSocketNotifier* m_readNotifier = nullptr;
    QSocketNotifier* m_writeNotifier = nullptr;
    QList<QHostAddress> m_addresses;
    qsizetype m_nextAddress = 0;
    QString m_connectError;
    QBasicTimer m_connectTimer;
    int m_connectTimeoutMs = 0;

    UpstreamCall* m_owner = nullptr;
    QByteArray m_request;
    qsizetype m_written = 0;
    Http1ResponseParser m_parser;
    bool m_reused = false;

    QElapsedTimer m_clock;
    double m_dnsMs = -1;
    double m_connectMs = -1;
    double m_ttfbMs = -1;

    bool m_disposed = false;
    /** A failure found inside begin(), reported from the event loop. */
    bool m_inBegin = false;
};
