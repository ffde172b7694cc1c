#include "BudgetStage.h"

#include "budget/BudgetLeasePool.h"
#include "domain/Money.h"
#include "gateway/GatewayConfig.h"
#include "pipeline/RequestContext.h"
#include "pricing/PriceTable.h"
#include "providers/TokenEstimator.h"
#include "storage/BudgetRepository.h"
#include "util/Clock.h"
#include "util/LogCategories.h"

std::optional<GatewayError> BudgetStage::run(RequestContext& ctx, BudgetLeasePool& leases, const PriceTable& prices,
                                             const GatewayConfig& config)
{
    if (!BudgetRepository::hasLimits(ctx.project))
        return std::nullopt;
    const ChatRequest& req = *ctx.request;
    Usage estimate;
    estimate.promptTokens = TokenEstimator::promptTokens(req);
    estimate.completionTokens
        = qMin(req.maxTokens().value_or(config.defaultMaxTokensEstimate), config.maxTokensEstimateCap);
    // Price the estimate at the dearest model the request may end up on; an unpriced model at the dearest
    // price in the table, so an unknown price never lets a request through for free.
    qint64 costMicros = 0;
    const std::optional<PriceTable::Price> dearest = prices.dearest();
    for (const RouteCandidate& c : ctx.plan.candidates) {
        const auto price = prices.price(c.model);
        const auto used = price ? price : dearest;
        if (used)
            costMicros = qMax(costMicros, PriceTable::costWith(*used, estimate).totalMicros());
    }
    BudgetRepository::Estimate e{estimate.totalTokens(), costMicros};
    auto outcome = leases.admit(ctx.project, e, ctx.receivedAtMs);
    if (!outcome) {
        qCWarning(lcGateway) << "budget reservation failed:" << outcome.error().message;
        return GatewayError{503,
                            QStringLiteral("server_error"),
                            QStringLiteral("the budget of this project cannot be checked right now; retry shortly"),
                            {},
                            QStringLiteral("budget_unavailable"),
                            ctx.rateLimitHeaders,
                            QStringLiteral("error")};
    }
    if (outcome.value().admitted) {
        ctx.budgetHoldId = outcome.value().holdId;
        ctx.budgetHoldTokens = outcome.value().share.tokens;
        ctx.budgetHoldCostMicros = outcome.value().share.costMicros;
        return std::nullopt;
    }
    const BudgetRepository::Refusal& r = outcome.value().refusal;
    const bool money = r.limit.endsWith(QLatin1String("cost_limit"));
    const auto amount = [money](qint64 v) {
        return money ? QString(QLatin1Char('$') + Money::formatUsd(v))
                     : QString(QString::number(v) + QStringLiteral(" tokens"));
    };
    const QString which = QString(r.limit).replace(QLatin1Char('_'), QLatin1Char(' '));
    GatewayError err{429,
                     QStringLiteral("insufficient_quota"),
                     QStringLiteral("%1 exceeded: limit %2, used %3, this request needs up to %4; resets at %5")
                         .arg(which.left(1).toUpper() + which.mid(1), amount(r.limitValue), amount(r.used),
                              amount(r.requested), Clock::isoUtc(r.resetsAtMs)),
                     {},
                     r.limit + QStringLiteral("_exceeded"),
                     ctx.rateLimitHeaders,
                     QStringLiteral("rejected")};
    err.headers.set("retry-after", QByteArray::number(qMax<qint64>(1, (r.resetsAtMs - ctx.receivedAtMs + 999) / 1000)));
    err.headers.set("x-should-retry", "false");
    return err;
}
