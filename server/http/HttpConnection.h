#pragma once

#include "HttpListener.h"
#include "HttpServerCounters.h"
#include "HttpServerOptions.h"
#include "RequestFramer.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QTimer>

#include <functional>
#include <memory>

class QSocketNotifier;
class RequestDispatcher;

/**
 * One accepted HTTP/1.x connection, on a non-blocking socket the worker's event loop watches directly
 * (no QTcpSocket, no QHttpServer: one read(2) per readiness, one send(2) per response when the kernel takes
 * it whole, which it does for anything up to the socket buffer).
 *
 * - runs RequestFramer over the bytes: 413 / 431 / 414 / 400 / 417 / 501 / 505 are answered here with a
 *   JSON envelope and the connection is closed, before the body is buffered;
 * - writes `HTTP/1.1 100 Continue` for `Expect: 100-continue` when the body is within the limit;
 * - hands each complete request to the RequestDispatcher and serialises responses (a request parsed while
 *   another response is still being written starts after it), so pipelined requests are answered in order;
 *   it stops reading while too many pipelined requests wait;
 * - runs one timer whose meaning depends on the phase: idle keep-alive, header deadline (slowloris), body
 *   read inactivity, write stall, and the linger after a closing response;
 * - closes gracefully (flush, half-close, discard input, then drop) after a response that must close the
 *   connection, and drains on shutdown.
 *
 * When the connection ends (peer closed, error, abort, end of a graceful close) it emits disconnected()
 * once and deletes itself later. Worker-thread only.
 */
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    /** Takes ownership of @p fd (connected, non-blocking). */
    HttpConnection(int fd, const QHostAddress& peer, quint16 peerPort, HttpListener* listener,
                   RequestDispatcher* dispatcher, const HttpServerOptions& options,
                   std::shared_ptr<HttpServerCounters> counters);
    ~HttpConnection() override;

    /** The socket is still connected (not closed, not gone). */
    bool isOpen() const { return m_fd >= 0; }
    /** True once the connection is being closed; nothing more may be written. */
    bool isClosing() const { return m_closing || m_fd < 0; }
    /** True once shutdown started: responses announce `Connection: close`. */
    bool isDraining() const { return m_draining; }
    QHostAddress peerAddress() const { return m_peer; }
    quint16 peerPort() const { return m_peerPort; }

    /** Writes (or queues, when the kernel buffer is full) response bytes. False if the connection is gone. */
    bool write(QByteArrayView bytes);
    /** Bytes accepted by write() but not yet taken by the kernel. */
    qint64 bytesToWrite() const { return m_out.size() - m_outOffset; }

    /**
     * Starts @p start now if no response is in progress on this connection, else after the current one (and
     * any queued before it) has finished. @p start must lead to exactly one responseFinished().
     */
    void dispatch(std::function<void()> start);
    /** The response in progress is complete. @p close: close the connection now (after flushing). */
    void responseFinished(bool close);

    /**
     * Shutdown: closes an idle keep-alive connection now, any other after its current response. A connection
     * that has not sent anything yet gets a short grace period to send its request.
     */
    void beginDrain();
    /** Drops the connection at once. */
    void abortConnection();
    /** Called by the HttpListener that is being destroyed. */
    void detachListener() { m_listener = nullptr; }

Q_SIGNALS:
    /** The connection ended; emitted once. */
    void disconnected();

private:
    enum class Phase { Idle, ReadingHead, ReadingBody, Responding, Lingering };

    void onReadable();
    void onWritable();
    void onTimeout();
    void feed(QByteArrayView bytes);
    /** send(2) until done or the kernel buffer is full: bytes sent, or -1 when the connection failed. */
    qsizetype sendSome(const char* data, qsizetype size);
    bool flushOut();
    void reject(const RequestFramer::Rejection& rejection);
    void closeGracefully();
    void continueClosing();
    void gone();
    void rearm();
    void runNextQueued();
    void updateReadPaused();
    void markClosedForCounters();
    static qint64 nowNs();

    int m_fd;
    QHostAddress m_peer;
    quint16 m_peerPort;
    QPointer<HttpListener> m_listener;
    RequestDispatcher* m_dispatcher;
    HttpServerOptions m_options;
    std::shared_ptr<HttpServerCounters> m_counters;
    QSocketNotifier* m_readNotifier = nullptr;
    QSocketNotifier* m_writeNotifier = nullptr;
    RequestFramer m_framer;
    QQueue<std::function<void()>> m_queue;
    QByteArray m_out;
    qsizetype m_outOffset = 0;
    QTimer m_timer;
    Phase m_phase = Phase::Idle;
    bool m_active = false; ///< a response is in progress (or a queued one is about to start)
    bool m_servedAny = false;
    bool m_sawBytes = false;
    bool m_closing = false;
    bool m_writeShut = false;
    bool m_draining = false;
    bool m_readPaused = false;
    bool m_counted = true; ///< still counted in HttpServerCounters::openConnections
    bool m_destroying = false;
};
