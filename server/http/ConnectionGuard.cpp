#include "ConnectionGuard.h"

#include "GuardedTcpServer.h"
#include "HttpWire.h"

#include "util/LogCategories.h"

#include <QTcpSocket>

#include <chrono>

#include <sys/socket.h>

namespace {
/** During shutdown, how long a fresh connection may take to send its first request. */
constexpr int kDrainGraceMs = 1000;
} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket* socket, GuardedTcpServer* server, const HttpServerOptions& options,
                                 std::shared_ptr<HttpServerCounters> counters, QObject* httpServer)
    : QObject(socket)
    , m_socket(socket)
    , m_server(server)
    , m_options(options)
    , m_counters(std::move(counters))
    , m_httpServer(httpServer)
    , m_framer(options)
{
    m_counters->openConnections.fetch_add(1, std::memory_order_relaxed);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ConnectionGuard::onTimeout);
    // Connected before QHttpServer takes the socket, so this slot runs before its parser.
    connect(m_socket, &QIODevice::readyRead, this, &ConnectionGuard::onReadyReadBeforeParser);
    connect(m_socket, &QIODevice::bytesWritten, this, &ConnectionGuard::onBytesWritten);
    connect(m_socket, &QAbstractSocket::disconnected, this, &ConnectionGuard::onDisconnected);
    rearm();
}

ConnectionGuard::~ConnectionGuard()
{
    m_destroying = true;
    m_timer.stop();
    // Queued dispatches own ResponseSinks whose destructors call back into this guard; they must see
    // m_destroying, so drop them here rather than during member destruction.
    auto queue = std::move(m_queue);
    m_queue.clear();
    queue.clear();
    markClosedForCounters();
    if (m_server)
        m_server->forget(m_socket);
}

void ConnectionGuard::attachAfterParser()
{
    connect(m_socket, &QIODevice::readyRead, this, &ConnectionGuard::onReadyReadAfterParser);
}

qint64 ConnectionGuard::nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::optional<RequestHead> ConnectionGuard::takeHead()
{
    if (m_heads.isEmpty())
        return std::nullopt;
    return m_heads.dequeue();
}

void ConnectionGuard::onReadyReadBeforeParser()
{
    if (m_closing) {
        discardInput();
        return;
    }
    const qint64 available = m_socket->bytesAvailable();
    if (available <= m_unconsumedSeen)
        return; // re-emitted readyRead for bytes the framer has already seen
    m_sawBytes = true;
    const QByteArray buffered = m_socket->peek(available);
    const QByteArrayView fresh = QByteArrayView(buffered).sliced(qMin<qint64>(m_unconsumedSeen, buffered.size()));
    m_unconsumedSeen = buffered.size();

    RequestFramer::FeedResult result = m_framer.feed(fresh, nowNs());
    for (RequestHead& head : result.heads) {
        if (head.expectContinue && !m_active && m_queue.isEmpty() && m_heads.isEmpty()
            && m_socket->state() == QAbstractSocket::ConnectedState) {
            // QHttpServer 6.4.2 never answers Expect (L4); the body is within the limit or the framer had
            // rejected the head already.
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            m_socket->flush();
        }
        m_heads.enqueue(std::move(head));
    }
    if (result.rejection) {
        reject(*result.rejection);
        return;
    }
    rearm();
}

void ConnectionGuard::onReadyReadAfterParser()
{
    if (m_closing)
        return;
    m_unconsumedSeen = m_socket->bytesAvailable();
}

void ConnectionGuard::onBytesWritten()
{
    if (m_closing)
        continueClosing();
    else
        rearm();
}

void ConnectionGuard::onDisconnected()
{
    m_timer.stop();
    m_closing = true;
    auto queue = std::move(m_queue); // the queued sinks' destructors call back into this guard
    m_queue.clear();
    queue.clear();
    markClosedForCounters();
}

void ConnectionGuard::markClosedForCounters()
{
    if (!m_counted)
        return;
    m_counted = false;
    m_counters->openConnections.fetch_sub(1, std::memory_order_relaxed);
}

void ConnectionGuard::reject(const RequestFramer::Rejection& rejection)
{
    m_counters->requestsRejected.fetch_add(1, std::memory_order_relaxed);
    qCInfo(lcServer).nospace() << "rejecting request from " << m_socket->peerAddress().toString() << ": "
                               << rejection.status << " " << rejection.message;
    if (m_active || !m_queue.isEmpty()) {
        // A response is on the wire; an error cannot be interleaved with it.
        abortConnection();
        return;
    }
    if (m_socket->state() == QAbstractSocket::ConnectedState) {
        m_socket->write(HttpWire::rejectionResponse(rejection.status, rejection.message, rejection.code, true));
        m_socket->flush();
    }
    closeGracefully();
}

void ConnectionGuard::dispatch(std::function<void()> start)
{
    if (m_closing)
        return;
    if (m_active) {
        m_queue.enqueue(std::move(start));
        return;
    }
    m_active = true;
    m_servedAny = true;
    rearm();
    start();
}

void ConnectionGuard::runNextQueued()
{
    if (m_closing || m_destroying)
        return;
    if (m_queue.isEmpty()) {
        m_active = false;
        rearm();
        return;
    }
    std::function<void()> start = m_queue.dequeue();
    m_active = true;
    rearm();
    start();
}

void ConnectionGuard::responseFinished(bool close)
{
    if (m_destroying || m_closing)
        return;
    if (close) {
        m_active = false;
        closeGracefully();
        return;
    }
    if (!m_queue.isEmpty()) {
        // Keep m_active so a request parsed meanwhile queues behind the ones already waiting.
        QMetaObject::invokeMethod(this, &ConnectionGuard::runNextQueued, Qt::QueuedConnection);
        return;
    }
    m_active = false;
    if (m_draining && !m_framer.inRequest() && m_heads.isEmpty()) {
        closeGracefully();
        return;
    }
    scheduleLeftoverParse();
    rearm();
}

void ConnectionGuard::scheduleLeftoverParse()
{
    // QHttpServer parses one request per readyRead; a pipelined request that arrived in the same segment
    // as the previous one would wait for the next packet. Re-emit readyRead once the connection is free.
    if (m_socket->bytesAvailable() <= 0)
        return;
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!m_closing && !m_active && m_socket->bytesAvailable() > 0)
                Q_EMIT m_socket->readyRead();
        },
        Qt::QueuedConnection);
}

void ConnectionGuard::noteWrite()
{
    if (m_closing)
        continueClosing();
    else
        rearm();
}

void ConnectionGuard::beginDrain()
{
    m_draining = true;
    if (m_closing || m_active || !m_queue.isEmpty() || m_framer.inRequest() || !m_heads.isEmpty())
        return; // closes after the response in progress
    if (m_servedAny || m_sawBytes) {
        closeGracefully(); // idle keep-alive
        return;
    }
    // Accepted but nothing read yet: its request may already be in the kernel buffer. Give it a moment.
    m_phase = Phase::Idle;
    m_timer.start(qMin(m_options.readTimeoutMs, kDrainGraceMs));
}

void ConnectionGuard::abortConnection()
{
    m_closing = true;
    m_timer.stop();
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        m_socket->abort();
}

void ConnectionGuard::closeGracefully()
{
    if (m_closing)
        return;
    m_closing = true;
    m_phase = Phase::Lingering;
    m_timer.stop();
    // Nothing more for QHttpServer to parse on this connection.
    if (m_httpServer)
        QObject::disconnect(m_socket, &QIODevice::readyRead, m_httpServer.data(), nullptr);
    discardInput();
    auto queue = std::move(m_queue);
    m_queue.clear();
    queue.clear(); // their sinks see isClosing() and write nothing
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    continueClosing();
}

void ConnectionGuard::continueClosing()
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (m_socket->bytesToWrite() > 0) {
        // Still flushing the last response: the write-stall timeout applies.
        m_timer.start(m_options.writeTimeoutMs);
        return;
    }
    if (!m_writeShut) {
        m_writeShut = true;
        // Half-close: the client sees EOF after the response, while unread input is still drained below,
        // so the kernel does not answer it with a RST that could destroy the response.
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
        m_timer.start(m_options.lingerMs);
    }
}

void ConnectionGuard::discardInput()
{
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    const qint64 available = m_socket->bytesAvailable();
    if (available > 0)
        m_socket->skip(available);
    m_unconsumedSeen = 0;
}

void ConnectionGuard::rearm()
{
    if (m_closing || m_destroying)
        return;
    if (m_active) {
        m_phase = Phase::Responding;
        if (m_socket->bytesToWrite() > 0)
            m_timer.start(m_options.writeTimeoutMs);
        else
            m_timer.stop();
        return;
    }
    if (m_framer.inHead()) {
        m_phase = Phase::ReadingHead;
        const qint64 elapsedMs = (nowNs() - m_framer.currentStartNs()) / 1'000'000;
        m_timer.start(int(qMax<qint64>(0, m_options.readTimeoutMs - elapsedMs)));
        return;
    }
    if (m_framer.inRequest() || !m_heads.isEmpty()) {
        m_phase = Phase::ReadingBody;
        m_timer.start(m_options.readTimeoutMs);
        return;
    }
    m_phase = Phase::Idle;
    m_timer.start(m_servedAny ? m_options.idleTimeoutMs : qMin(m_options.idleTimeoutMs, m_options.readTimeoutMs));
}

void ConnectionGuard::onTimeout()
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    switch (m_phase) {
    case Phase::Idle:
        qCDebug(lcServer) << "closing idle connection from" << m_socket->peerAddress().toString();
        closeGracefully();
        return;
    case Phase::ReadingHead:
    case Phase::ReadingBody:
        qCInfo(lcServer) << "read timeout: dropping connection from" << m_socket->peerAddress().toString()
                         << (m_phase == Phase::ReadingHead ? "(incomplete header block)" : "(stalled body)");
        abortConnection();
        return;
    case Phase::Responding:
        if (m_socket->bytesToWrite() > 0) {
            qCInfo(lcServer) << "write timeout: client" << m_socket->peerAddress().toString()
                             << "stopped reading; dropping connection";
            abortConnection();
        }
        return;
    case Phase::Lingering:
        abortConnection();
        return;
    }
}
