#pragma once

#include "GuardedTcpServer.h"
#include "HttpServerCounters.h"
#include "HttpServerOptions.h"
#include "RequestFramer.h"
#include "RequestHead.h"

#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

class QTcpSocket;

/**
 * The per-connection half of GuardedTcpServer (qt64-notes §1.8, L3, L4). It is a child of its socket and
 * sees every byte before QHttpServer parses it: its readyRead slot is connected before QHttpServer's, and a
 * second slot after QHttpServer's records how much QHttpServer consumed.
 *
 * - runs RequestFramer over the new bytes: 413 / 431 / 414 / 400 / 417 / 501 / 505 are answered here with a
 *   JSON envelope and the connection is closed, before QHttpServer buffers the body;
 * - writes `HTTP/1.1 100 Continue` for `Expect: 100-continue` when the body is within the limit;
 * - queues the RequestHead of each request (method, target, version, keep-alive) for RoutingHttpServer;
 * - serialises responses on the connection (a request parsed while another response is still being written
 *   is dispatched after it), so pipelined requests are answered in order;
 * - runs one timer whose meaning depends on the phase: idle keep-alive, header deadline (slowloris),
 *   body read inactivity, write stall, and the linger after a closing response;
 * - closes gracefully (flush, half-close, discard input, then drop) after a response that must close the
 *   connection, and drains on shutdown.
 *
 * Worker-thread only.
 */
class ConnectionGuard : public QObject
{
    Q_OBJECT

public:
    ConnectionGuard(QTcpSocket* socket, GuardedTcpServer* server, const HttpServerOptions& options,
                    std::shared_ptr<HttpServerCounters> counters, QObject* httpServer);
    ~ConnectionGuard() override;

    /** Connects the slot that must run after QHttpServer's readyRead handler. Call after addPendingConnection. */
    void attachAfterParser();

    QTcpSocket* socket() const { return m_socket; }

    /** The head of the next request QHttpServer hands over, in arrival order. */
    std::optional<RequestHead> takeHead();

    /**
     * Starts @p start now if no response is in progress on this connection, else after the current one (and
     * any queued before it) has finished. @p start must lead to exactly one responseFinished().
     */
    void dispatch(std::function<void()> start);

    /** The response in progress is complete. @p close: close the connection now (after flushing). */
    void responseFinished(bool close);

    /** A response wrote bytes: (re)arm the write-stall timer. */
    void noteWrite();

    /** True once the connection is being closed; nothing more may be written. */
    bool isClosing() const { return m_closing; }
    /** True once shutdown started: responses announce `Connection: close`. */
    bool isDraining() const { return m_draining; }

    /**
     * Shutdown: closes an idle keep-alive connection now, any other after its current response. A connection
     * that has not sent anything yet gets a short grace period to send its request.
     */
    void beginDrain();
    /** Drops the connection at once (RST). */
    void abortConnection();

    /** Called by the GuardedTcpServer that is being destroyed. */
    void detachServer() { m_server = nullptr; }

private Q_SLOTS:
    void onReadyReadBeforeParser();
    void onReadyReadAfterParser();
    void onBytesWritten();
    void onDisconnected();
    void onTimeout();

private:
    enum class Phase { Idle, ReadingHead, ReadingBody, Responding, Lingering };

    void reject(const RequestFramer::Rejection& rejection);
    void closeGracefully();
    void continueClosing();
    void discardInput();
    void rearm();
    void runNextQueued();
    void scheduleLeftoverParse();
    void markClosedForCounters();
    static qint64 nowNs();

    QTcpSocket* m_socket;
    QPointer<GuardedTcpServer> m_server;
    HttpServerOptions m_options;
    std::shared_ptr<HttpServerCounters> m_counters;
    QPointer<QObject> m_httpServer;

    RequestFramer m_framer;
    QQueue<RequestHead> m_heads;
    QQueue<std::function<void()>> m_queue;
    QTimer m_timer;
    Phase m_phase = Phase::Idle;

    qint64 m_unconsumedSeen = 0; ///< bytes at the front of the socket buffer the framer has already seen
    bool m_active = false; ///< a response is in progress (or a queued one is about to start)
    bool m_servedAny = false;
    bool m_sawBytes = false;
    bool m_closing = false;
    bool m_writeShut = false;
    bool m_draining = false;
    bool m_counted = true; ///< still counted in HttpServerCounters::openConnections
    bool m_destroying = false;
};
