#include "GatewayConfig.h"

#include "domain/Providers.h"

#include <QThread>

namespace {
Result<int> bounded(const Config& c, const QString& key, const QStringList& env, qint64 fallback, qint64 min,
                    qint64 max)
{
    auto v = c.integer(key, env, fallback);
    if (!v)
        return v.error();
    if (v.value() < min || v.value() > max)
        return Error::invalid(QStringLiteral("%1 must be between %2 and %3").arg(key).arg(min).arg(max), key);
    return int(v.value());
}
} // namespace

Result<GatewayConfig> GatewayConfig::fromConfig(const Config& c)
{
    GatewayConfig g;
    g.listen = c.value(QStringLiteral("server/listen"), {QStringLiteral("AIGW_LISTEN")}, g.listen);
    struct IntSetting
    {
        int* target;
        const char* key;
        const char* env;
        qint64 min;
        qint64 max;
    };
    const IntSetting ints[] = {
        {&g.workers, "server/workers", "AIGW_WORKERS", 0, 64},
        {&g.idleTimeoutMs, "server/idle_timeout_ms", "AIGW_IDLE_TIMEOUT_MS", 100, 3600000},
        {&g.shutdownDeadlineMs, "server/shutdown_deadline_ms", "AIGW_SHUTDOWN_DEADLINE_MS", 0, 3600000},
        {&g.defaultRpm, "limits/default_rpm", "AIGW_DEFAULT_RPM", 1, 10000000},
        {&g.connectTimeoutMs, "upstream/connect_timeout_ms", "AIGW_CONNECT_TIMEOUT_MS", 100, 600000},
        {&g.firstByteTimeoutMs, "upstream/first_byte_timeout_ms", "AIGW_FIRST_BYTE_TIMEOUT_MS", 100, 3600000},
        {&g.firstEventTimeoutMs, "upstream/first_event_timeout_ms", "AIGW_FIRST_EVENT_TIMEOUT_MS", 100, 3600000},
        {&g.idleTimeoutMsUpstream, "upstream/idle_timeout_ms", "AIGW_UPSTREAM_IDLE_TIMEOUT_MS", 100, 3600000},
        {&g.totalTimeoutMs, "upstream/total_timeout_ms", "AIGW_TOTAL_TIMEOUT_MS", 100, 7200000},
        {&g.maxAttemptsPerModel, "upstream/max_attempts_per_model", "AIGW_MAX_ATTEMPTS_PER_MODEL", 1, 10},
        {&g.maxAttempts, "upstream/max_attempts", "AIGW_MAX_ATTEMPTS", 1, 20},
        {&g.backoffBaseMs, "upstream/backoff_base_ms", "AIGW_BACKOFF_BASE_MS", 0, 60000},
        {&g.backoffMaxMs, "upstream/backoff_max_ms", "AIGW_BACKOFF_MAX_MS", 0, 600000},
        {&g.maxRetryAfterMs, "upstream/max_retry_after_ms", "AIGW_MAX_RETRY_AFTER_MS", 0, 600000},
        {&g.breakerFailures, "upstream/breaker_failures", "AIGW_BREAKER_FAILURES", 1, 1000},
        {&g.breakerOpenMs, "upstream/breaker_open_ms", "AIGW_BREAKER_OPEN_MS", 100, 3600000},
        {&g.holdTtlMs, "budget/hold_ttl_ms", "AIGW_HOLD_TTL_MS", 1000, 86400000},
    };
    for (const IntSetting& s : ints) {
        auto v = bounded(c, QString::fromLatin1(s.key), {QString::fromLatin1(s.env)}, *s.target, s.min, s.max);
        if (!v)
            return v.error();
        *s.target = v.value();
    }
    auto body
        = c.integer(QStringLiteral("server/max_body_bytes"), {QStringLiteral("AIGW_MAX_BODY_BYTES")}, g.maxBodyBytes);
    if (!body)
        return body.error();
    if (body.value() < 1024 || body.value() > 1024LL * 1024 * 1024)
        return Error::invalid(QStringLiteral("server/max_body_bytes must be between 1 KiB and 1 GiB"),
                              QStringLiteral("server/max_body_bytes"));
    g.maxBodyBytes = body.value();
    const QString client = c.value(QStringLiteral("upstream/http_client"),
                                   {QStringLiteral("AIGW_UPSTREAM_HTTP_CLIENT")}, QStringLiteral("builtin"));
    if (client != QLatin1String("builtin") && client != QLatin1String("libcurl"))
        return Error::invalid(QStringLiteral("upstream/http_client must be builtin or libcurl, not \"%1\"").arg(client),
                              QStringLiteral("upstream/http_client"));
    g.upstreamLibcurlOnly = client == QLatin1String("libcurl");
    if (g.workers == 0)
        g.workers = qMax(1, QThread::idealThreadCount());
    g.pricesFile = c.value(QStringLiteral("pricing/file"), {QStringLiteral("AIGW_PRICES_FILE")});
    g.capabilitiesFile
        = c.value(QStringLiteral("routing/capabilities_file"), {QStringLiteral("AIGW_CAPABILITIES_FILE")});
    g.metricsToken = c.value(QStringLiteral("server/metrics_token"), {QStringLiteral("AIGW_METRICS_TOKEN")});

    const struct
    {
        const char* provider;
        QStringList keyEnv;
        const char* baseEnv;
    } providers[] = {
        {"openai", {QStringLiteral("OPENAI_API_KEY")}, "OPENAI_BASE_URL"},
        {"anthropic", {QStringLiteral("ANTHROPIC_API_KEY")}, "ANTHROPIC_BASE_URL"},
        {"gemini", {QStringLiteral("GEMINI_API_KEY"), QStringLiteral("GOOGLE_AI_API_KEY")}, "GEMINI_BASE_URL"},
    };
    for (const auto& p : providers) {
        const QString name = QString::fromLatin1(p.provider);
        const QString key = c.value(QStringLiteral("providers/") + name + QStringLiteral("_api_key"), p.keyEnv);
        if (!key.isEmpty())
            g.globalKeys.insert(name, key);
        const QString base = c.value(QStringLiteral("providers/") + name + QStringLiteral("_base_url"),
                                     {QString::fromLatin1(p.baseEnv)});
        if (!base.isEmpty())
            g.globalBaseUrls.insert(name, base);
    }
    return g;
}
