#include "AccountingStage.h"

#include "accounting/RequestLogWriter.h"
#include "domain/Money.h"
#include "gateway/GatewayMetrics.h"
#include "pipeline/RequestContext.h"
#include "pricing/PriceTable.h"
#include "providers/RawJsonObject.h"
#include "ratelimit/KeyRateLimiter.h"
#include "util/Clock.h"
#include "util/LogCategories.h"

#include <QJsonObject>

QJsonValue AccountingStage::costJson(const PriceTable& prices, const QString& model, const Usage& usage)
{
    const auto cost = prices.cost(model, usage);
    if (!cost)
        return QJsonValue(QJsonValue::Null);
    // Dollars with six decimals as in the original, computed from exact integers.
    return QJsonObject{{QStringLiteral("input"), Money::toDollars(cost->inputMicros)},
                       {QStringLiteral("output"), Money::toDollars(cost->outputMicros)},
                       {QStringLiteral("total"), Money::toDollars(cost->totalMicros())},
                       {QStringLiteral("total_micros"), double(cost->totalMicros())},
                       {QStringLiteral("currency"), QStringLiteral("USD")}};
}

QByteArray AccountingStage::costJsonText(const PriceTable& prices, const QString& model, const Usage& usage)
{
    const auto cost = prices.cost(model, usage);
    if (!cost)
        return QByteArrayLiteral("null");
    // costJson()'s members in QJsonObject's order (by key). Building the object and serialising it cost a
    // non-streaming answer more than reading the provider's.
    QByteArray out;
    out.reserve(112);
    out.append(R"({"currency":"USD","input":)");
    RawJsonObject::appendNumber(out, Money::toDollars(cost->inputMicros));
    out.append(R"(,"output":)");
    RawJsonObject::appendNumber(out, Money::toDollars(cost->outputMicros));
    out.append(R"(,"total":)");
    RawJsonObject::appendNumber(out, Money::toDollars(cost->totalMicros()));
    out.append(R"(,"total_micros":)");
    RawJsonObject::appendNumber(out, double(cost->totalMicros()));
    out.append('}');
    return out;
}

void AccountingStage::record(const RequestContext& ctx, const std::optional<GatewayError>& error,
                             const QStringList& attemptTrail, const PriceTable& prices, KeyRateLimiter& limiter,
                             RequestLogWriter& writer, GatewayMetrics* metrics, int retries, int failovers)
{
    RequestRecord r;
    r.id = ctx.requestId;
    r.projectId = ctx.project.id;
    r.apiKeyId = ctx.key.id;
    r.provider = ctx.provider;
    r.model = ctx.model;
    r.capability = ctx.plan.capability.isEmpty() && ctx.request ? ctx.request->capability() : ctx.plan.capability;
    r.stream = ctx.request && ctx.request->isStream();
    r.createdAt = ctx.receivedAtMs;
    r.latencyMs = int(ctx.elapsed.elapsed());
    r.ttftMs = ctx.ttftMs;
    r.attempts = qMax(1, ctx.attempts);
    r.inputTokens = ctx.usage.promptTokens;
    r.cachedTokens = ctx.usage.cachedTokens;
    r.outputTokens = ctx.usage.completionTokens;
    r.reasoningTokens = ctx.usage.reasoningTokens;
    r.usageEstimated = ctx.usageEstimated;
    r.holdId = ctx.budgetHoldId;
    r.holdTokens = ctx.budgetHoldTokens;
    r.holdCostMicros = ctx.budgetHoldCostMicros;
    if (error) {
        r.status = error->logStatus.isEmpty() ? QStringLiteral("error") : error->logStatus;
        r.httpStatus = error->status;
        r.errorCode = error->code.isEmpty() ? error->type : error->code;
        r.errorMessage = error->message.left(2000);
    } else {
        r.status = QStringLiteral("success");
        r.httpStatus = 200;
    }
    if (!attemptTrail.isEmpty() && r.attempts > 1) {
        const QString trail = QStringLiteral("failed attempts: ") + attemptTrail.join(QStringLiteral("; "));
        r.errorMessage = r.errorMessage.isEmpty() ? trail.left(2000)
                                                  : QString(r.errorMessage + QStringLiteral(" | ") + trail).left(2000);
    }
    if (r.inputTokens > 0 || r.outputTokens > 0) {
        if (const auto cost = prices.cost(r.model, ctx.usage)) {
            r.costMicros = cost->totalMicros();
        } else {
            qCWarning(lcAccounting) << "no price for model" << r.model << "- request" << r.id
                                    << "logged with cost unknown";
        }
    } else {
        r.costMicros = 0;
    }
    if (ctx.key.rateLimitTpm)
        limiter.chargeTokens(ctx.key.id, *ctx.key.rateLimitTpm, r.inputTokens + r.outputTokens,
                             Clock::instance().nowMs());
    if (metrics) {
        GatewayMetrics::Outcome o;
        o.provider = r.provider;
        o.model = r.model;
        o.status = r.status;
        o.errorCode = r.errorCode;
        o.inputTokens = r.inputTokens;
        o.outputTokens = r.outputTokens;
        o.costMicros = r.costMicros;
        const qint64 totalNs = ctx.elapsed.isValid() ? ctx.elapsed.nsecsElapsed() : 0;
        o.overheadNs = ctx.upstreamStartNs >= 0 ? ctx.upstreamStartNs : totalNs;
        if (ctx.upstreamStartNs >= 0)
            o.upstreamNs = qMax<qint64>(0, totalNs - ctx.upstreamStartNs);
        o.ttftMs = r.ttftMs;
        o.retries = retries;
        o.failovers = failovers;
        metrics->record(o);
    }
    writer.enqueue(std::move(r));
}
