#include "ChatCompletionExchange.h"

#include "gateway/GatewayServices.h"
#include "gateway/SnapshotStore.h"
#include "pipeline/AccountingStage.h"
#include "pipeline/AuthStage.h"
#include "pipeline/BudgetStage.h"
#include "pipeline/ProviderStage.h"
#include "pipeline/RateLimitStage.h"
#include "pipeline/RouteStage.h"
#include "security/SecureRandom.h"
#include "util/Clock.h"

ChatCompletionExchange::ChatCompletionExchange(const HttpRequest& request, HttpResponder responder,
                                               GatewayServices& services, CurlMulti* multi, QObject* parent)
    : QObject(parent)
    , m_http(request)
    , m_responder(std::move(responder))
    , m_services(services)
    , m_multi(multi)
{ }

void ChatCompletionExchange::start()
{
    m_ctx.elapsed.start();
    m_ctx.receivedAtMs = Clock::instance().nowMs();
    // Time-ordered: the request log's primary key then grows at its end (random ids dirtied one index page
    // per row, most of the SQLite writer's work once the table outgrew the page cache).
    m_ctx.requestId = SecureRandom::timeOrderedUuid(m_ctx.receivedAtMs);
    m_ctx.snapshot = m_services.snapshots.current();

    if (auto e = AuthStage::run(m_http, m_ctx)) {
        reject(*e, false); // no valid key: nothing to account to
        return;
    }
    auto parsed = ChatRequest::fromJson(m_http.body());
    if (!parsed) {
        reject(GatewayError::invalid(parsed.error().message, parsed.error().field), true);
        return;
    }
    m_ctx.request = std::move(parsed.value());
    if (auto e = RateLimitStage::run(m_ctx, m_services.rateLimiter, m_services.config.defaultRpm,
                                     m_services.sharedRateLimiter.get())) {
        reject(*e, true);
        return;
    }
    if (auto e = RouteStage::run(m_ctx, m_services.capabilities, m_services.prices)) {
        reject(*e, true);
        return;
    }
    if (auto e = BudgetStage::run(m_ctx, m_services.budgetLeases, m_services.prices, m_services.config)) {
        reject(*e, true);
        return;
    }
    ProviderStage::Dependencies deps;
    deps.multi = m_multi;
    deps.adapters = &m_services.adapters;
    deps.breakers = &m_services.breakers;
    deps.config = &m_services.config;
    deps.prices = &m_services.prices;
    m_provider = new ProviderStage(m_ctx, m_responder, std::move(deps), this);
    connect(m_provider, &ProviderStage::finished, this, &ChatCompletionExchange::onProviderFinished);
    m_provider->start();
}

void ChatCompletionExchange::reject(const GatewayError& error, bool logRow)
{
    HttpHeaders headers = error.headers;
    if (!headers.contains("x-request-id"))
        headers.set("x-request-id", m_ctx.requestId.toLatin1());
    for (const auto& f : m_ctx.rateLimitHeaders.fields())
        if (!headers.contains(f.first))
            headers.set(f.first, f.second);
    m_responder.sendError(error.status, error.type, error.message, error.param, error.code, headers);
    if (logRow)
        AccountingStage::record(m_ctx, error, {}, m_services.prices, m_services.rateLimiter, m_services.logWriter,
                                &m_services.metrics);
    deleteLater();
}

void ChatCompletionExchange::onProviderFinished(std::optional<GatewayError> error)
{
    if (error && !m_provider->streamStarted() && !m_provider->cancelled() && !m_responder.isFinished()) {
        HttpHeaders headers = error->headers;
        headers.set("x-request-id", m_ctx.requestId.toLatin1());
        m_responder.sendError(error->status, error->type, error->message, error->param, error->code, headers);
    }
    AccountingStage::record(m_ctx, error, m_provider->attemptTrail(), m_services.prices, m_services.rateLimiter,
                            m_services.logWriter, &m_services.metrics, m_provider->counters().retries,
                            m_provider->counters().failovers);
    deleteLater();
}
