#include "RouteStage.h"

#include "pipeline/RequestContext.h"
#include "pricing/PriceTable.h"
#include "routing/CapabilityMap.h"

namespace {
bool allowedByKey(const ApiKey& key, const QString& model, const PriceTable& prices)
{
    if (!key.allowedModels)
        return true;
    const QString canonical = prices.canonicalName(model);
    for (const QString& allowed : *key.allowedModels) {
        if (allowed.compare(model, Qt::CaseInsensitive) == 0)
            return true;
        if (!canonical.isEmpty() && prices.canonicalName(allowed) == canonical)
            return true;
    }
    return false;
}

QStringList reachable(const RequestContext& ctx, const QStringList& providers)
{
    QStringList out;
    for (const QString& p : providers)
        if (ctx.snapshot->access(ctx.project.id, p))
            out << p;
    return out;
}

GatewayError noCredential(const QString& provider, const QStringList& reachableProviders)
{
    return GatewayError::invalid(
        QStringLiteral(
            "this project has no %1 credential and no global %1 key is configured; reachable providers: [%2]")
            .arg(provider, reachableProviders.join(QStringLiteral(", "))),
        QStringLiteral("provider"), QStringLiteral("provider_not_configured"));
}
} // namespace

std::optional<GatewayError> RouteStage::run(RequestContext& ctx, const CapabilityMap& capabilities,
                                            const PriceTable& prices)
{
    const ChatRequest& req = *ctx.request;
    // Needed only for a project's default provider and for error messages: not worked out otherwise.
    std::optional<QStringList> reachableCache;
    const auto allReachable = [&]() -> const QStringList& {
        if (!reachableCache)
            reachableCache = reachable(ctx, capabilities.providerOrder());
        return *reachableCache;
    };
    RoutePlan plan;

    QString capability = req.capability();
    QString model = req.modelName().isEmpty() ? req.model() : req.modelName();
    QString pinnedProvider = req.provider().isEmpty() ? req.modelProvider() : req.provider();
    if (capability.isEmpty() && !model.isEmpty() && capabilities.has(model.toLower())) {
        capability = model.toLower(); // `model: "fast"` works with any OpenAI SDK
        model.clear();
    }
    if (capability.isEmpty() && model.isEmpty())
        capability = ctx.project.defaultCapability; // the original ignored the project's default

    QList<RouteCandidate> candidates;
    if (!capability.isEmpty()) {
        if (!capabilities.has(capability))
            return GatewayError::invalid(QStringLiteral("unknown capability '%1'; available: [%2]")
                                             .arg(capability, capabilities.capabilities().join(QStringLiteral(", "))),
                                         QStringLiteral("capability"), QStringLiteral("unknown_capability"));
        const QStringList serving = capabilities.providersFor(capability);
        QString provider = pinnedProvider;
        if (provider.isEmpty() && !ctx.project.defaultProvider.isEmpty()
            && allReachable().contains(ctx.project.defaultProvider))
            provider = ctx.project.defaultProvider;
        if (provider.isEmpty()) {
            const QStringList candidatesReachable = reachable(ctx, serving);
            if (candidatesReachable.isEmpty())
                return GatewayError::invalid(
                    QStringLiteral("no provider serving capability '%1' is configured for this project; add a "
                                   "credential for one of: [%2]")
                        .arg(capability, serving.join(QStringLiteral(", "))),
                    QStringLiteral("capability"), QStringLiteral("provider_not_configured"));
            provider = candidatesReachable.first();
        }
        const QString capModel = capabilities.model(capability, provider);
        if (capModel.isEmpty())
            return GatewayError::invalid(QStringLiteral("provider '%1' has no model for capability '%2'; available "
                                                        "providers: [%3]")
                                             .arg(provider, capability, serving.join(QStringLiteral(", "))),
                                         QStringLiteral("provider"), QStringLiteral("unknown_provider"));
        const auto access = ctx.snapshot->access(ctx.project.id, provider);
        if (!access)
            return noCredential(provider, allReachable());
        candidates << RouteCandidate{provider, capModel, *access, false};
        if (req.fallbacks().isEmpty() && ctx.project.fallbacks.isEmpty() && pinnedProvider.isEmpty()) {
            for (const QString& other : reachable(ctx, serving)) {
                if (other == provider)
                    continue;
                candidates << RouteCandidate{other, capabilities.model(capability, other),
                                             *ctx.snapshot->access(ctx.project.id, other), true};
            }
        }
        plan.capability = capability;
        plan.thinking = capability == QLatin1String("thinking");
    } else {
        QString provider = pinnedProvider;
        if (provider.isEmpty())
            provider = prices.providerOf(model);
        if (provider.isEmpty())
            return GatewayError::invalid(
                QStringLiteral("cannot tell which provider serves model '%1'; name it with \"provider\" or as "
                               "provider/model (providers: [%2])")
                    .arg(model, capabilities.providerOrder().join(QStringLiteral(", "))),
                QStringLiteral("model"), QStringLiteral("unknown_model"));
        const auto access = ctx.snapshot->access(ctx.project.id, provider);
        if (!access)
            return noCredential(provider, allReachable());
        candidates << RouteCandidate{provider, model, *access, false};
    }

    // Explicit chains: the request's, else the project's.
    QList<ChatRequest::Target> chain = req.fallbacks();
    if (chain.isEmpty()) {
        for (const QString& f : ctx.project.fallbacks)
            chain << ChatRequest::Target{f.section(QLatin1Char('/'), 0, 0), f.section(QLatin1Char('/'), 1)};
    }
    for (const ChatRequest::Target& t : chain) {
        const QString provider = t.provider.isEmpty() ? prices.providerOf(t.model) : t.provider;
        const auto access = provider.isEmpty() ? std::nullopt : ctx.snapshot->access(ctx.project.id, provider);
        if (!access)
            continue; // an unreachable fallback is skipped, not an error
        candidates << RouteCandidate{provider, t.model, *access, true};
    }

    if (!allowedByKey(ctx.key, candidates.first().model, prices))
        return GatewayError{403,
                            QStringLiteral("permission_error"),
                            QStringLiteral("this API key may not use model '%1'; allowed: [%2]")
                                .arg(candidates.first().model, ctx.key.allowedModels->join(QStringLiteral(", "))),
                            QStringLiteral("model"),
                            QStringLiteral("model_not_allowed"),
                            {},
                            QStringLiteral("rejected")};
    for (const RouteCandidate& c : std::as_const(candidates))
        if (allowedByKey(ctx.key, c.model, prices))
            plan.candidates << c;
    ctx.plan = plan;
    ctx.provider = plan.candidates.first().provider;
    ctx.model = plan.candidates.first().model;
    return std::nullopt;
}
