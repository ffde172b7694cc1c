#include "HttpConnection.h"

#include "EpollEventDispatcher.h"
#include "HttpListener.h"
#include "HttpWire.h"
#include "RequestDispatcher.h"

#include "util/LogCategories.h"

#include <QSocketNotifier>

#include <chrono>

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

namespace {
/** During shutdown, how long a fresh connection may take to send its first request. */
constexpr int kDrainGraceMs = 1000;
/** Reads per readiness before the event loop gets a turn (fairness between connections). */
constexpr int kReadsPerWakeup = 4;
/** Pipelined requests waiting behind a response before reading pauses. */
constexpr qsizetype kMaxQueuedRequests = 64;
} // namespace

HttpConnection::HttpConnection(int fd, const QHostAddress& peer, quint16 peerPort, HttpListener* listener,
                               RequestDispatcher* dispatcher, const HttpServerOptions& options,
                               std::shared_ptr<HttpServerCounters> counters)
    : QObject(listener)
    , m_fd(fd)
    , m_peer(peer)
    , m_peerPort(peerPort)
    , m_listener(listener)
    , m_dispatcher(dispatcher)
    , m_options(options)
    , m_counters(std::move(counters))
    , m_framer(options)
{
    m_counters->openConnections.fetch_add(1, std::memory_order_relaxed);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    m_readNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    EpollEventDispatcher::markAsAdmission(m_readNotifier); // requests wait while running ones make progress
    connect(m_readNotifier, &QSocketNotifier::activated, this, &HttpConnection::onReadable);
    rearm();
}

HttpConnection::~HttpConnection()
{
    m_destroying = true;
    m_timer.stop();
    // Queued dispatches own ResponseSinks whose destructors call back into this connection; they must see
    // m_destroying, so drop them here rather than during member destruction.
    auto queue = std::move(m_queue);
    m_queue.clear();
    queue.clear();
    if (m_fd >= 0) {
        delete m_readNotifier;
        delete m_writeNotifier;
        m_readNotifier = m_writeNotifier = nullptr;
        ::close(m_fd);
        m_fd = -1;
    }
    markClosedForCounters();
    if (m_listener)
        m_listener->forget(this);
}

qint64 HttpConnection::nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void HttpConnection::onReadable()
{
    char buffer[64 * 1024];
    for (int round = 0; round < kReadsPerWakeup && m_fd >= 0 && !m_readPaused; ++round) {
        const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
        if (n > 0) {
            if (!m_closing) {
                m_sawBytes = true;
                feed(QByteArrayView(buffer, n));
            } // else: input after a closing response is discarded
            if (size_t(n) < sizeof buffer)
                return;
            continue;
        }
        if (n == 0) {
            gone(); // the peer closed its side
            return;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            gone();
        return;
    }
}

void HttpConnection::feed(QByteArrayView bytes)
{
    RequestFramer::FeedResult result = m_framer.feed(bytes, nowNs());
    for (const RequestHead& head : std::as_const(result.heads)) {
        // The body is within the limit (else the framer rejected the head): ask for it, unless the request
        // has to wait behind another response anyway.
        if (head.expectContinue && !m_active && m_queue.isEmpty())
            write("HTTP/1.1 100 Continue\r\n\r\n");
    }
    for (RequestFramer::Request& request : result.requests) {
        if (m_closing)
            return;
        m_dispatcher->dispatch(this, std::move(request));
    }
    if (m_closing)
        return;
    if (result.rejection) {
        reject(*result.rejection);
        return;
    }
    updateReadPaused();
    rearm();
}

qsizetype HttpConnection::sendSome(const char* data, qsizetype size)
{
    qsizetype sent = 0;
    while (sent < size) {
        const ssize_t n = ::send(m_fd, data + sent, size_t(size - sent), MSG_NOSIGNAL);
        if (n > 0) {
            sent += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        return -1;
    }
    return sent;
}

bool HttpConnection::write(QByteArrayView bytes)
{
    if (m_fd < 0 || m_writeShut)
        return false;
    if (bytes.isEmpty())
        return true;
    if (bytesToWrite() == 0) {
        const qsizetype sent = sendSome(bytes.data(), bytes.size());
        if (sent < 0) {
            gone();
            return false;
        }
        if (sent == bytes.size()) {
            if (!m_closing)
                rearm();
            return true;
        }
        m_out = bytes.sliced(sent).toByteArray();
        m_outOffset = 0;
    } else {
        m_out.append(bytes);
    }
    if (!m_writeNotifier) {
        m_writeNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
        connect(m_writeNotifier, &QSocketNotifier::activated, this, &HttpConnection::onWritable);
    } else {
        m_writeNotifier->setEnabled(true);
    }
    if (!m_closing)
        rearm(); // the write-stall timeout applies while bytes wait
    return true;
}

bool HttpConnection::flushOut()
{
    const qsizetype sent = sendSome(m_out.constData() + m_outOffset, bytesToWrite());
    if (sent < 0) {
        gone();
        return false;
    }
    m_outOffset += sent;
    if (bytesToWrite() == 0) {
        m_out.clear();
        m_outOffset = 0;
    }
    return true;
}

void HttpConnection::onWritable()
{
    if (m_fd < 0 || !flushOut())
        return;
    if (bytesToWrite() == 0 && m_writeNotifier)
        m_writeNotifier->setEnabled(false);
    if (m_closing)
        continueClosing();
    else
        rearm();
}

void HttpConnection::gone()
{
    if (m_fd < 0)
        return;
    m_timer.stop();
    m_closing = true;
    // Disabled first: the notifiers unregister from the event loop before the descriptor is closed. They are
    // deleted with this object (this may run inside one of their activated() signals).
    m_readNotifier->setEnabled(false);
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(false);
    ::close(m_fd);
    m_fd = -1;
    m_out.clear();
    m_outOffset = 0;
    auto queue = std::move(m_queue); // the queued sinks' destructors call back into this connection
    m_queue.clear();
    queue.clear();
    markClosedForCounters();
    Q_EMIT disconnected();
    deleteLater();
}

void HttpConnection::markClosedForCounters()
{
    if (!m_counted)
        return;
    m_counted = false;
    m_counters->openConnections.fetch_sub(1, std::memory_order_relaxed);
}

void HttpConnection::reject(const RequestFramer::Rejection& rejection)
{
    m_counters->requestsRejected.fetch_add(1, std::memory_order_relaxed);
    qCInfo(lcServer).nospace() << "rejecting request from " << m_peer.toString() << ": " << rejection.status << " "
                               << rejection.message;
    const QByteArray response = HttpWire::rejectionResponse(rejection.status, rejection.message, rejection.code, true);
    if (m_active || !m_queue.isEmpty()) {
        // Responses to the requests before it are still due: answer it in its turn, then close.
        m_queue.enqueue([this, response] {
            write(response);
            responseFinished(true);
        });
        return;
    }
    write(response);
    closeGracefully();
}

void HttpConnection::dispatch(std::function<void()> start)
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

void HttpConnection::runNextQueued()
{
    if (m_closing || m_destroying)
        return;
    if (m_queue.isEmpty()) {
        m_active = false;
        updateReadPaused();
        rearm();
        return;
    }
    std::function<void()> start = m_queue.dequeue();
    m_active = true;
    updateReadPaused();
    rearm();
    start();
}

void HttpConnection::updateReadPaused()
{
    const bool pause = !m_closing && m_queue.size() >= kMaxQueuedRequests;
    if (pause == m_readPaused || m_fd < 0)
        return;
    m_readPaused = pause;
    m_readNotifier->setEnabled(!pause);
}

void HttpConnection::responseFinished(bool close)
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
        QMetaObject::invokeMethod(this, &HttpConnection::runNextQueued, Qt::QueuedConnection);
        return;
    }
    m_active = false;
    if (m_draining && !m_framer.inRequest()) {
        closeGracefully();
        return;
    }
    rearm();
}

void HttpConnection::beginDrain()
{
    m_draining = true;
    if (m_closing || m_active || !m_queue.isEmpty() || m_framer.inRequest())
        return; // closes after the response in progress
    if (m_servedAny || m_sawBytes) {
        closeGracefully(); // idle keep-alive
        return;
    }
    // Accepted but nothing read yet: its request may already be in the kernel buffer. Give it a moment.
    m_phase = Phase::Idle;
    m_timer.start(qMin(m_options.readTimeoutMs, kDrainGraceMs));
}

void HttpConnection::abortConnection()
{
    m_closing = true;
    gone();
}

void HttpConnection::closeGracefully()
{
    if (m_closing)
        return;
    m_closing = true;
    m_phase = Phase::Lingering;
    m_timer.stop();
    auto queue = std::move(m_queue);
    m_queue.clear();
    queue.clear(); // their sinks see isClosing() and write nothing
    if (m_fd < 0)
        return;
    if (m_readPaused) {
        m_readPaused = false;
        m_readNotifier->setEnabled(true); // input is read and discarded until the peer closes
    }
    continueClosing();
}

void HttpConnection::continueClosing()
{
    if (m_fd < 0)
        return;
    if (bytesToWrite() > 0) {
        // Still flushing the last response: the write-stall timeout applies.
        m_timer.start(m_options.writeTimeoutMs);
        return;
    }
    if (!m_writeShut) {
        m_writeShut = true;
        // Half-close: the client sees EOF after the response, while unread input is still drained, so the
        // kernel does not answer it with a RST that could destroy the response.
        ::shutdown(m_fd, SHUT_WR);
        m_timer.start(m_options.lingerMs);
    }
}

void HttpConnection::rearm()
{
    if (m_closing || m_destroying)
        return;
    if (m_active) {
        m_phase = Phase::Responding;
        if (bytesToWrite() > 0)
            m_timer.start(m_options.writeTimeoutMs);
        else if (m_timer.isActive())
            m_timer.stop();
        return;
    }
    if (m_framer.inHead()) {
        m_phase = Phase::ReadingHead;
        const qint64 elapsedMs = (nowNs() - m_framer.currentStartNs()) / 1'000'000;
        m_timer.start(int(qMax<qint64>(0, m_options.readTimeoutMs - elapsedMs)));
        return;
    }
    if (m_framer.inRequest()) {
        m_phase = Phase::ReadingBody;
        m_timer.start(m_options.readTimeoutMs);
        return;
    }
    m_phase = Phase::Idle;
    m_timer.start(m_servedAny ? m_options.idleTimeoutMs : qMin(m_options.idleTimeoutMs, m_options.readTimeoutMs));
}

void HttpConnection::onTimeout()
{
    if (m_fd < 0)
        return;
    switch (m_phase) {
    case Phase::Idle: {
        // A request may have arrived after this round's wait (the worker was busy, or the read was left for
        // the next round): serve it rather than close the connection on it.
        char byte;
        if (::recv(m_fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0) {
            onReadable();
            return;
        }
        qCDebug(lcServer) << "closing idle connection from" << m_peer.toString();
        closeGracefully();
        return;
    }
    case Phase::ReadingHead:
    case Phase::ReadingBody:
        qCInfo(lcServer) << "read timeout: dropping connection from" << m_peer.toString()
                         << (m_phase == Phase::ReadingHead ? "(incomplete header block)" : "(stalled body)");
        abortConnection();
        return;
    case Phase::Responding:
        if (bytesToWrite() > 0) {
            qCInfo(lcServer) << "write timeout: client" << m_peer.toString() << "stopped reading; dropping connection";
            abortConnection();
        }
        return;
    case Phase::Lingering:
        abortConnection();
        return;
    }
}
