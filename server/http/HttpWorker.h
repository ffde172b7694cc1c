#pragma once

#include "HttpRouter.h"
#include "HttpServerCounters.h"
#include "HttpServerOptions.h"

#include <QMutex>
#include <QPointer>
#include <QSemaphore>
#include <QString>
#include <QThread>

#include <functional>
#include <memory>

class HttpListener;

/**
 * One I/O worker thread of HttpFrontend (qt64-notes §2.1, "Recommended architecture" 1). run() creates,
 * on the worker thread: an HttpRouter filled by the route factory, a RequestDispatcher and an HttpListener
 * that adopts the worker's own SO_REUSEPORT listening socket. Everything is destroyed on
 * the same thread when the event loop ends.
 *
 * The control methods are called from the thread that owns the HttpFrontend; they block until the worker
 * thread has done the work.
 */
class HttpWorker : public QThread
{
    Q_OBJECT

public:
    using RouteFactory = std::function<void(HttpRouter&)>;

    /** Takes ownership of @p listenFd (a listening socket). */
    HttpWorker(int index, int listenFd, const HttpServerOptions& options, RouteFactory factory,
               std::shared_ptr<HttpServerCounters> counters, QObject* parent = nullptr);
    ~HttpWorker() override;

    /** Starts the thread and waits until it listens. False (with errorString()) if it could not. */
    bool startAndWait(int timeoutMs = 10'000);
    QString errorString() const;

    /** Stops accepting and asks each connection to close after its current response. */
    void beginDrain();
    /** Ends the event loop: remaining connections are aborted, handlers get their disconnect callbacks,
     *  then everything is destroyed on the worker thread. Joins the thread. */
    void stopAndJoin();

    int index() const { return m_index; }

protected:
    void run() override;

private:
    void invokeBlocking(const std::function<void()>& fn);

    int m_index;
    int m_listenFd;
    HttpServerOptions m_options;
    RouteFactory m_factory;
    std::shared_ptr<HttpServerCounters> m_counters;

    QSemaphore m_ready;
    mutable QMutex m_mutex;
    QObject* m_control = nullptr; ///< lives on the worker thread while the event loop runs
    HttpListener* m_listener = nullptr;
    bool m_ok = false;
    QString m_error;
};
