#pragma once

#include <curl/curl.h>

#include <QBasicTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>

#include <memory>

class CurlShare;
class Http1Pool;
class QSocketNotifier;
struct CurlTransfer;
class UpstreamCall;

/**
 * The upstream client of one thread: a libcurl multi handle driven by the Qt event loop of the thread it
 * lives in, and the pool of the built-in HTTP/1.1 client (Http1Pool) that UpstreamCall uses for plain
 * `http://` URLs (see UpstreamRequestSpec::client).
 *
 * libcurl tells us which sockets to watch (CURLMOPT_SOCKETFUNCTION), mapped to one QSocketNotifier per
 * socket and direction, and when to wake up (CURLMOPT_TIMERFUNCTION), mapped to one single-shot timer.
 * Both call curl_multi_socket_action(), then the completed transfers are collected with
 * curl_multi_info_read() and handed back to their UpstreamCall.
 *
 * Connection policy: no per-host cap (CURLMOPT_MAX_HOST_CONNECTIONS 0), up to 1024 idle connections kept
 * for reuse (CURLMOPT_MAXCONNECTS), HTTP/2 multiplexing where the server offers it over TLS.
 *
 * Threading: create one per worker thread and use it only from that thread, together with the
 * UpstreamCall objects started on it. It is never shared across threads; the only cross-thread piece is
 * the optional CurlShare (DNS cache).
 *
 * Lifetime: destroy it after its calls. Calls still running when it is destroyed finish with Cancelled
 * from inside the destructor. Do not destroy it from inside a call's signal handler (use deleteLater()),
 * and do not run a nested event loop inside those handlers.
 */
class CurlMulti : public QObject
{
    Q_OBJECT

public:
    explicit CurlMulti(QObject* parent = nullptr);
    ~CurlMulti() override;

    /** curl_global_init(), once per process; called by the constructor. Thread-safe (libcurl >= 7.84). */
    static bool globalInit();

    /** False if libcurl could not create the multi handle; calls started on it fail with ProtocolError. */
    bool isValid() const { return m_multi != nullptr; }

    /** Use a DNS cache shared with other threads for transfers started from now on. */
    void setShare(std::shared_ptr<CurlShare> share);

    /** Connections of the built-in HTTP/1.1 client; null once the destructor runs. */
    Http1Pool* http1Pool() const { return m_http1Pool; }

    /** Transfers started and not yet finished or released. */
    int activeTransfers() const { return static_cast<int>(m_transfers.size()); }
    /** Sockets libcurl currently asks us to watch (diagnostics). */
    int watchedSockets() const { return static_cast<int>(m_sockets.size()); }
    /** Reset easy handles kept for the next transfers (diagnostics). */
    int idleHandles() const { return static_cast<int>(m_idleHandles.size()); }

protected:
    void timerEvent(QTimerEvent* event) override;

private:
    friend class UpstreamCall;

    /** Read and write notifier of one socket; a direction curl does not want is disabled. */
    struct SocketWatch
    {
        QSocketNotifier* read = nullptr;
        QSocketNotifier* write = nullptr;
    };

    // Interface for UpstreamCall.
    /** A new transfer with a fresh easy handle owned by this multi, or null. */
    CurlTransfer* createTransfer(UpstreamCall* owner);
    /** Adds the transfer (deferred when called from inside a libcurl callback). False if it failed at once;
     *  a deferred add that fails later completes the transfer with CURLE_FAILED_INIT. */
    bool startTransfer(CurlTransfer* transfer);
    /** The owner lets go: the transfer is removed (closing its connection if incomplete) and freed, now or
     *  as soon as libcurl returns. No owner callbacks happen after this. */
    void releaseTransfer(CurlTransfer* transfer);

    static int socketCallback(CURL* easy, curl_socket_t socket, int what, void* userp, void* socketp);
    static int timerCallback(CURLM* multi, long timeoutMs, void* userp);

    void watchSocket(curl_socket_t socket, int what);
    void setNotifier(QSocketNotifier*& notifier, curl_socket_t socket, bool read, bool enabled);
    static void retireNotifier(QSocketNotifier* notifier);
    void socketAction(curl_socket_t socket, int eventMask);
    void afterCurl();
    void processCompletions();
    bool addNow(CurlTransfer* transfer);
    void removeAndDestroy(CurlTransfer* transfer);
    void completeTransfer(CurlTransfer* transfer, CURLcode code);
    /** Frees a transfer that has left the multi handle; its easy handle is reset and kept for the next one. */
    void destroy(CurlTransfer* transfer);
    void dropIdleHandles();

    Http1Pool* m_http1Pool;
    CURLM* m_multi = nullptr;
    std::shared_ptr<CurlShare> m_share;
    QHash<curl_socket_t, SocketWatch> m_sockets;
    QBasicTimer m_timer;
    /** Every transfer this multi owns, added or not. */
    QSet<CurlTransfer*> m_transfers;
    /** Started from inside a libcurl callback; added once libcurl has returned. */
    QList<CurlTransfer*> m_pendingAdds;
    /** Released from inside a libcurl callback; removed once libcurl has returned. */
    QList<CurlTransfer*> m_pendingRemovals;
    /**
     * Easy handles of finished transfers, reset (curl_easy_reset) for the next: creating and cleaning up a
     * handle per request cost more than resetting one (libcurl allocates and zeroes its state and buffers).
     */
    QList<CURL*> m_idleHandles;
    /** > 0 while curl_multi_socket_action() runs (user code may then run inside write callbacks). */
    int m_curlDepth = 0;
    bool m_destroying = false;
    bool m_warnedNested = false;
};
