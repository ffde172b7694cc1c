#pragma once

#include "HttpServerCounters.h"
#include "HttpServerOptions.h"

#include <QHash>
#include <QPointer>
#include <QTcpServer>

#include <memory>

class ConnectionGuard;
class QTcpSocket;

/**
 * The QTcpServer that QHttpServer is bound to (qt64-notes §1.8). incomingConnection() creates the socket
 * itself, sets TCP_NODELAY, caps its read buffer (QHttpServer parses inside a QIODevice transaction, so the
 * cap bounds the whole request) and attaches a ConnectionGuard before QHttpServer sees the socket. The guard
 * does the peeking, limits, timeouts and `Connection: close` handling.
 *
 * Worker-thread only.
 */
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    GuardedTcpServer(const HttpServerOptions& options, std::shared_ptr<HttpServerCounters> counters,
                     QObject* parent = nullptr);
    ~GuardedTcpServer() override;

    /**
     * The QAbstractHttpServer this server is bound to. The guards disconnect its parser from a socket they
     * are closing.
     */
    void setHttpServer(QObject* httpServer) { m_httpServer = httpServer; }

    /** The guard of a socket this server accepted, or nullptr. */
    ConnectionGuard* guardFor(QTcpSocket* socket) const { return m_guards.value(socket, nullptr); }

    /**
     * Accepts what is already in the kernel's accept queue, stops listening (new connections are refused)
     * and asks every connection to close once its current response is done.
     */
    void beginDrain();
    /** Drops every connection at once. */
    void abortAll();
    bool isDraining() const { return m_draining; }

    /** Called by ~ConnectionGuard. */
    void forget(QTcpSocket* socket) { m_guards.remove(socket); }

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    HttpServerOptions m_options;
    std::shared_ptr<HttpServerCounters> m_counters;
    QPointer<QObject> m_httpServer;
    QHash<QTcpSocket*, ConnectionGuard*> m_guards;
    bool m_draining = false;
    bool m_warnedAsyncTake = false;
};
