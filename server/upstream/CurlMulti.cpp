#include "CurlMulti.h"

#include "CurlShare.h"
#include "CurlTransfer.h"
#include "Http1Pool.h"
#include "UpstreamCall.h"
#include "util/LogCategories.h"

#include <QSocketNotifier>
#include <QTimerEvent>

#include <mutex>
#include <utility>

namespace {
/** Easy handles kept for reuse: about the transfers a worker has under way at once under load. */
constexpr qsizetype kMaxIdleHandles = 256;
} // namespace

bool CurlMulti::globalInit()
{
    static std::once_flag once;
    static bool ok = false;
    std::call_once(once, [] {
        const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
        ok = rc == CURLE_OK;
        if (!ok) {
            qCCritical(lcUpstream) << "curl_global_init failed:" << curl_easy_strerror(rc);
        }
    });
    return ok;
}

CurlMulti::CurlMulti(QObject* parent)
    : QObject(parent)
    , m_http1Pool(new Http1Pool(this))
{
    if (!globalInit()) {
        return;
    }
    m_multi = curl_multi_init();
    if (!m_multi) {
        qCCritical(lcUpstream) << "curl_multi_init failed";
        return;
    }
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETFUNCTION, &CurlMulti::socketCallback);
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERFUNCTION, &CurlMulti::timerCallback);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERDATA, this);
    // No per-host or total connection cap (0 = unlimited); keep plenty of idle connections for reuse.
    curl_multi_setopt(m_multi, CURLMOPT_MAX_HOST_CONNECTIONS, 0L);
    curl_multi_setopt(m_multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, 0L);
    curl_multi_setopt(m_multi, CURLMOPT_MAXCONNECTS, 1024L);
    curl_multi_setopt(m_multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
}

CurlMulti::~CurlMulti()
{
    m_destroying = true;
    m_timer.stop();
    // Built-in HTTP/1.1 exchanges finish with Cancelled first, as the libcurl ones below.
    delete std::exchange(m_http1Pool, nullptr);

    // Calls still running finish with Cancelled; their handlers may release other transfers meanwhile.
    while (!m_transfers.isEmpty()) {
        CurlTransfer* transfer = *m_transfers.cbegin();
        m_pendingAdds.removeOne(transfer);
        m_pendingRemovals.removeOne(transfer);
        m_transfers.remove(transfer);
        if (transfer->added) {
            curl_multi_remove_handle(m_multi, transfer->easy);
            transfer->added = false;
        }
        std::unique_ptr<CurlTransfer> holder(transfer);
        if (UpstreamCall* owner = std::exchange(transfer->owner, nullptr)) {
            owner->onTransferDone(transfer, CURLE_ABORTED_BY_CALLBACK, true);
        }
    }

    dropIdleHandles();
    if (m_multi) {
        // No more socket or timer callbacks into a half-destroyed object.
        curl_multi_setopt(m_multi, CURLMOPT_SOCKETFUNCTION, nullptr);
        curl_multi_setopt(m_multi, CURLMOPT_TIMERFUNCTION, nullptr);
        for (const SocketWatch& watch : std::as_const(m_sockets)) {
            retireNotifier(watch.read);
            retireNotifier(watch.write);
        }
        m_sockets.clear();
        curl_multi_cleanup(m_multi);
        m_multi = nullptr;
    }
}

void CurlMulti::setShare(std::shared_ptr<CurlShare> share)
{
    // An idle handle may still be attached to the old share, which must outlive it.
    dropIdleHandles();
    m_share = std::move(share);
}

void CurlMulti::dropIdleHandles()
{
    for (CURL* easy : std::as_const(m_idleHandles))
        curl_easy_cleanup(easy);
    m_idleHandles.clear();
}

void CurlMulti::destroy(CurlTransfer* transfer)
{
    if (transfer->easy && !transfer->added && !m_destroying && m_idleHandles.size() < kMaxIdleHandles) {
        // Every option goes back to its default (the next transfer sets its own); the handle stays attached
        // to m_share, which this multi keeps alive.
        curl_easy_reset(transfer->easy);
        m_idleHandles.append(std::exchange(transfer->easy, nullptr));
    }
    delete transfer;
}

CurlTransfer* CurlMulti::createTransfer(UpstreamCall* owner)
{
    if (!m_multi || m_destroying) {
        return nullptr;
    }
    auto transfer = std::make_unique<CurlTransfer>();
    transfer->easy = m_idleHandles.isEmpty() ? curl_easy_init() : m_idleHandles.takeLast();
    if (!transfer->easy) {
        return nullptr;
    }
    transfer->owner = owner;
    if (m_share && m_share->isValid()) {
        transfer->share = m_share;
        curl_easy_setopt(transfer->easy, CURLOPT_SHARE, m_share->handle());
    } else {
        curl_easy_setopt(transfer->easy, CURLOPT_SHARE, nullptr);
    }
    curl_easy_setopt(transfer->easy, CURLOPT_PRIVATE, transfer.get());
    m_transfers.insert(transfer.get());
    return transfer.release();
}

bool CurlMulti::startTransfer(CurlTransfer* transfer)
{
    if (m_curlDepth > 0) {
        m_pendingAdds.append(transfer);
        return true;
    }
    return addNow(transfer);
}

bool CurlMulti::addNow(CurlTransfer* transfer)
{
    const CURLMcode rc = curl_multi_add_handle(m_multi, transfer->easy);
    if (rc != CURLM_OK) {
        qCWarning(lcUpstream) << "curl_multi_add_handle failed:" << curl_multi_strerror(rc);
        return false;
    }
    transfer->added = true;
    return true;
}

void CurlMulti::releaseTransfer(CurlTransfer* transfer)
{
    if (!transfer || !m_transfers.contains(transfer)) {
        return;
    }
    transfer->owner = nullptr;
    if (!transfer->added) {
        // Never handed to libcurl (or already removed): nothing of libcurl's can still point into it.
        m_pendingAdds.removeOne(transfer);
        m_transfers.remove(transfer);
        destroy(transfer);
        return;
    }
    if (m_curlDepth > 0) {
        // curl_multi_remove_handle() is not allowed from inside a callback; the transfer's own callbacks
        // now see a null owner and fail the transfer, so libcurl stops touching our data.
        if (!m_pendingRemovals.contains(transfer)) {
            m_pendingRemovals.append(transfer);
        }
        return;
    }
    removeAndDestroy(transfer);
}

void CurlMulti::removeAndDestroy(CurlTransfer* transfer)
{
    if (transfer->added) {
        // An incomplete HTTP/1.1 transfer closes its connection here; an HTTP/2 stream is reset.
        curl_multi_remove_handle(m_multi, transfer->easy);
        transfer->added = false;
    }
    m_transfers.remove(transfer);
    destroy(transfer);
}

void CurlMulti::completeTransfer(CurlTransfer* transfer, CURLcode code)
{
    if (transfer->added) {
        curl_multi_remove_handle(m_multi, transfer->easy);
        transfer->added = false;
    }
    m_pendingRemovals.removeOne(transfer);
    m_transfers.remove(transfer);
    if (UpstreamCall* owner = std::exchange(transfer->owner, nullptr)) {
        // The owner reads its timings from the easy handle, then emits finished (and may be deleted).
        owner->onTransferDone(transfer, code, false);
    }
    destroy(transfer);
}

int CurlMulti::socketCallback(CURL*, curl_socket_t socket, int what, void* userp, void*)
{
    static_cast<CurlMulti*>(userp)->watchSocket(socket, what);
    return 0;
}

int CurlMulti::timerCallback(CURLM*, long timeoutMs, void* userp)
{
    auto* self = static_cast<CurlMulti*>(userp);
    if (timeoutMs < 0) {
        self->m_timer.stop();
    } else {
        // Never call back into libcurl from here: even a 0 ms timeout goes through the event loop.
        self->m_timer.start(static_cast<int>(qMin<long>(timeoutMs, 24L * 3600 * 1000)), Qt::PreciseTimer, self);
    }
    return 0;
}

void CurlMulti::watchSocket(curl_socket_t socket, int what)
{
    if (what == CURL_POLL_REMOVE) {
        // libcurl is about to close the socket. Disable the notifiers now (the descriptor may be reused
        // at once) and delete them later: we may be inside one of their activated() signals.
        const auto it = m_sockets.find(socket);
        if (it != m_sockets.end()) {
            retireNotifier(it->read);
            retireNotifier(it->write);
            m_sockets.erase(it);
        }
        return;
    }
    SocketWatch& watch = m_sockets[socket];
    const bool wantRead = what == CURL_POLL_IN || what == CURL_POLL_INOUT;
    const bool wantWrite = what == CURL_POLL_OUT || what == CURL_POLL_INOUT;
    setNotifier(watch.read, socket, true, wantRead);
    setNotifier(watch.write, socket, false, wantWrite);
}

void CurlMulti::setNotifier(QSocketNotifier*& notifier, curl_socket_t socket, bool read, bool enabled)
{
    if (!enabled) {
        if (notifier) {
            notifier->setEnabled(false);
        }
        return;
    }
    if (notifier) {
        notifier->setEnabled(true);
        return;
    }
    notifier = new QSocketNotifier(socket, read ? QSocketNotifier::Read : QSocketNotifier::Write, this);
    const int mask = read ? CURL_CSELECT_IN : CURL_CSELECT_OUT;
    connect(notifier, &QSocketNotifier::activated, this, [this, socket, mask] { socketAction(socket, mask); });
}

void CurlMulti::retireNotifier(QSocketNotifier* notifier)
{
    if (notifier) {
        notifier->setEnabled(false);
        notifier->disconnect();
        notifier->deleteLater();
    }
}

void CurlMulti::timerEvent(QTimerEvent* event)
{
    if (event->timerId() != m_timer.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    m_timer.stop();
    socketAction(CURL_SOCKET_TIMEOUT, 0);
}

void CurlMulti::socketAction(curl_socket_t socket, int eventMask)
{
    if (!m_multi) {
        return;
    }
    if (m_curlDepth > 0) {
        // Only possible when a signal handler runs a nested event loop; libcurl forbids the recursion.
        if (!m_warnedNested) {
            m_warnedNested = true;
            qCWarning(lcUpstream) << "nested event loop inside an UpstreamCall signal handler; "
                                     "upstream I/O waits until the handler returns";
        }
        return;
    }
    int running = 0;
    ++m_curlDepth;
    const CURLMcode rc = curl_multi_socket_action(m_multi, socket, eventMask, &running);
    --m_curlDepth;
    if (rc != CURLM_OK) {
        qCWarning(lcUpstream) << "curl_multi_socket_action:" << curl_multi_strerror(rc);
    }
    afterCurl();
}

void CurlMulti::afterCurl()
{
    // Transfers released from inside callbacks: their callbacks already failed them, remove them now.
    while (!m_pendingRemovals.isEmpty()) {
        removeAndDestroy(m_pendingRemovals.takeFirst());
    }
    // Transfers started from inside callbacks. A failed add completes the transfer, which runs user code
    // that may start or release others, hence one at a time from the member list.
    while (!m_pendingAdds.isEmpty()) {
        CurlTransfer* transfer = m_pendingAdds.takeFirst();
        if (!addNow(transfer)) {
            completeTransfer(transfer, CURLE_FAILED_INIT);
        }
    }
    processCompletions();
}

void CurlMulti::processCompletions()
{
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(m_multi, &queued)) {
        if (message->msg != CURLMSG_DONE) {
            continue;
        }
        // The message is invalid once its handle is removed: copy what we need first.
        CURL* easy = message->easy_handle;
        const CURLcode code = message->data.result;
        CurlTransfer* transfer = nullptr;
        curl_easy_getinfo(easy, CURLINFO_PRIVATE, &transfer);
        if (!transfer || !m_transfers.contains(transfer)) {
            curl_multi_remove_handle(m_multi, easy);
            continue;
        }
        completeTransfer(transfer, code);
    }
}
