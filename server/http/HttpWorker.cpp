#include "HttpWorker.h"

#include "EpollEventDispatcher.h"
#include "HttpListener.h"
#include "RequestDispatcher.h"

#include "util/LogCategories.h"

#include <QCoreApplication>
#include <QMutexLocker>

#include <unistd.h>

HttpWorker::HttpWorker(int index, int listenFd, const HttpServerOptions& options, RouteFactory factory,
                       std::shared_ptr<HttpServerCounters> counters, QObject* parent)
    : QThread(parent)
    , m_index(index)
    , m_listenFd(listenFd)
    , m_options(options)
    , m_factory(std::move(factory))
    , m_counters(std::move(counters))
{
    setObjectName(QStringLiteral("aigw-http-%1").arg(index));
    // epoll instead of Qt's poll(2)-based dispatchers, whose cost per event grows with the number of open
    // connections (see EpollEventDispatcher). AIGW_EVENT_DISPATCHER=qt keeps Qt's, for comparison.
    if (qEnvironmentVariable("AIGW_EVENT_DISPATCHER") != QLatin1String("qt"))
        setEventDispatcher(new EpollEventDispatcher);
}

HttpWorker::~HttpWorker()
{
    stopAndJoin();
    if (m_listenFd >= 0)
        ::close(m_listenFd); // never handed to a QTcpServer
}

bool HttpWorker::startAndWait(int timeoutMs)
{
    start();
    if (!m_ready.tryAcquire(1, timeoutMs)) {
        QMutexLocker lock(&m_mutex);
        m_error = QStringLiteral("worker %1 did not start in time").arg(m_index);
        return false;
    }
    QMutexLocker lock(&m_mutex);
    return m_ok;
}

QString HttpWorker::errorString() const
{
    QMutexLocker lock(&m_mutex);
    return m_error;
}

void HttpWorker::invokeBlocking(const std::function<void()>& fn)
{
    QObject* control = nullptr;
    {
        QMutexLocker lock(&m_mutex);
        control = m_control;
    }
    if (!control)
        return;
    if (QThread::currentThread() == this)
        fn();
    else
        QMetaObject::invokeMethod(control, fn, Qt::BlockingQueuedConnection);
}

void HttpWorker::beginDrain()
{
    invokeBlocking([this] {
        if (m_listener)
            m_listener->beginDrain();
    });
}

void HttpWorker::stopAndJoin()
{
    if (!isRunning())
        return;
    invokeBlocking([this] {
        if (m_listener)
            m_listener->abortAll();
        quit();
    });
    quit(); // in case the control object was never created
    wait();
}

void HttpWorker::run()
{
    QObject control;
    QObject handlerContext;
    HttpRouter router(m_index, &handlerContext);
    if (m_factory)
        m_factory(router);

    RequestDispatcher dispatcher(&router, m_counters, m_index);
    const int fd = m_listenFd;
    m_listenFd = -1;
    if (fd < 0) {
        QMutexLocker lock(&m_mutex);
        m_ok = false;
        m_error = QStringLiteral("worker %1 has no listening socket").arg(m_index);
        m_ready.release();
        return;
    }
    auto* listener = new HttpListener(fd, &dispatcher, m_options, m_counters);
    {
        QMutexLocker lock(&m_mutex);
        m_control = &control;
        m_listener = listener;
        m_ok = true;
    }
    m_ready.release();
    qCDebug(lcServer) << "worker" << m_index << "serving on port" << listener->port();

    exec();

    {
        QMutexLocker lock(&m_mutex);
        m_control = nullptr;
    }
    // Drop what is left, let handlers see their disconnect callbacks, then tear down on this thread:
    // connections first (the sockets are children of the servers), then the handler objects.
    listener->abortAll();
    QCoreApplication::sendPostedEvents();
    m_listener = nullptr;
    delete listener; // deletes the connections
    QCoreApplication::sendPostedEvents();
    router = HttpRouter(m_index, nullptr); // drop the handlers (and what they captured) before their context
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}
