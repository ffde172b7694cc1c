#include "RateLimitStage.h"

#include "pipeline/RequestContext.h"
#include "ratelimit/KeyRateLimiter.h"
#include "ratelimit/SharedRequestLimiter.h"

QByteArray RateLimitStage::formatReset(qint64 ms)
{
    if (ms < 1000)
        return QByteArray::number(ms) + "ms";
    if (ms < 60000) {
        QByteArray s = QByteArray::number(double(ms) / 1000.0, 'f', 3);
        while (s.endsWith('0'))
            s.chop(1);
        if (s.endsWith('.'))
            s.chop(1);
        return s + 's';
    }
    return QByteArray::number(ms / 60000) + 'm' + QByteArray::number((ms % 60000) / 1000) + 's';
}

std::optional<GatewayError> RateLimitStage::run(RequestContext& ctx, KeyRateLimiter& limiter, int defaultRpm,
                                                SharedRequestLimiter* shared)
{
    const qint64 rpm = ctx.key.rateLimitRpm.value_or(defaultRpm);
    const qint64 tpm = ctx.key.rateLimitTpm.value_or(0);
    std::optional<RateLimitDecision> sharedDecision;
    if (shared)
        sharedDecision = shared->admit(ctx.key.id, rpm, ctx.receivedAtMs);
    RateLimitDecision d;
    if (!sharedDecision) {
        d = limiter.admit(ctx.key.id, rpm, tpm, ctx.receivedAtMs);
    } else if (!sharedDecision->allowed) {
        d = *sharedDecision;
    } else {
        // Requests passed the shared bucket; the token bucket (if any) is this process's.
        d = limiter.admit(ctx.key.id, rpm, tpm, ctx.receivedAtMs, false);
        d.requestLimit = sharedDecision->requestLimit;
        d.requestsRemaining = sharedDecision->requestsRemaining;
        d.requestsResetMs = sharedDecision->requestsResetMs;
    }
    // This stage is the only writer of these fields: written afresh, appended rather than looked up first.
    HttpHeaders& h = ctx.rateLimitHeaders;
    h = HttpHeaders();
    h.append(QByteArrayLiteral("x-ratelimit-limit-requests"), QByteArray::number(d.requestLimit));
    h.append(QByteArrayLiteral("x-ratelimit-remaining-requests"), QByteArray::number(d.requestsRemaining));
    h.append(QByteArrayLiteral("x-ratelimit-reset-requests"), formatReset(d.requestsResetMs));
    if (d.tokenLimit > 0) {
        h.append(QByteArrayLiteral("x-ratelimit-limit-tokens"), QByteArray::number(d.tokenLimit));
        h.append(QByteArrayLiteral("x-ratelimit-remaining-tokens"), QByteArray::number(d.tokensRemaining));
        h.append(QByteArrayLiteral("x-ratelimit-reset-tokens"), formatReset(d.tokensResetMs));
    }
    if (d.allowed)
        return std::nullopt;
    GatewayError e{
        429,
        QStringLiteral("rate_limit_error"),
        d.tokensLimited ? QStringLiteral("Rate limit exceeded: %1 tokens per minute for this key. Retry after "
                                         "the Retry-After period.")
                              .arg(tpm)
                        : QStringLiteral("Rate limit exceeded: %1 requests per minute for this key. Retry "
                                         "after the Retry-After period.")
                              .arg(rpm),
        {},
        d.tokensLimited ? QStringLiteral("tokens_rate_limit_exceeded") : QStringLiteral("rate_limit_exceeded"),
        h,
        QStringLiteral("rejected")};
    e.headers.set("retry-after", QByteArray::number((d.retryAfterMs + 999) / 1000));
    e.headers.set("retry-after-ms", QByteArray::number(d.retryAfterMs));
    return e;
}
