#include "HttpFrontend.h"

#include "HttpWorker.h"

#include "util/LogCategories.h"

#include <QScopeGuard>

#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {
QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

/** A bound (and, with backlog >= 0, listening) TCP socket, or an error naming the address. */
Result<int> bindSocket(const QHostAddress& host, quint16 port, bool reusePort, int backlog)
{
    sockaddr_storage storage{};
    socklen_t length = 0;
    const bool v6 = host.protocol() == QAbstractSocket::IPv6Protocol;
    if (v6) {
        auto* a = reinterpret_cast<sockaddr_in6*>(&storage);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(port);
        const Q_IPV6ADDR ip = host.toIPv6Address();
        std::memcpy(&a->sin6_addr, &ip, sizeof(ip));
        const QString scope = host.scopeId();
        if (!scope.isEmpty()) {
            bool numeric = false;
            const uint index = scope.toUInt(&numeric);
            a->sin6_scope_id = numeric ? index : ::if_nametoindex(scope.toLocal8Bit().constData());
        }
        length = sizeof(sockaddr_in6);
    } else {
        auto* a = reinterpret_cast<sockaddr_in*>(&storage);
        a->sin_family = AF_INET;
        a->sin_port = htons(port);
        a->sin_addr.s_addr = htonl(host.toIPv4Address());
        length = sizeof(sockaddr_in);
    }

    const QString where = QStringLiteral("%1 port %2").arg(host.toString()).arg(port);
    const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return Error::unavailable(QStringLiteral("cannot create a socket for %1: %2").arg(where, errnoText(errno)));
    auto closeOnError = qScopeGuard([fd] { ::close(fd); });

    const int one = 1;
    const int zero = 0;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (reusePort && ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0)
        return Error::unavailable(QStringLiteral("SO_REUSEPORT failed for %1: %2").arg(where, errnoText(errno)));
    if (v6 && host == QHostAddress(QHostAddress::AnyIPv6))
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero)); // [::] also takes IPv4
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&storage), length) != 0) {
        const int error = errno;
        if (error == EADDRINUSE)
            return Error::unavailable(QStringLiteral("cannot listen on %1: address already in use").arg(where));
        return Error::unavailable(QStringLiteral("cannot bind %1: %2").arg(where, errnoText(error)));
    }
    if (backlog >= 0 && ::listen(fd, backlog) != 0)
        return Error::unavailable(QStringLiteral("cannot listen on %1: %2").arg(where, errnoText(errno)));
    closeOnError.dismiss();
    return fd;
}

quint16 localPort(int fd)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof(storage);
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0)
        return 0;
    if (storage.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage)->sin6_port);
    return ntohs(reinterpret_cast<const sockaddr_in*>(&storage)->sin_port);
}
} // namespace

HttpFrontend::HttpFrontend(const HttpServerOptions& options, QObject* parent)
    : QObject(parent)
    , m_options(options)
    , m_counters(std::make_shared<HttpServerCounters>())
{
    m_options.workerThreads = qMax(1, m_options.workerThreads);
    m_drainPoll.setInterval(20);
    connect(&m_drainPoll, &QTimer::timeout, this, &HttpFrontend::checkDrained);
}

HttpFrontend::~HttpFrontend()
{
    m_drainPoll.stop();
    stopWorkers();
}

int HttpFrontend::inFlightRequests() const
{
    return m_counters->inFlightRequests.load(std::memory_order_relaxed);
}

int HttpFrontend::openConnections() const
{
    return m_counters->openConnections.load(std::memory_order_relaxed);
}

quint64 HttpFrontend::requestsDispatched() const
{
    return m_counters->requestsDispatched.load(std::memory_order_relaxed);
}

quint64 HttpFrontend::requestsRejected() const
{
    return m_counters->requestsRejected.load(std::memory_order_relaxed);
}

Result<quint16> HttpFrontend::start(const ListenAddress& address, RouteFactory factory)
{
    if (m_state != State::Stopped)
        return Error::conflict(QStringLiteral("the HTTP front is already running"));

    // An exclusive bind first: SO_REUSEPORT would otherwise let us share a port with another running
    // gateway of the same user without noticing. It also picks the port when 0 was asked for.
    Result<int> probe = bindSocket(address.host(), address.port(), false, -1);
    if (!probe)
        return probe.error();
    const quint16 port = localPort(*probe);
    ::close(*probe);

    QList<int> fds;
    for (int i = 0; i < m_options.workerThreads; ++i) {
        Result<int> fd = bindSocket(address.host(), port, true, m_options.listenBacklog);
        if (!fd) {
            for (const int open : std::as_const(fds))
                ::close(open);
            return fd.error();
        }
        fds.append(*fd);
    }

    m_counters = std::make_shared<HttpServerCounters>();
    for (int i = 0; i < fds.size(); ++i)
        m_workers.append(new HttpWorker(i, fds[i], m_options, factory, m_counters));
    for (HttpWorker* worker : std::as_const(m_workers)) {
        if (!worker->startAndWait()) {
            const QString error = worker->errorString();
            stopWorkers();
            return Error::unavailable(error);
        }
    }
    m_address = address;
    m_port = port;
    m_state = State::Running;
    qCInfo(lcServer).noquote() << "listening on" << boundAddress().toString() << "with" << m_workers.size()
                               << "worker thread(s)";
    return port;
}

void HttpFrontend::shutdown()
{
    shutdownWithDeadline(m_options.shutdownDeadlineMs);
}

void HttpFrontend::shutdownWithDeadline(int deadlineMs)
{
    if (m_state != State::Running)
        return;
    m_state = State::ShuttingDown;
    for (HttpWorker* worker : std::as_const(m_workers))
        worker->beginDrain();
    qCInfo(lcServer) << "shutting down:" << inFlightRequests() << "request(s) in flight," << openConnections()
                     << "connection(s) open; deadline" << deadlineMs << "ms";
    m_deadline = QDeadlineTimer(qMax(0, deadlineMs));
    Q_EMIT shutdownStarted();
    m_drainPoll.start();
    checkDrained();
}

void HttpFrontend::checkDrained()
{
    if (m_state != State::ShuttingDown)
        return;
    const bool drained = openConnections() == 0 && inFlightRequests() == 0;
    if (!drained && !m_deadline.hasExpired())
        return;
    if (!drained) {
        qCWarning(lcServer) << "shutdown deadline reached with" << inFlightRequests() << "request(s) in flight and"
                            << openConnections() << "connection(s) open; closing them";
    }
    m_drainPoll.stop();
    stopWorkers();
    m_state = State::Stopped;
    qCInfo(lcServer) << "HTTP front stopped" << (drained ? "(drained)" : "(deadline)");
    Q_EMIT stopped(drained);
}

void HttpFrontend::stopNow()
{
    if (m_state == State::Stopped)
        return;
    m_drainPoll.stop();
    stopWorkers();
    m_state = State::Stopped;
    Q_EMIT stopped(false);
}

void HttpFrontend::stopWorkers()
{
    for (HttpWorker* worker : std::as_const(m_workers))
        worker->stopAndJoin();
    qDeleteAll(m_workers);
    m_workers.clear();
}
