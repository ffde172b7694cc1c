#include "GuardedTcpServer.h"

#include "ConnectionGuard.h"

#include "util/LogCategories.h"

#include <QTcpSocket>

#include <sys/socket.h>
#include <unistd.h>

GuardedTcpServer::GuardedTcpServer(const HttpServerOptions& options, std::shared_ptr<HttpServerCounters> counters,
                                   QObject* parent)
    : QTcpServer(parent)
    , m_options(options)
    , m_counters(std::move(counters))
{ }

GuardedTcpServer::~GuardedTcpServer()
{
    // The sockets (and their guards) are our children and die in ~QObject, after this object stopped
    // being a GuardedTcpServer.
    const auto guards = m_guards.values();
    for (ConnectionGuard* guard : guards)
        guard->detachServer();
    m_guards.clear();
}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        qCWarning(lcServer) << "cannot adopt accepted socket:" << socket->errorString();
        delete socket;
        ::close(int(socketDescriptor));
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Whole request (header block + body, chunk framing included) plus room for the start of the next one.
    socket->setReadBufferSize(m_options.maxHeaderBytes + 2 * m_options.maxBodyBytes + 256 * 1024);

    auto* guard = new ConnectionGuard(socket, this, m_options, m_counters, m_httpServer.data());
    m_guards.insert(socket, guard);

    // QHttpServer 6.4 takes the socket synchronously (pendingConnectionAvailable) and connects its readyRead
    // handler now, after the guard's first slot and before the guard's second one.
    addPendingConnection(socket);
    if (m_httpServer && hasPendingConnections() && !m_warnedAsyncTake) {
        m_warnedAsyncTake = true;
        qCCritical(lcServer) << "QHttpServer did not take the connection synchronously; request limits are unreliable";
    }
    guard->attachAfterParser();
    if (m_draining)
        guard->beginDrain();
}

void GuardedTcpServer::beginDrain()
{
    m_draining = true;
    // Connections the kernel has already completed would be reset by close(): take them first, they are
    // answered (with Connection: close) like any other.
    const qintptr listenFd = socketDescriptor();
    if (isListening() && listenFd >= 0) {
        for (;;) {
            const int fd = ::accept4(int(listenFd), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0)
                break;
            incomingConnection(fd);
        }
    }
    close();
    const auto guards = m_guards.values();
    for (ConnectionGuard* guard : guards)
        guard->beginDrain();
}

void GuardedTcpServer::abortAll()
{
    const auto guards = m_guards.values();
    QList<QPointer<ConnectionGuard>> alive(guards.begin(), guards.end());
    for (const auto& guard : alive) {
        if (guard)
            guard->abortConnection();
    }
}
