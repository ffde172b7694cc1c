#include "ProviderStage.h"

#include "providers/OpenAiFormat.h"

#include "gateway/AdapterRegistry.h"
#include "gateway/CircuitBreakerRegistry.h"
#include "gateway/GatewayConfig.h"
#include "pipeline/AccountingStage.h"
#include "pipeline/RequestContext.h"
#include "providers/ProviderAdapter.h"
#include "providers/RawJsonObject.h"
#include "providers/StreamEncoder.h"
#include "providers/StreamTranslator.h"
#include "providers/TokenEstimator.h"
#include "upstream/UpstreamCall.h"
#include "util/Clock.h"
#include "util/LogCategories.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTimerEvent>

#include <algorithm>

namespace {
constexpr qint64 kMaxBufferedBody = 64LL * 1024 * 1024;

qint64 monotonicNs()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.nsecsElapsed();
}

bool isRetryableClass(UpstreamError::Class c)
{
    using C = UpstreamError::Class;
    return c == C::RateLimited || c == C::Overloaded || c == C::ServerError;
}

bool feedsBreaker(UpstreamError::Class c)
{
    using C = UpstreamError::Class;
    return c == C::Overloaded || c == C::ServerError || c == C::Other || c == C::Authentication;
}
} // namespace

ProviderStage::ProviderStage(RequestContext& context, HttpResponder responder, Dependencies deps, QObject* parent)
    : QObject(parent)
    , m_ctx(context)
    , m_responder(std::move(responder))
    , m_deps(std::move(deps))
{ }

ProviderStage::~ProviderStage()
{
    releaseCall();
}

const RouteCandidate& ProviderStage::candidate() const
{
    return m_ctx.plan.candidates.at(m_candidate);
}

void ProviderStage::releaseCall()
{
    if (m_call) {
        m_call->disconnect(this);
        m_call->abort();
        m_call->deleteLater();
    }
    m_call = nullptr;
}

void ProviderStage::start()
{
    m_responder.onDisconnected(this, [this] {
        if (m_done)
            return;
        m_cancelled = true;
        qCInfo(lcGateway) << "client left request" << m_ctx.requestId << "- aborting the upstream call";
        m_retryTimer.stop();
        m_firstEventTimer.stop();
        if (m_translator) {
            m_ctx.usage = m_translator->usageOrEstimate();
            m_ctx.usageEstimated = !m_translator->usage().reported;
        }
        releaseCall();
        GatewayError e{499,
                       QStringLiteral("client_closed_request"),
                       QStringLiteral("the client closed the connection"),
                       {},
                       QStringLiteral("client_disconnected"),
                       {},
                       QStringLiteral("cancelled")};
        finishWith(e);
    });
    startAttempt();
}

void ProviderStage::startAttempt()
{
    const GatewayConfig& cfg = *m_deps.config;
    while (m_candidate < m_ctx.plan.candidates.size()) {
        const RouteCandidate& c = candidate();
        const bool last = m_candidate + 1 >= m_ctx.plan.candidates.size();
        if (m_deps.breakers->allow(c.upstreamKey(), Clock::instance().nowMs()) || last)
            break;
        m_trail << QStringLiteral("%1/%2: skipped, circuit open").arg(c.provider, c.model);
        ++m_candidate;
        m_attemptsOnModel = 0;
    }
    const RouteCandidate& c = candidate();
    m_adapter = m_deps.adapters->adapter(c.provider);
    if (!m_adapter) {
        finishWith(GatewayError::invalid(QStringLiteral("provider '%1' is not supported").arg(c.provider),
                                         QStringLiteral("provider")));
        return;
    }
    AdapterOptions options;
    options.thinking = m_ctx.plan.thinking;
    auto built = m_adapter->buildRequest(*m_ctx.request, c.model, c.access.apiKey, c.access.baseUrl, options);
    if (!built) {
        // The request uses something this provider cannot express: another model might.
        UpstreamError e;
        e.status = 400;
        e.type = QStringLiteral("invalid_request_error");
        e.message = built.error().message;
        e.errorClass = UpstreamError::Class::BadRequest;
        m_trail << QStringLiteral("%1/%2: %3").arg(c.provider, c.model, e.message);
        if (m_candidate + 1 < m_ctx.plan.candidates.size()) {
            ++m_candidate;
            m_attemptsOnModel = 0;
            ++m_counters.failovers;
            startAttempt();
            return;
        }
        GatewayError g = GatewayError::invalid(built.error().message, built.error().field);
        g.logStatus = QStringLiteral("rejected");
        finishWith(g);
        return;
    }
    ++m_ctx.attempts;
    ++m_attemptsOnModel;
    m_status = 0;
    m_errorBody.clear();
    m_upstreamHeaders.clear();
    m_translator.reset();
    m_ctx.provider = c.provider;
    m_ctx.model = c.model;

    const bool stream = m_ctx.request->isStream();
    UpstreamRequestSpec spec;
    spec.method = built.value().method;
    spec.url = built.value().url;
    spec.headers = built.value().headers;
    spec.body = built.value().body;
    spec.timeouts.connectMs = cfg.connectTimeoutMs;
    spec.timeouts.firstByteMs = stream ? cfg.firstEventTimeoutMs : cfg.firstByteTimeoutMs;
    spec.timeouts.idleMs = cfg.idleTimeoutMsUpstream;
    spec.timeouts.totalMs = cfg.totalTimeoutMs;
    spec.bufferBody = !stream;
    spec.client
        = cfg.upstreamLibcurlOnly ? UpstreamRequestSpec::Client::Libcurl : UpstreamRequestSpec::Client::Automatic;
    spec.maxResponseBytes = stream ? 0 : kMaxBufferedBody;

    auto* call = new UpstreamCall(m_deps.multi, this);
    m_call = call;
    connect(call, &UpstreamCall::headersReceived, this, &ProviderStage::onHeaders);
    connect(call, &UpstreamCall::dataReceived, this, &ProviderStage::onData);
    connect(call, &UpstreamCall::finished, this, &ProviderStage::onFinished);
    m_attemptStartNs = monotonicNs();
    if (m_ctx.upstreamStartNs < 0)
        m_ctx.upstreamStartNs = m_ctx.elapsed.nsecsElapsed();
    call->start(spec);
}

void ProviderStage::onHeaders(int status, const QList<QPair<QByteArray, QByteArray>>& headers)
{
    m_status = status;
    m_upstreamHeaders = headers;
    if (status >= 200 && status < 300 && m_ctx.request->isStream()) {
        StreamOptions options;
        options.includeUsage = m_ctx.request->includeUsage();
        options.model = candidate().model;
        options.id = QString(QStringLiteral("chatcmpl-") + QString(m_ctx.requestId).remove(QLatin1Char('-')));
        options.created = m_ctx.receivedAtMs / 1000;
        options.promptTokensEstimate = TokenEstimator::promptTokens(*m_ctx.request);
        m_translator = m_adapter->createStreamTranslator(options);
        m_encoder = std::make_unique<StreamEncoder>(
            candidate().provider, [prices = m_deps.prices, model = candidate().model](const Usage& u) {
                return AccountingStage::costJson(*prices, model, u);
            });
        m_firstEventTimer.start(m_deps.config->firstEventTimeoutMs, this);
    }
}

void ProviderStage::handleEvents(const QList<StreamEvent>& events)
{
    for (const StreamEvent& event : events) {
        if (m_done)
            return;
        if (!m_streamStarted) {
            if (event.kind == StreamEvent::Kind::Error) {
                // Nothing reached the client yet: this attempt failed quietly and may be retried elsewhere.
                const UpstreamError e = m_translator->error();
                m_firstEventTimer.stop();
                releaseCall();
                fail(e, false);
                return;
            }
            HttpHeaders headers = m_ctx.rateLimitHeaders;
            headers.set("x-request-id", m_ctx.requestId.toLatin1());
            headers.set("x-aigw-provider", candidate().provider.toLatin1());
            headers.set("x-aigw-model", candidate().model.toUtf8());
            headers.set("x-aigw-attempts", QByteArray::number(m_ctx.attempts));
            m_responder.beginStream(200, headers);
            m_streamStarted = true;
            m_firstEventTimer.stop();
            m_ctx.ttftMs = int(m_ctx.elapsed.elapsed());
        }
        m_responder.writeChunk(m_encoder->encode(event, *m_translator));
    }
}

void ProviderStage::onData(const QByteArray& chunk)
{
    if (m_status < 200 || m_status >= 300) {
        if (m_errorBody.size() < 1024 * 1024)
            m_errorBody += chunk;
        return;
    }
    if (!m_translator)
        return; // non-streaming: the body is buffered by the call
    handleEvents(m_translator->feed(chunk));
}

void ProviderStage::onFinished(const UpstreamResult& result)
{
    if (m_done)
        return;
    m_firstEventTimer.stop();
    UpstreamCall* call = m_call;
    m_call = nullptr;
    if (call)
        call->deleteLater();
    const QString key = candidate().upstreamKey();
    const qint64 now = Clock::instance().nowMs();

    if (result.outcome == UpstreamResult::Outcome::Completed && m_status >= 200 && m_status < 300) {
        if (!m_ctx.request->isStream()) {
            succeedNonStreaming(result.body);
            return;
        }
        const int serial = m_attemptSerial;
        handleEvents(m_translator->finish());
        if (m_done || serial != m_attemptSerial)
            return;
        if (m_translator->completed()) {
            m_deps.breakers->recordSuccess(key);
            m_ctx.usage = m_translator->usageOrEstimate();
            m_ctx.usageEstimated = !m_translator->usage().reported;
            m_ctx.finishReason = m_translator->finishReason();
            m_responder.endStream();
            finishWith(std::nullopt);
            return;
        }
        // failed(): the translator already wrote its error event when the stream had started.
        fail(m_translator->error(), false);
        return;
    }
    if (result.outcome == UpstreamResult::Outcome::Completed) {
        UpstreamError e
            = m_adapter->parseError(m_status, m_errorBody.isEmpty() ? result.body : m_errorBody, m_upstreamHeaders);
        if (feedsBreaker(e.errorClass))
            m_deps.breakers->recordFailure(key, now);
        fail(e, false);
        return;
    }
    if (result.outcome == UpstreamResult::Outcome::Cancelled)
        return; // our own abort: the code that aborted decides what happens next
    m_deps.breakers->recordFailure(key, now);
    if (m_translator && m_streamStarted) {
        // Transport failure mid-stream: the translator turns the cut into its error event.
        const int serial = m_attemptSerial;
        handleEvents(m_translator->finish());
        if (m_done || serial != m_attemptSerial)
            return;
    }
    fail(transportError(result), true);
}

void ProviderStage::succeedNonStreaming(const QByteArray& body)
{
    auto translated = m_adapter->parseResponse(body, candidate().model);
    if (!translated) {
        UpstreamError e;
        e.status = 502;
        e.type = QStringLiteral("server_error");
        e.message = QStringLiteral("%1: malformed answer: %2").arg(candidate().provider, translated.error().message);
        e.code = QStringLiteral("upstream_malformed_response");
        e.errorClass = UpstreamError::Class::ServerError;
        e.retryable = true;
        m_deps.breakers->recordFailure(candidate().upstreamKey(), Clock::instance().nowMs());
        fail(e, false);
        return;
    }
    m_deps.breakers->recordSuccess(candidate().upstreamKey());
    m_ctx.usage = translated.value().usage;
    m_ctx.usageEstimated = !translated.value().usage.reported;
    if (!translated.value().usage.reported) {
        m_ctx.usage.promptTokens = TokenEstimator::promptTokens(*m_ctx.request);
        m_ctx.usage.completionTokens = TokenEstimator::textTokens(translated.value()
                                                                      .completionObject()
                                                                      .value(QStringLiteral("choices"))
                                                                      .toArray()
                                                                      .at(0)
                                                                      .toObject()
                                                                      .value(QStringLiteral("message"))
                                                                      .toObject()
                                                                      .value(QStringLiteral("content"))
                                                                      .toString());
    }
    m_ctx.finishReason = translated.value().finishReason;
    m_ctx.ttftMs = int(m_ctx.elapsed.elapsed());
    // The gateway's members go straight to JSON text (no QJsonValue on this path).
    const auto quoted = [](const QString& text) {
        QByteArray out;
        RawJsonObject::appendString(out, text);
        return out;
    };
    // "chatcmpl-" and the request id's hex digits (a UUID: ASCII).
    QByteArray id(m_ctx.requestId.size() + 11, Qt::Uninitialized);
    char* to = std::copy_n("\"chatcmpl-", 10, id.data());
    for (const QChar c : m_ctx.requestId) {
        if (c != u'-')
            *to++ = char(c.unicode());
    }
    *to++ = '"';
    id.truncate(to - id.constData());
    const QByteArray answer = OpenAiFormat::completionBodyRaw(
        translated.value(),
        {{QStringLiteral("id"), id},
         {QStringLiteral("model"), quoted(candidate().model)},
         {QStringLiteral("provider"), quoted(candidate().provider)},
         {QStringLiteral("cost"), AccountingStage::costJsonText(*m_deps.prices, candidate().model, m_ctx.usage)}});
    HttpHeaders headers = m_ctx.rateLimitHeaders; // x-ratelimit-* only: appending cannot repeat a name
    headers.append(QByteArrayLiteral("x-request-id"), m_ctx.requestId.toLatin1());
    headers.append(QByteArrayLiteral("x-aigw-provider"), candidate().provider.toLatin1());
    headers.append(QByteArrayLiteral("x-aigw-model"), candidate().model.toUtf8());
    headers.append(QByteArrayLiteral("x-aigw-attempts"), QByteArray::number(m_ctx.attempts));
    m_responder.sendJson(200, answer, headers);
    finishWith(std::nullopt);
}

UpstreamError ProviderStage::transportError(const UpstreamResult& result) const
{
    UpstreamError e;
    e.retryable = true;
    e.errorClass = UpstreamError::Class::ServerError;
    e.type = QStringLiteral("server_error");
    const QString who = candidate().provider;
    switch (result.outcome) {
    case UpstreamResult::Outcome::Timeout:
        e.status = 504;
        e.code = QStringLiteral("upstream_timeout");
        e.message = QStringLiteral("%1: no answer in time (%2)").arg(who, result.errorText);
        break;
    case UpstreamResult::Outcome::ConnectFailed:
        e.status = 502;
        e.code = QStringLiteral("upstream_unreachable");
        e.message = QStringLiteral("%1: cannot connect: %2").arg(who, result.errorText);
        break;
    case UpstreamResult::Outcome::TlsError:
        e.status = 502;
        e.code = QStringLiteral("upstream_tls_error");
        e.message = QStringLiteral("%1: TLS failure: %2").arg(who, result.errorText);
        break;
    default:
        e.status = 502;
        e.code = result.anyBodyBytes ? QStringLiteral("upstream_stream_truncated")
                                     : QStringLiteral("upstream_connection_reset");
        e.message = QStringLiteral("%1: connection failed: %2").arg(who, result.errorText);
        break;
    }
    return e;
}

void ProviderStage::fail(const UpstreamError& error, bool transport)
{
    Q_UNUSED(transport)
    ++m_attemptSerial; // this attempt is over, whatever comes next
    m_lastError = error;
    const RouteCandidate& c = candidate();
    m_trail << QStringLiteral("%1/%2: %3 %4").arg(c.provider, c.model).arg(error.status).arg(error.message.left(300));
    if (m_streamStarted) {
        // Content already went out: no retry, no stitching. The error event was written; close the stream.
        if (m_translator) {
            m_ctx.usage = m_translator->usageOrEstimate();
            m_ctx.usageEstimated = !m_translator->usage().reported;
        }
        m_responder.endStream();
        GatewayError g = finalError(error);
        g.logStatus = QStringLiteral("error");
        finishWith(g);
        return;
    }
    const GatewayConfig& cfg = *m_deps.config;
    using C = UpstreamError::Class;
    const bool moreModels = m_candidate + 1 < m_ctx.plan.candidates.size();
    const bool budgetLeft = m_ctx.attempts < cfg.maxAttempts;
    if (isRetryableClass(error.errorClass) && m_attemptsOnModel < cfg.maxAttemptsPerModel && budgetLeft
        && !(error.retryAfterMs > cfg.maxRetryAfterMs && moreModels)) {
        int delay;
        if (error.retryAfterMs >= 0) {
            delay = int(qMin<qint64>(error.retryAfterMs, cfg.maxRetryAfterMs));
        } else {
            const int exp = qMin(cfg.backoffMaxMs, cfg.backoffBaseMs * (1 << qMin(10, m_attemptsOnModel - 1)));
            delay = exp / 2 + int(QRandomGenerator::global()->bounded(exp / 2 + 1)); // jitter
        }
        ++m_counters.retries;
        m_retryTimer.start(qMax(0, delay), this);
        return;
    }
    const bool clientError = error.errorClass == C::BadRequest;
    if (moreModels && budgetLeft && !clientError) {
        ++m_candidate;
        m_attemptsOnModel = 0;
        ++m_counters.failovers;
        startAttempt();
        return;
    }
    finishWith(finalError(error));
}

GatewayError ProviderStage::finalError(const UpstreamError& e) const
{
    using C = UpstreamError::Class;
    GatewayError g;
    g.logStatus = QStringLiteral("error");
    g.headers = m_ctx.rateLimitHeaders;
    g.headers.set("x-request-id", m_ctx.requestId.toLatin1());
    g.headers.set("x-should-retry", "false"); // we already retried; the SDK's own retries would multiply
    g.message = e.message;
    g.code = e.code;
    switch (e.errorClass) {
    case C::ContextLength:
    case C::ContentPolicy:
    case C::BadRequest:
        g.status = 400;
        g.type = QStringLiteral("invalid_request_error");
        break;
    case C::NotFound:
        g.status = 404;
        g.type = QStringLiteral("not_found_error");
        break;
    case C::RateLimited:
        g.status = 429;
        g.type = QStringLiteral("rate_limit_error");
        if (e.retryAfterMs >= 0)
            g.headers.set("retry-after", QByteArray::number((e.retryAfterMs + 999) / 1000));
        break;
    case C::Authentication:
        g.status = 502;
        g.type = QStringLiteral("upstream_error");
        g.message = QStringLiteral("the provider rejected the project's credential: %1").arg(e.message);
        g.code = QStringLiteral("upstream_authentication_failed");
        break;
    case C::QuotaExceeded:
        g.status = 502;
        g.type = QStringLiteral("upstream_error");
        g.code = QStringLiteral("upstream_quota_exceeded");
        break;
    default:
        g.status = e.status == 504 ? 504 : 502;
        g.type = e.status == 504 ? QStringLiteral("timeout_error") : QStringLiteral("upstream_error");
        if (g.code.isEmpty())
            g.code = QStringLiteral("upstream_error");
        break;
    }
    if (m_trail.size() > 1)
        g.message += QStringLiteral(" (after %1 attempts)").arg(m_ctx.attempts);
    return g;
}

void ProviderStage::timerEvent(QTimerEvent* event)
{
    if (event->timerId() == m_retryTimer.timerId()) {
        m_retryTimer.stop();
        if (!m_done)
            startAttempt();
        return;
    }
    if (event->timerId() == m_firstEventTimer.timerId()) {
        m_firstEventTimer.stop();
        if (m_done || m_streamStarted)
            return;
        // Headers came, the first event did not: treat like a timeout before the first byte.
        releaseCall();
        m_deps.breakers->recordFailure(candidate().upstreamKey(), Clock::instance().nowMs());
        UpstreamError e;
        e.status = 504;
        e.type = QStringLiteral("server_error");
        e.code = QStringLiteral("upstream_timeout");
        e.message = QStringLiteral("%1: no stream event within %2 ms")
                        .arg(candidate().provider)
                        .arg(m_deps.config->firstEventTimeoutMs);
        e.errorClass = UpstreamError::Class::ServerError;
        e.retryable = true;
        fail(e, true);
        return;
    }
    QObject::timerEvent(event);
}

void ProviderStage::finishWith(std::optional<GatewayError> error)
{
    if (m_done)
        return;
    m_done = true;
    m_retryTimer.stop();
    m_firstEventTimer.stop();
    releaseCall();
    Q_EMIT finished(std::move(error));
}
