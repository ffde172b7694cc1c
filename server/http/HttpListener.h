#pragma once

#include "HttpServerCounters.h"
#include "HttpServerOptions.h"

#include <QObject>
#include <QSet>

#include <memory>

class HttpConnection;
class QSocketNotifier;
class RequestDispatcher;

/**
 * The listening socket of one worker: accepts with accept4(2) when the event loop reports it readable, sets
 * TCP_NODELAY and creates an HttpConnection (its child) for each connection. Drains and aborts them on
 * shutdown.
 *
 * Worker-thread only.
 */
class HttpListener : public QObject
{
    Q_OBJECT

public:
    /** Takes ownership of @p listenFd (a listening, non-blocking socket). */
    HttpListener(int listenFd, RequestDispatcher* dispatcher, const HttpServerOptions& options,
                 std::shared_ptr<HttpServerCounters> counters, QObject* parent = nullptr);
    ~HttpListener() override;

    /** The local port (0 if unknown). */
    quint16 port() const;
    /**
     * Accepts what is already in the kernel's accept queue, stops listening (new connections are refused)
     * and asks every connection to close once its current response is done.
     */
    void beginDrain();
    /** Drops every connection at once. */
    void abortAll();
    bool isDraining() const { return m_draining; }
    /** Called by ~HttpConnection. */
    void forget(HttpConnection* connection) { m_connections.remove(connection); }

private:
    void onAcceptable();
    bool acceptOne();
    void closeListener();

    int m_fd;
    RequestDispatcher* m_dispatcher;
    HttpServerOptions m_options;
    std::shared_ptr<HttpServerCounters> m_counters;
    QSocketNotifier* m_notifier = nullptr;
    QSet<HttpConnection*> m_connections;
    bool m_draining = false;
    bool m_warnedDescriptors = false;
};
