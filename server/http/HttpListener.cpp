#include "HttpListener.h"

#include "EpollEventDispatcher.h"
#include "HttpConnection.h"

#include "util/LogCategories.h"

#include <QHostAddress>
#include <QPointer>
#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {
/** Connections accepted per readiness before the event loop gets a turn. */
constexpr int kAcceptsPerWakeup = 64;
/** Out of descriptors: how long accepting pauses (the listening socket stays readable meanwhile). */
constexpr int kDescriptorPauseMs = 100;
} // namespace

HttpListener::HttpListener(int listenFd, RequestDispatcher* dispatcher, const HttpServerOptions& options,
                           std::shared_ptr<HttpServerCounters> counters, QObject* parent)
    : QObject(parent)
    , m_fd(listenFd)
    , m_dispatcher(dispatcher)
    , m_options(options)
    , m_counters(std::move(counters))
{
    m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    EpollEventDispatcher::markAsAdmission(m_notifier);
    connect(m_notifier, &QSocketNotifier::activated, this, &HttpListener::onAcceptable);
}

HttpListener::~HttpListener()
{
    closeListener();
    // The connections are our children and die in ~QObject, after this object stopped being an HttpListener.
    for (HttpConnection* connection : std::as_const(m_connections))
        connection->detachListener();
    m_connections.clear();
}

quint16 HttpListener::port() const
{
    if (m_fd < 0)
        return 0;
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (::getsockname(m_fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0)
        return 0;
    if (storage.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage)->sin6_port);
    return ntohs(reinterpret_cast<const sockaddr_in*>(&storage)->sin_port);
}

void HttpListener::closeListener()
{
    if (m_fd < 0)
        return;
    delete m_notifier;
    m_notifier = nullptr;
    ::close(m_fd);
    m_fd = -1;
}

void HttpListener::onAcceptable()
{
    for (int i = 0; i < kAcceptsPerWakeup && m_fd >= 0; ++i) {
        if (!acceptOne())
            return;
    }
}

bool HttpListener::acceptOne()
{
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    const int fd = ::accept4(m_fd, reinterpret_cast<sockaddr*>(&storage), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED)
            return true;
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
            if (!m_warnedDescriptors) {
                m_warnedDescriptors = true;
                qCWarning(lcServer) << "cannot accept connections:" << std::strerror(errno) << "- pausing accept for"
                                    << kDescriptorPauseMs << "ms at a time";
            }
            m_notifier->setEnabled(false);
            QTimer::singleShot(kDescriptorPauseMs, this, [this] {
                if (m_notifier)
                    m_notifier->setEnabled(true);
            });
        }
        return false;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    QHostAddress peer(reinterpret_cast<const sockaddr*>(&storage));
    quint16 peerPort = 0;
    if (storage.ss_family == AF_INET6)
        peerPort = ntohs(reinterpret_cast<const sockaddr_in6*>(&storage)->sin6_port);
    else if (storage.ss_family == AF_INET)
        peerPort = ntohs(reinterpret_cast<const sockaddr_in*>(&storage)->sin_port);
    auto* connection = new HttpConnection(fd, peer, peerPort, this, m_dispatcher, m_options, m_counters);
    m_connections.insert(connection);
    if (m_draining)
        connection->beginDrain();
    return true;
}

void HttpListener::beginDrain()
{
    m_draining = true;
    // Connections the kernel has already completed would be reset by close(): take them first, they are
    // answered (with Connection: close) like any other.
    while (m_fd >= 0 && acceptOne()) { }
    closeListener();
    const auto connections = m_connections.values();
    QList<QPointer<HttpConnection>> alive(connections.begin(), connections.end());
    for (const auto& connection : alive) {
        if (connection)
            connection->beginDrain();
    }
}

void HttpListener::abortAll()
{
    const auto connections = m_connections.values();
    QList<QPointer<HttpConnection>> alive(connections.begin(), connections.end());
    for (const auto& connection : alive) {
        if (connection)
            connection->abortConnection();
    }
}
