#pragma once

#include "HttpRouter.h"
#include "HttpServerCounters.h"
#include "HttpServerOptions.h"
#include "ListenAddress.h"

#include "util/Result.h"

#include <QDeadlineTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

class HttpWorker;

/**
 * The HTTP front of `aigw serve`: N worker threads serving one port (qt64-notes §2.1 and "Recommended
 * architecture").
 *
 * start() binds one listening socket per worker with SO_REUSEADDR|SO_REUSEPORT (the kernel spreads
 * connections over them), after an exclusive probe bind so that a port already used by another process is
 * reported instead of silently shared. Each worker thread then calls the route factory with its own
 * HttpRouter and serves with its own HttpListener and RequestDispatcher; nothing QObject-based is shared.
 *
 * Shutdown: shutdown() closes every listening socket at once (new connections are refused), closes idle
 * keep-alive connections, lets requests in flight (streams included) finish with `Connection: close` until
 * the deadline, then aborts what is left (handlers get their disconnect callbacks), stops and joins the
 * threads and emits stopped(). Wire SIGTERM/SIGINT to shutdown() with SignalWatcher.
 *
 * Lives on (and must be used from) the thread that created it, normally the main thread.
 */
class HttpFrontend : public QObject
{
    Q_OBJECT

public:
    /** Called once per worker thread, on that thread, to register the routes. */
    using RouteFactory = std::function<void(HttpRouter& router)>;

    explicit HttpFrontend(const HttpServerOptions& options = HttpServerOptions(), QObject* parent = nullptr);
    /** Stops at once (stopNow()) if still running. */
    ~HttpFrontend() override;

    /** Binds, starts the workers and returns the bound port (useful with port 0). */
    Result<quint16> start(const ListenAddress& address, RouteFactory factory);

    bool isRunning() const { return m_state != State::Stopped; }
    bool isShuttingDown() const { return m_state == State::ShuttingDown; }
    quint16 port() const { return m_port; }
    /** The address actually bound (with the real port). */
    ListenAddress boundAddress() const { return ListenAddress(m_address.host(), m_port); }
    const HttpServerOptions& options() const { return m_options; }

    /** Requests currently being answered, over all workers. Thread-safe. */
    int inFlightRequests() const;
    /** Open client connections, over all workers. Thread-safe. */
    int openConnections() const;
    quint64 requestsDispatched() const;
    quint64 requestsRejected() const;

public Q_SLOTS:
    /** Graceful shutdown with options().shutdownDeadlineMs. Returns at once; stopped() follows. */
    void shutdown();
    /** Graceful shutdown with the given deadline. */
    void shutdownWithDeadline(int deadlineMs);
    /** Aborts every connection and joins the workers now. Emits stopped(false) if it was running. */
    void stopNow();

Q_SIGNALS:
    /** Listening sockets are closed; draining has begun. */
    void shutdownStarted();
    /** All workers have stopped. @p graceful: every request finished before the deadline. */
    void stopped(bool graceful);

private:
    enum class State { Stopped, Running, ShuttingDown };

    void checkDrained();
    void stopWorkers();

    HttpServerOptions m_options;
    std::shared_ptr<HttpServerCounters> m_counters;
    QList<HttpWorker*> m_workers;
    State m_state = State::Stopped;
    ListenAddress m_address;
    quint16 m_port = 0;
    QTimer m_drainPoll;
    QDeadlineTimer m_deadline;
};
