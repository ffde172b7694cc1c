#include "JsonCodec.h"

#include "domain/Money.h"
#include "util/Clock.h"

#include <QJsonArray>

namespace {
QJsonValue time(qint64 ms)
{
    return ms > 0 ? QJsonValue(Clock::isoUtc(ms)) : QJsonValue(QJsonValue::Null);
}

QJsonValue time(const std::optional<qint64>& ms)
{
    return ms ? time(*ms) : QJsonValue(QJsonValue::Null);
}

QJsonValue number(const std::optional<qint64>& v)
{
    return v ? QJsonValue(double(*v)) : QJsonValue(QJsonValue::Null);
}

QJsonValue dollars(const std::optional<qint64>& micros)
{
    return micros ? QJsonValue(Money::toDollars(*micros)) : QJsonValue(QJsonValue::Null);
}

QJsonValue stringOrNull(const QString& s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}
} // namespace

QJsonObject JsonCodec::toJson(const Project& p)
{
    return QJsonObject{
        {QStringLiteral("id"), p.id},
        {QStringLiteral("name"), p.name},
        {QStringLiteral("description"), p.description},
        {QStringLiteral("daily_token_limit"), number(p.dailyTokenLimit)},
        {QStringLiteral("monthly_token_limit"), number(p.monthlyTokenLimit)},
        {QStringLiteral("daily_cost_limit"), dollars(p.dailyCostLimitMicros)},
        {QStringLiteral("daily_cost_limit_micros"), number(p.dailyCostLimitMicros)},
        {QStringLiteral("monthly_cost_limit"), dollars(p.monthlyCostLimitMicros)},
        {QStringLiteral("monthly_cost_limit_micros"), number(p.monthlyCostLimitMicros)},
        {QStringLiteral("default_provider"), stringOrNull(p.defaultProvider)},
        {QStringLiteral("default_capability"), p.defaultCapability},
        {QStringLiteral("fallbacks"), QJsonArray::fromStringList(p.fallbacks)},
        {QStringLiteral("is_active"), p.active},
        {QStringLiteral("created_at"), time(p.createdAt)},
        {QStringLiteral("updated_at"), time(p.updatedAt)},
    };
}

QJsonObject JsonCodec::toJson(const ApiKey& k)
{
    return QJsonObject{
        {QStringLiteral("id"), k.id},
        {QStringLiteral("project_id"), k.projectId},
        {QStringLiteral("name"), k.name},
        {QStringLiteral("key_prefix"), k.keyPrefix},
        {QStringLiteral("rate_limit_rpm"), k.rateLimitRpm ? QJsonValue(*k.rateLimitRpm) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("rate_limit_tpm"), number(k.rateLimitTpm)},
        {QStringLiteral("allowed_models"),
         k.allowedModels ? QJsonValue(QJsonArray::fromStringList(*k.allowedModels)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("is_active"), k.active},
        {QStringLiteral("created_at"), time(k.createdAt)},
        {QStringLiteral("revoked_at"), time(k.revokedAt)},
        {QStringLiteral("last_used_at"), time(k.lastUsedAt)},
    };
}

QJsonObject JsonCodec::toJson(const ProviderCredential& c)
{
    return QJsonObject{
        {QStringLiteral("id"), c.id},
        {QStringLiteral("project_id"), c.projectId},
        {QStringLiteral("provider"), c.provider},
        {QStringLiteral("masked_key"), c.maskedKey()},
        {QStringLiteral("base_url"), stringOrNull(c.baseUrl)},
        {QStringLiteral("created_at"), time(c.createdAt)},
        {QStringLiteral("updated_at"), time(c.updatedAt)},
    };
}

QJsonObject JsonCodec::toJson(const Admin& a)
{
    return QJsonObject{
        {QStringLiteral("id"), a.id},
        {QStringLiteral("email"), a.email},
        {QStringLiteral("role"), Admin::roleName(a.role)},
        {QStringLiteral("is_active"), a.active},
        {QStringLiteral("created_at"), time(a.createdAt)},
        {QStringLiteral("last_login_at"), time(a.lastLoginAt)},
    };
}

QJsonObject JsonCodec::toJson(const RequestRecord& r)
{
    return QJsonObject{
        {QStringLiteral("id"), r.id},
        {QStringLiteral("project_id"), r.projectId},
        {QStringLiteral("api_key_id"), stringOrNull(r.apiKeyId)},
        {QStringLiteral("provider"), r.provider},
        {QStringLiteral("model"), r.model},
        {QStringLiteral("capability"), stringOrNull(r.capability)},
        {QStringLiteral("status"), r.status},
        {QStringLiteral("http_status"), r.httpStatus},
        {QStringLiteral("stream"), r.stream},
        {QStringLiteral("input_tokens"), double(r.inputTokens)},
        {QStringLiteral("cached_tokens"), double(r.cachedTokens)},
        {QStringLiteral("output_tokens"), double(r.outputTokens)},
        {QStringLiteral("reasoning_tokens"), double(r.reasoningTokens)},
        {QStringLiteral("tokens"), double(r.totalTokens())},
        {QStringLiteral("cost"), dollars(r.costMicros)},
        {QStringLiteral("cost_micros"), number(r.costMicros)},
        {QStringLiteral("usage_estimated"), r.usageEstimated},
        {QStringLiteral("latency_ms"), r.latencyMs},
        {QStringLiteral("ttft_ms"), r.ttftMs ? QJsonValue(*r.ttftMs) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("attempts"), r.attempts},
        {QStringLiteral("error_code"), stringOrNull(r.errorCode)},
        {QStringLiteral("error_message"), stringOrNull(r.errorMessage)},
        {QStringLiteral("created_at"), time(r.createdAt)},
    };
}

QJsonObject JsonCodec::toJson(const UsageTotals& t)
{
    return QJsonObject{
        {QStringLiteral("period"), t.period},
        {QStringLiteral("input_tokens"), double(t.inputTokens)},
        {QStringLiteral("cached_tokens"), double(t.cachedTokens)},
        {QStringLiteral("output_tokens"), double(t.outputTokens)},
        {QStringLiteral("reasoning_tokens"), double(t.reasoningTokens)},
        {QStringLiteral("total_tokens"), double(t.totalTokens)},
        {QStringLiteral("cost"), Money::toDollars(t.costMicros)},
        {QStringLiteral("cost_micros"), double(t.costMicros)},
        {QStringLiteral("requests"), double(t.requestCount)},
        {QStringLiteral("errors"), double(t.errorCount)},
    };
}
