#include "UpstreamCall.h"

#include "CurlMulti.h"
#include "CurlTransfer.h"
#include "Http1Pool.h"
#include "util/ByteSink.h"
#include "util/LogCategories.h"

#include <QThread>
#include <QTimerEvent>

#include <array>
#include <utility>

namespace {

using Outcome = UpstreamResult::Outcome;
using TimeoutKind = UpstreamResult::TimeoutKind;

bool isToken(const QByteArray& text)
{
    if (text.isEmpty()) {
        return false;
    }
    for (const char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok) {
            return false;
        }
    }
    return true;
}

bool hasLineBreak(const QByteArray& text)
{
    return text.contains('\r') || text.contains('\n') || text.contains('\0');
}

/** What start() reads from a URL (and passes on to configure()). */
struct UrlFacts
{
    QUrl url;
    QByteArray encoded;
    bool usable = false; ///< a valid http or https URL with a host
    bool https = false;
    /** For the built-in client (plain http without user info): */
    bool builtIn = false;
    QString host; ///< for connecting (ASCII-compatible encoding, IPv6 without brackets)
    quint16 port = 0;
    QByteArray key; ///< host:port, the pool's key
    QByteArray hostHeader; ///< Host field value as libcurl sends it (no default port)
    QByteArray target; ///< request target: encoded path and query
};

/**
 * The facts of url, from a small per-thread cache. QUrl's getters and toEncoded() build new strings on every call
 * (about 5,000 instructions per request in the profile), a hit costs one QUrl comparison, and a gateway calls a
 * handful of upstream URLs.
 */
UrlFacts urlFacts(const QUrl& url)
{
    thread_local std::array<UrlFacts, 8> cache;
    thread_local size_t next = 0;
    for (const UrlFacts& facts : cache) {
        if (!facts.url.isEmpty() && facts.url == url)
            return facts;
    }
    UrlFacts facts;
    facts.url = url;
    const QString scheme = url.scheme();
    facts.https = scheme == QLatin1String("https");
    facts.usable = url.isValid() && !url.host().isEmpty() && (facts.https || scheme == QLatin1String("http"));
    facts.encoded = url.toEncoded();
    facts.builtIn = facts.usable && !facts.https && url.userInfo().isEmpty();
    if (facts.builtIn) {
        facts.host = url.host(QUrl::FullyEncoded);
        facts.port = static_cast<quint16>(url.port(80));
        const QByteArray host = facts.host.toLatin1();
        const QByteArray bracketed = host.contains(':') ? '[' + host + ']' : host;
        facts.key = bracketed + ':' + QByteArray::number(facts.port);
        facts.hostHeader = facts.port == 80 ? bracketed : facts.key;
        facts.target = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
        if (!facts.target.startsWith('/'))
            facts.target.prepend('/');
    }
    cache[next] = facts;
    next = (next + 1) % cache.size();
    return facts;
}

bool equalsLower(const QByteArray& name, QByteArrayView lower)
{
    return name.size() == lower.size() && name.compare(lower, Qt::CaseInsensitive) == 0;
}

/** Content-Length, Transfer-Encoding and Connection: both clients write the framing themselves. */
bool isFramingField(const QByteArray& name)
{
    return equalsLower(name, "content-length") || equalsLower(name, "transfer-encoding")
        || equalsLower(name, "connection");
}

/** An error text for the first header field that is not a token or whose value would break the line; else empty. */
QString headerError(const UpstreamHeaders& headers)
{
    for (const auto& [name, value] : headers) {
        if (!isToken(name) || hasLineBreak(value))
            return QStringLiteral("invalid request header: %1").arg(QString::fromLatin1(name));
    }
    return {};
}

/**
 * The request bytes for the built-in client, as libcurl would send them for the same spec: request line,
 * Host (unless given), the spec's headers in order (framing fields dropped), a catch-all Accept (unless given),
 * Content-Length when a body goes out (always but for GET without body and HEAD), then the body.
 * Returns an error text for a spec libcurl would refuse too.
 */
QString http1Request(const UpstreamRequestSpec& spec, const UrlFacts& url, QByteArray* out, bool* head)
{
    const QByteArray method = spec.method.isEmpty() ? QByteArrayLiteral("GET") : spec.method;
    if (!isToken(method))
        return QStringLiteral("invalid HTTP method");
    *head = method == "HEAD";
    const bool withBody = !*head && !(method == "GET" && spec.body.isEmpty());

    if (const QString error = headerError(spec.headers); !error.isEmpty())
        return error;
    qsizetype size = method.size() + url.target.size() + url.hostHeader.size() + 64;
    bool haveHost = false;
    bool haveAccept = false;
    for (const auto& [name, value] : spec.headers) {
        haveHost = haveHost || equalsLower(name, "host");
        haveAccept = haveAccept || equalsLower(name, "accept");
        size += name.size() + value.size() + 4;
    }
    if (withBody)
        size += spec.body.size() + 40;

    QByteArray bytes;
    bytes.reserve(size);
    {
        ByteSink sink(bytes);
        sink.append(method);
        sink.append(' ');
        sink.append(url.target);
        sink.append(" HTTP/1.1\r\n");
        if (!haveHost) {
            sink.append("Host: ");
            sink.append(url.hostHeader);
            sink.append("\r\n");
        }
        for (const auto& [name, value] : spec.headers) {
            if (isFramingField(name))
                continue;
            sink.append(name);
            sink.append(value.isEmpty() ? QByteArrayView(":") : QByteArrayView(": "));
            sink.append(value);
            sink.append("\r\n");
        }
        if (!haveAccept)
            sink.append("Accept: */*\r\n");
        if (withBody) {
            sink.append("Content-Length: ");
            sink.appendNumber(spec.body.size());
            sink.append("\r\n\r\n");
            sink.append(spec.body);
        } else {
            sink.append("\r\n");
        }
    }
    *out = std::move(bytes);
    return {};
}

double microsToMs(curl_off_t us)
{
    return static_cast<double>(us) / 1000.0;
}

/** Maps a libcurl failure to an outcome; CURLE_OPERATION_TIMEDOUT is decided by the caller. */
Outcome outcomeFor(CURLcode code, bool headersDone)
{
    switch (code) {
    case CURLE_OK:
        return Outcome::Completed;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
        return Outcome::ConnectFailed;
    case CURLE_OPERATION_TIMEDOUT:
        return Outcome::Timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
        return Outcome::TlsError;
    case CURLE_GOT_NOTHING: // closed before any response byte
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR: // ECONNRESET and friends
    case CURLE_PARTIAL_FILE: // body shorter than announced, chunked stream cut
    case CURLE_HTTP2_STREAM: // RST_STREAM from the server
        return Outcome::ConnectionReset;
    case CURLE_HTTP2:
        // A broken HTTP/2 session after the headers is a cut stream; before, the server is not speaking h2.
        return headersDone ? Outcome::ConnectionReset : Outcome::ProtocolError;
    default:
        return Outcome::ProtocolError;
    }
}

int httpVersionNumber(long curlVersion)
{
    switch (curlVersion) {
    case CURL_HTTP_VERSION_1_0:
        return 10;
    case CURL_HTTP_VERSION_1_1:
        return 11;
    case CURL_HTTP_VERSION_2_0:
        return 20;
    case CURL_HTTP_VERSION_3:
        return 30;
    default:
        return 0;
    }
}

} // namespace

UpstreamCall::UpstreamCall(CurlMulti* multi, QObject* parent)
    : QObject(parent)
    , m_multi(multi)
{ }

UpstreamCall::~UpstreamCall()
{
    if (m_http1)
        std::exchange(m_http1, nullptr)->abandon();
    if (m_transfer && m_multi) {
        m_multi->releaseTransfer(m_transfer);
    }
    m_transfer = nullptr;
}

void UpstreamCall::start(const UpstreamRequestSpec& spec)
{
    if (m_state != State::Idle) {
        qCWarning(lcUpstream) << "UpstreamCall::start called twice; ignored";
        return;
    }
    m_state = State::Running;
    m_clock.start();
    m_timeouts = spec.timeouts;
    m_bufferBody = spec.bufferBody;
    m_maxResponseBytes = spec.maxResponseBytes;

    if (!m_multi || !m_multi->isValid()) {
        finishLater(Outcome::ProtocolError, QStringLiteral("no usable CurlMulti"));
        return;
    }
    if (m_multi->thread() != QThread::currentThread() || thread() != QThread::currentThread()) {
        qCCritical(lcUpstream) << "UpstreamCall started outside the thread of its CurlMulti";
        finishLater(Outcome::ProtocolError, QStringLiteral("UpstreamCall used from the wrong thread"));
        return;
    }
    const UrlFacts url = urlFacts(spec.url);
    if (!url.usable) {
        finishLater(Outcome::ProtocolError, QStringLiteral("invalid upstream URL: %1").arg(spec.url.toString()));
        return;
    }

    if (url.builtIn && spec.client == UpstreamRequestSpec::Client::Automatic && m_multi->http1Pool()) {
        const QString error = http1Request(spec, url, &m_http1Request, &m_http1Head);
        if (!error.isEmpty()) {
            finishLater(Outcome::ProtocolError, error);
            return;
        }
        m_http1Key = url.key;
        m_http1Host = url.host;
        m_http1Port = url.port;
        beginHttp1(false);
        if (m_timeouts.firstByteMs > 0)
            m_firstByteTimer.start(m_timeouts.firstByteMs, Qt::PreciseTimer, this);
        if (m_timeouts.totalMs > 0)
            m_totalTimer.start(m_timeouts.totalMs, Qt::PreciseTimer, this);
        return;
    }

    CurlTransfer* transfer = m_multi->createTransfer(this);
    if (!transfer) {
        finishLater(Outcome::ProtocolError, QStringLiteral("cannot create a libcurl easy handle"));
        return;
    }
    const QString error = configure(transfer, spec, url.encoded, url.https);
    if (!error.isEmpty()) {
        m_multi->releaseTransfer(transfer);
        finishLater(Outcome::ProtocolError, error);
        return;
    }
    if (!m_multi->startTransfer(transfer)) {
        m_multi->releaseTransfer(transfer);
        finishLater(Outcome::ProtocolError, QStringLiteral("cannot add the transfer to the multi handle"));
        return;
    }
    m_transfer = transfer;
    if (m_timeouts.firstByteMs > 0) {
        m_firstByteTimer.start(m_timeouts.firstByteMs, Qt::PreciseTimer, this);
    }
}

void UpstreamCall::beginHttp1(bool fresh)
{
    Http1Pool* pool = m_multi ? m_multi->http1Pool() : nullptr;
    m_http1 = pool ? pool->acquire(m_http1Key, m_http1Host, m_http1Port, fresh) : nullptr;
    if (!m_http1) {
        finishLater(Outcome::Cancelled, QStringLiteral("upstream client shut down"));
        return;
    }
    m_http1->begin(this, m_http1Request, m_http1Head, m_timeouts.connectMs);
}

void UpstreamCall::onHttp1Done(const Http1Connection::Report& report)
{
    m_http1 = nullptr;
    if (m_state != State::Running)
        return;
    if (report.retryable && !m_http1Resent && m_multi && m_multi->http1Pool()) {
        // The peer closed a kept-alive connection before reading our request: send it once more, new connection.
        m_http1Resent = true;
        qCDebug(lcUpstream).noquote() << "kept-alive connection to" << m_http1Key
                                      << "was gone, resending:" << report.error;
        beginHttp1(true);
        return;
    }
    UpstreamResult result;
    result.outcome = report.outcome;
    result.timeout = report.timeout;
    result.errorText = report.error;
    result.httpVersion = report.httpVersion;
    result.connectionReused = m_headersDone && report.reused;
    if (result.connectionReused) {
        result.dnsMs = result.connectMs = result.tlsMs = 0.0;
    } else if (report.connectMs >= 0) {
        result.dnsMs = report.dnsMs;
        result.connectMs = report.connectMs;
        result.tlsMs = 0.0;
    }
    result.ttfbMs = report.ttfbMs;
    emitFinished(std::move(result), nullptr);
}

QString UpstreamCall::configure(CurlTransfer* transfer, const UpstreamRequestSpec& spec, const QByteArray& encodedUrl,
                                bool https)
{
    CURL* easy = transfer->easy;
    curl_easy_setopt(easy, CURLOPT_URL, encodedUrl.constData());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPIDLE, 60L);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPINTVL, 30L);
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy, CURLOPT_PROXY, ""); // ignore http_proxy & co. from the environment
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->errorBuffer);
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION,
                     static_cast<long>(spec.allowHttp2 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1));
    if (https) {
        // Wait for a connection that can multiplex rather than opening one per request.
        curl_easy_setopt(easy, CURLOPT_PIPEWAIT, spec.allowHttp2 ? 1L : 0L);
    }
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!spec.caBundlePath.isEmpty()) {
        curl_easy_setopt(easy, CURLOPT_CAINFO, spec.caBundlePath.toLocal8Bit().constData());
    }
    if (spec.timeouts.connectMs > 0) {
        curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(spec.timeouts.connectMs));
    }
    if (spec.timeouts.totalMs > 0) {
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(spec.timeouts.totalMs));
    }
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &UpstreamCall::headerCallback);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, transfer);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &UpstreamCall::writeCallback);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer);

    // Method and body. The body lives in the transfer, which outlives this call if need be.
    const QByteArray method = spec.method.isEmpty() ? QByteArrayLiteral("GET") : spec.method;
    if (!isToken(method)) {
        return QStringLiteral("invalid HTTP method");
    }
    if (method == "GET" && spec.body.isEmpty()) {
        curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    } else if (method == "HEAD") {
        curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    } else {
        transfer->requestBody = spec.body;
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(transfer->requestBody.size()));
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, transfer->requestBody.constData());
        if (method != "POST") {
            curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.constData());
        }
    }

    if (const QString error = headerError(spec.headers); !error.isEmpty())
        return error;
    bool haveContentType = false;
    bool haveExpect = false;
    for (const auto& [name, value] : spec.headers) {
        if (isFramingField(name))
            continue;
        haveContentType = haveContentType || equalsLower(name, "content-type");
        haveExpect = haveExpect || equalsLower(name, "expect");
        // "Name;" is libcurl's spelling of a header with an empty value ("Name:" would remove it).
        const QByteArray line = value.isEmpty() ? QByteArray(name + ';') : QByteArray(name + ": " + value);
        curl_slist* appended = curl_slist_append(transfer->headerList, line.constData());
        if (!appended) {
            return QStringLiteral("out of memory building the request headers");
        }
        transfer->headerList = appended;
    }
    const QList<QByteArray> removals = {haveContentType ? QByteArray() : QByteArrayLiteral("Content-Type:"),
                                        haveExpect ? QByteArray() : QByteArrayLiteral("Expect:")};
    for (const QByteArray& line : removals) {
        if (line.isEmpty()) {
            continue;
        }
        curl_slist* appended = curl_slist_append(transfer->headerList, line.constData());
        if (!appended) {
            return QStringLiteral("out of memory building the request headers");
        }
        transfer->headerList = appended;
    }
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer->headerList);
    return {};
}

void UpstreamCall::abort()
{
    if (m_state != State::Running) {
        return;
    }
    finishNow(Outcome::Cancelled, TimeoutKind::None, QStringLiteral("aborted by the caller"));
}

size_t UpstreamCall::headerCallback(char* data, size_t size, size_t count, void* userp)
{
    auto* transfer = static_cast<CurlTransfer*>(userp);
    const size_t length = size * count;
    if (!transfer->owner) {
        return 0; // released: fail the transfer so that libcurl stops
    }
    return transfer->owner->onHeaderLine(data, length) ? length : 0;
}

size_t UpstreamCall::writeCallback(char* data, size_t size, size_t count, void* userp)
{
    auto* transfer = static_cast<CurlTransfer*>(userp);
    const size_t length = size * count;
    if (!transfer->owner) {
        return 0;
    }
    return transfer->owner->onBody(data, length) ? length : 0;
}

bool UpstreamCall::onHeaderLine(const char* data, size_t length)
{
    if (m_headersDone) {
        return true; // trailers: ignored
    }
    QByteArrayView line(data, static_cast<qsizetype>(length));
    while (!line.isEmpty() && (line.back() == '\n' || line.back() == '\r')) {
        line.chop(1);
    }
    if (line.isEmpty()) {
        return onHeaderBlockEnd();
    }
    if (line.startsWith("HTTP/")) {
        // A new response starts (after a 1xx, or the only one): "HTTP/1.1 200 OK", "HTTP/2 200".
        m_pendingHeaders.clear();
        const qsizetype space = line.indexOf(' ');
        m_pendingStatus
            = space > 0 ? line.sliced(space + 1).first(qMin<qsizetype>(3, line.size() - space - 1)).toInt() : 0;
        return true;
    }
    if ((line.front() == ' ' || line.front() == '\t') && !m_pendingHeaders.isEmpty()) {
        // Obsolete line folding: continue the previous value.
        m_pendingHeaders.back().second += ' ' + line.trimmed().toByteArray();
        return true;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0) {
        return true; // not a header field; libcurl validates the framing itself
    }
    m_pendingHeaders.append(
        {line.first(colon).trimmed().toByteArray(), line.sliced(colon + 1).trimmed().toByteArray()});
    return true;
}

bool UpstreamCall::onHeaderBlockEnd()
{
    if (m_pendingStatus < 200) {
        m_pendingHeaders.clear(); // interim 1xx response: the real one follows
        return true;
    }
    m_headersDone = true;
    m_status = m_pendingStatus;
    m_firstByteTimer.stop();
    m_lastActivityMs = m_clock.elapsed();
    if (m_timeouts.idleMs > 0) {
        m_idleTimer.start(m_timeouts.idleMs, Qt::PreciseTimer, this);
    }
    if (m_maxResponseBytes > 0) {
        for (const auto& [name, value] : std::as_const(m_pendingHeaders)) {
            if (name.compare("content-length", Qt::CaseInsensitive) == 0 && value.toLongLong() > m_maxResponseBytes) {
                finishNow(Outcome::ProtocolError, TimeoutKind::None,
                          QStringLiteral("response body of %1 bytes exceeds the cap of %2 bytes")
                              .arg(QString::fromLatin1(value))
                              .arg(m_maxResponseBytes));
                return false;
            }
        }
    }
    const UpstreamHeaders headers = std::exchange(m_pendingHeaders, {});
    QPointer<UpstreamCall> alive(this);
    emit headersReceived(m_status, headers);
    return alive && m_state == State::Running;
}

bool UpstreamCall::onBody(const char* data, size_t length)
{
    if (m_state != State::Running) {
        return false;
    }
    const auto size = static_cast<qint64>(length);
    if (m_maxResponseBytes > 0 && m_bodyBytes + size > m_maxResponseBytes) {
        finishNow(Outcome::ProtocolError, TimeoutKind::None,
                  QStringLiteral("response body exceeds the cap of %1 bytes").arg(m_maxResponseBytes));
        return false;
    }
    m_bodyBytes += size;
    m_lastActivityMs = m_clock.elapsed();
    if (m_bufferBody) {
        m_body.append(data, size);
    }
    QPointer<UpstreamCall> alive(this);
    emit dataReceived(QByteArray(data, size));
    return alive && m_state == State::Running;
}

void UpstreamCall::timerEvent(QTimerEvent* event)
{
    if (event->timerId() == m_firstByteTimer.timerId()) {
        m_firstByteTimer.stop();
        if (m_state == State::Running && !m_headersDone) {
            finishNow(Outcome::Timeout, TimeoutKind::FirstByte,
                      QStringLiteral("no response headers within %1 ms").arg(m_timeouts.firstByteMs));
        }
        return;
    }
    if (event->timerId() == m_idleTimer.timerId()) {
        // The timer is not restarted per chunk: check the real gap and re-arm for the remainder.
        const qint64 gap = m_clock.elapsed() - m_lastActivityMs;
        if (gap < m_timeouts.idleMs) {
            m_idleTimer.start(static_cast<int>(m_timeouts.idleMs - gap), Qt::PreciseTimer, this);
            return;
        }
        m_idleTimer.stop();
        if (m_state == State::Running) {
            finishNow(Outcome::Timeout, TimeoutKind::Idle,
                      QStringLiteral("no response data for %1 ms").arg(m_timeouts.idleMs));
        }
        return;
    }
    if (event->timerId() == m_totalTimer.timerId()) {
        m_totalTimer.stop();
        if (m_state == State::Running) {
            finishNow(Outcome::Timeout, TimeoutKind::Total,
                      QStringLiteral("the exchange took longer than %1 ms").arg(m_timeouts.totalMs));
        }
        return;
    }
    QObject::timerEvent(event);
}

void UpstreamCall::finishNow(Outcome outcome, TimeoutKind timeout, const QString& error)
{
    UpstreamResult result;
    result.outcome = outcome;
    result.timeout = timeout;
    result.errorText = error;
    CurlTransfer* transfer = std::exchange(m_transfer, nullptr);
    emitFinished(std::move(result), transfer);
}

void UpstreamCall::finishLater(Outcome outcome, const QString& error)
{
    QMetaObject::invokeMethod(
        this,
        [this, outcome, error] {
            if (m_state == State::Running && !m_transfer && !m_http1) {
                finishNow(outcome, TimeoutKind::None, error);
            }
        },
        Qt::QueuedConnection);
}

void UpstreamCall::onTransferDone(CurlTransfer* transfer, int curlCode, bool multiDestroyed)
{
    // CurlMulti has already detached the transfer and frees it after we return.
    m_transfer = nullptr;
    if (m_state != State::Running) {
        return;
    }
    const auto code = static_cast<CURLcode>(curlCode);
    UpstreamResult result;
    result.curlCode = curlCode;
    if (multiDestroyed) {
        result.outcome = Outcome::Cancelled;
        result.errorText = QStringLiteral("upstream client shut down");
        result.curlCode = 0;
    } else {
        result.outcome = outcomeFor(code, m_headersDone);
        if (code != CURLE_OK) {
            result.errorText
                = QString::fromUtf8(transfer->errorBuffer[0] ? transfer->errorBuffer : curl_easy_strerror(code));
        }
        if (code == CURLE_OPERATION_TIMEDOUT) {
            // libcurl reports both its timeouts with the same code: the connect timeout can only have
            // fired before the request went out, and only if it was the shorter limit.
            curl_off_t pretransfer = 0;
            curl_easy_getinfo(transfer->easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
            const bool connected = pretransfer > 0 || m_headersDone;
            const bool connectFirst
                = m_timeouts.connectMs > 0 && (m_timeouts.totalMs <= 0 || m_timeouts.connectMs < m_timeouts.totalMs);
            result.timeout = !connected && connectFirst ? TimeoutKind::Connect : TimeoutKind::Total;
        } else if (code == CURLE_OK && !m_headersDone) {
            result.outcome = Outcome::ProtocolError;
            result.errorText = QStringLiteral("the response ended without a complete header block");
        }
    }
    emitFinished(std::move(result), transfer);
}

void UpstreamCall::emitFinished(UpstreamResult result, CurlTransfer* transfer)
{
    m_state = State::Finished;
    m_firstByteTimer.stop();
    m_idleTimer.stop();
    m_totalTimer.stop();
    // Our own finish (abort, timeout, cap) on the built-in client: its connection is closed.
    if (m_http1)
        std::exchange(m_http1, nullptr)->abandon();
    m_http1Request.clear();

    if (transfer) {
        CURL* easy = transfer->easy;
        curl_off_t nameLookup = 0, connect = 0, appConnect = 0, startTransfer = 0;
        long connects = 0, version = 0;
        curl_easy_getinfo(easy, CURLINFO_NAMELOOKUP_TIME_T, &nameLookup);
        curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connect);
        curl_easy_getinfo(easy, CURLINFO_APPCONNECT_TIME_T, &appConnect);
        curl_easy_getinfo(easy, CURLINFO_STARTTRANSFER_TIME_T, &startTransfer);
        curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
        curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &version);
        if (connect > 0) {
            result.dnsMs = microsToMs(nameLookup);
            result.connectMs = microsToMs(connect - nameLookup);
            result.tlsMs = appConnect > 0 ? microsToMs(appConnect - connect) : 0.0;
        }
        result.ttfbMs = startTransfer > 0 ? microsToMs(startTransfer) : -1.0;
        result.httpVersion = httpVersionNumber(version);
        result.connectionReused = m_headersDone && connects == 0;
        if (result.connectionReused) {
            result.dnsMs = result.connectMs = result.tlsMs = 0.0;
        }
        // Our own finish (abort, timeout, cap): let go now; libcurl closes the connection.
        if (transfer->owner == this && m_multi) {
            m_multi->releaseTransfer(transfer);
        }
    }

    result.httpStatus = m_status;
    result.bodyBytes = m_bodyBytes;
    result.anyBodyBytes = m_bodyBytes > 0;
    result.totalMs = static_cast<double>(m_clock.nsecsElapsed()) / 1e6;
    if (m_bufferBody) {
        result.body = std::exchange(m_body, {});
    }
    if (!result.ok()) {
        qCDebug(lcUpstream).noquote() << "upstream call failed:" << result.describe();
    }
    // Last statement: a handler may delete this object.
    emit finished(result);
}
