#include "Http1Connection.h"

#include "Http1Pool.h"
#include "UpstreamCall.h"

#include <QHostInfo>
#include <QSocketNotifier>
#include <QTimerEvent>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

using Outcome = UpstreamResult::Outcome;
using TimeoutKind = UpstreamResult::TimeoutKind;

/** Read size per readable event, as libcurl's default buffer: a chat answer usually fits in one, and a thousand
 *  open streams do not hold more than 16 MiB of buffers. */
constexpr qsizetype ReadChunk = 16 * 1024;

double msSince(const QElapsedTimer& clock)
{
    return static_cast<double>(clock.nsecsElapsed()) / 1e6;
}

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

void setOption(int fd, int level, int name, int value)
{
    ::setsockopt(fd, level, name, &value, sizeof value);
}

} // namespace

Http1Connection::Http1Connection(Http1Pool* pool, const QByteArray& key, const QString& host, quint16 port)
    : QObject(pool)
    , m_pool(pool)
    , m_key(key)
    , m_host(host)
    , m_port(port)
{ }

Http1Connection::~Http1Connection()
{
    // Deleted from the event loop or by the pool's destructor, never inside a notifier's own activation.
    delete std::exchange(m_readNotifier, nullptr);
    delete std::exchange(m_writeNotifier, nullptr);
    closeSocket();
}

void Http1Connection::begin(UpstreamCall* owner, const QByteArray& request, bool headRequest, int connectTimeoutMs)
{
    Q_ASSERT(!m_owner && !m_disposed);
    m_owner = owner;
    m_request = request;
    m_written = 0;
    m_parser.reset(headRequest);
    m_clock.start();
    m_ttfbMs = -1;
    m_reused = m_state == State::Open;

    m_inBegin = true;
    if (m_reused) {
        m_dnsMs = m_connectMs = 0;
        sendMore();
    } else {
        m_dnsMs = m_connectMs = -1;
        m_connectTimeoutMs = connectTimeoutMs;
        if (connectTimeoutMs > 0)
            m_connectTimer.start(connectTimeoutMs, Qt::PreciseTimer, this);
        QHostAddress literal;
        if (literal.setAddress(m_host)) {
            m_dnsMs = 0;
            m_addresses = {literal};
            connectNext();
        } else {
            m_state = State::Resolving;
            QHostInfo::lookupHost(m_host, this, &Http1Connection::onResolved);
        }
    }
    m_inBegin = false;
}

void Http1Connection::abandon()
{
    m_owner = nullptr;
    dispose();
}

void Http1Connection::timerEvent(QTimerEvent* event)
{
    if (event->timerId() != m_connectTimer.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    m_connectTimer.stop();
    if (m_owner && (m_state == State::Resolving || m_state == State::Connecting)) {
        Report report = baseReport();
        report.outcome = Outcome::Timeout;
        report.timeout = TimeoutKind::Connect;
        report.error
            = QStringLiteral("no connection to %1:%2 within %3 ms").arg(m_host).arg(m_port).arg(m_connectTimeoutMs);
        finish(report, false);
    }
}

void Http1Connection::onResolved(const QHostInfo& info)
{
    if (!m_owner || m_state != State::Resolving)
        return;
    m_dnsMs = msSince(m_clock);
    m_addresses = info.addresses();
    if (info.error() != QHostInfo::NoError || m_addresses.isEmpty()) {
        Report report = baseReport();
        report.outcome = Outcome::ConnectFailed;
        report.error = QStringLiteral("cannot resolve %1: %2").arg(m_host, info.errorString());
        finish(report, false);
        return;
    }
    connectNext();
}

void Http1Connection::connectNext()
{
    while (m_nextAddress < m_addresses.size()) {
        const QHostAddress address = m_addresses.at(m_nextAddress++);
        sockaddr_storage storage{};
        socklen_t length = 0;
        if (address.protocol() == QAbstractSocket::IPv4Protocol) {
            auto* in = reinterpret_cast<sockaddr_in*>(&storage);
            in->sin_family = AF_INET;
            in->sin_port = htons(m_port);
            in->sin_addr.s_addr = htonl(address.toIPv4Address());
            length = sizeof(sockaddr_in);
        } else if (address.protocol() == QAbstractSocket::IPv6Protocol) {
            auto* in6 = reinterpret_cast<sockaddr_in6*>(&storage);
            in6->sin6_family = AF_INET6;
            in6->sin6_port = htons(m_port);
            const Q_IPV6ADDR bytes = address.toIPv6Address();
            std::memcpy(&in6->sin6_addr, bytes.c, sizeof bytes.c);
            in6->sin6_scope_id = address.scopeId().toUInt();
            length = sizeof(sockaddr_in6);
        } else {
            continue;
        }
        const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            m_connectError = errnoText(errno);
            continue;
        }
        // As the libcurl client sets them: no Nagle delay, dead peers found by keep-alive probes.
        setOption(fd, IPPROTO_TCP, TCP_NODELAY, 1);
        setOption(fd, SOL_SOCKET, SO_KEEPALIVE, 1);
        setOption(fd, IPPROTO_TCP, TCP_KEEPIDLE, 60);
        setOption(fd, IPPROTO_TCP, TCP_KEEPINTVL, 30);
        int result;
        do {
            result = ::connect(fd, reinterpret_cast<const sockaddr*>(&storage), length);
        } while (result < 0 && errno == EINTR);
        if (result < 0 && errno != EINPROGRESS) {
            m_connectError = errnoText(errno);
            ::close(fd);
            continue;
        }
        m_fd = fd;
        m_readNotifier = new QSocketNotifier(fd, QSocketNotifier::Read, this);
        connect(m_readNotifier, &QSocketNotifier::activated, this, &Http1Connection::onReadable);
        m_writeNotifier = new QSocketNotifier(fd, QSocketNotifier::Write, this);
        connect(m_writeNotifier, &QSocketNotifier::activated, this, &Http1Connection::onWritable);
        if (result == 0) {
            m_writeNotifier->setEnabled(false);
            onConnected();
        } else {
            m_state = State::Connecting;
        }
        return;
    }
    Report report = baseReport();
    report.outcome = Outcome::ConnectFailed;
    report.error = QStringLiteral("cannot connect to %1:%2: %3").arg(m_host).arg(m_port).arg(m_connectError);
    finish(report, false);
}

void Http1Connection::onConnected()
{
    m_connectTimer.stop();
    m_state = State::Open;
    m_connectMs = msSince(m_clock) - qMax(0.0, m_dnsMs);
    sendMore();
}

void Http1Connection::onWritable()
{
    if (m_state == State::Connecting) {
        int error = 0;
        socklen_t length = sizeof error;
        if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0)
            error = errno;
        if (error != 0) {
            m_connectError = errnoText(error);
            closeSocket();
            m_state = State::Unconnected;
            connectNext();
            return;
        }
        m_writeNotifier->setEnabled(false);
        onConnected();
        return;
    }
    sendMore();
}

void Http1Connection::sendMore()
{
    while (m_written < m_request.size()) {
        const ssize_t sent = ::send(m_fd, m_request.constData() + m_written,
                                    static_cast<size_t>(m_request.size() - m_written), MSG_NOSIGNAL);
        if (sent > 0) {
            m_written += sent;
            continue;
        }
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            m_writeNotifier->setEnabled(true);
            return;
        }
        brokenConnection(QStringLiteral("sending to %1:%2 failed: %3").arg(m_host).arg(m_port).arg(errnoText(errno)));
        return;
    }
    if (m_writeNotifier->isEnabled())
        m_writeNotifier->setEnabled(false);
    m_request.clear();
}

void Http1Connection::onReadable()
{
    if (m_state == State::Connecting) {
        onWritable(); // a failed connect shows as readable too
        return;
    }
    if (!m_owner) {
        // Idle, or a connection still connecting for nobody: the peer closed it or sent bytes nobody asked
        // for. Either way it cannot carry another exchange.
        dispose();
        return;
    }
    char* buffer = m_parser.receiveBuffer(ReadChunk);
    ssize_t received;
    do {
        received = ::recv(m_fd, buffer, ReadChunk, 0);
    } while (received < 0 && errno == EINTR);
    if (received > 0) {
        if (m_ttfbMs < 0)
            m_ttfbMs = msSince(m_clock);
        m_parser.received(received);
    } else if (received == 0) {
        m_parser.endOfInput();
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return;
    } else {
        brokenConnection(
            QStringLiteral("receiving from %1:%2 failed: %3").arg(m_host).arg(m_port).arg(errnoText(errno)));
        return;
    }
    process();
}

void Http1Connection::process()
{
    for (;;) {
        const Http1ResponseParser::Piece piece = m_parser.next();
        bool alive = true;
        switch (piece.kind) {
        case Http1ResponseParser::Kind::NeedMore:
            return;
        case Http1ResponseParser::Kind::HeaderLine:
            alive = m_owner->onHeaderLine(piece.data.data(), static_cast<size_t>(piece.data.size()));
            break;
        case Http1ResponseParser::Kind::Body:
            alive = m_owner->onBody(piece.data.data(), static_cast<size_t>(piece.data.size()));
            break;
        case Http1ResponseParser::Kind::Complete: {
            // An answer that came before the whole request went out (a 413, say) leaves the connection mid-request.
            const bool requestSent = m_written >= m_request.size();
            finish(baseReport(), m_parser.keepAlive() && !m_parser.surplus() && requestSent);
            return;
        }
        case Http1ResponseParser::Kind::Malformed: {
            Report report = baseReport();
            report.outcome = Outcome::ProtocolError;
            report.error = m_parser.errorText();
            finish(report, false);
            return;
        }
        case Http1ResponseParser::Kind::Truncated:
            brokenConnection(m_parser.errorText());
            return;
        }
        if (!alive || !m_owner) {
            // The owner finished (abort, cap, deleted): it has abandoned this connection already.
            dispose();
            return;
        }
    }
}

void Http1Connection::brokenConnection(const QString& error)
{
    Report report = baseReport();
    report.outcome = Outcome::ConnectionReset;
    report.error = error;
    report.retryable = m_reused && !m_parser.anyInput();
    finish(report, false);
}

void Http1Connection::finish(Report report, bool keep)
{
    m_connectTimer.stop();
    if (m_inBegin) {
        // Nothing reaches the owner from inside UpstreamCall::start(): report from the event loop.
        closeSocket();
        QMetaObject::invokeMethod(
            this,
            [this, report] {
                if (m_owner)
                    finish(report, false);
            },
            Qt::QueuedConnection);
        return;
    }
    UpstreamCall* owner = std::exchange(m_owner, nullptr);
    if (keep) {
        m_pool->release(this);
    } else {
        dispose();
    }
    if (owner)
        owner->onHttp1Done(report); // last: the owner may start a new exchange on this connection, or go
}

void Http1Connection::closeSocket()
{
    // This may run inside a notifier's activation: retire the notifiers from the event loop.
    for (QSocketNotifier* notifier :
         {std::exchange(m_readNotifier, nullptr), std::exchange(m_writeNotifier, nullptr)}) {
        if (notifier) {
            notifier->setEnabled(false);
            notifier->disconnect();
            notifier->setParent(nullptr);
            notifier->deleteLater();
        }
    }
    if (m_fd >= 0)
        ::close(std::exchange(m_fd, -1));
    m_state = State::Closed;
}

void Http1Connection::dispose()
{
    closeSocket();
    if (m_disposed)
        return;
    m_disposed = true;
    m_pool->forget(this);
    deleteLater(); // the pool's destructor deletes it if the event loop never gets to it
}

void Http1Connection::shutDown()
{
    m_connectTimer.stop();
    closeSocket();
    if (UpstreamCall* owner = std::exchange(m_owner, nullptr)) {
        Report report = baseReport();
        report.outcome = Outcome::Cancelled;
        report.error = QStringLiteral("upstream client shut down");
        owner->onHttp1Done(report);
    }
}

Http1Connection::Report Http1Connection::baseReport() const
{
    Report report;
    report.reused = m_reused;
    report.httpVersion = m_parser.httpVersion();
    report.dnsMs = m_dnsMs;
    report.connectMs = m_connectMs;
    report.ttfbMs = m_ttfbMs;
    return report;
}
