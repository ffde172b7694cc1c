#include "KeyRateLimiter.h"

#include <cmath>

KeyRateLimiter::Shard& KeyRateLimiter::shardFor(const QString& keyId)
{
    return m_shards[qHash(keyId) % m_shards.size()];
}

void KeyRateLimiter::refill(Bucket& b, qint64 rpm, qint64 tpm, qint64 nowMs)
{
    if (b.requests < 0 || b.rpm != rpm) {
        // New bucket, or the key's limit changed: start full at the new capacity.
        b.requests = double(rpm);
        b.rpm = rpm;
    }
    if (tpm > 0 && (!b.tokensInitialised || b.tpm != tpm)) {
        b.tokens = double(tpm);
        b.tpm = tpm;
        b.tokensInitialised = true;
    }
    const qint64 elapsed = qMax<qint64>(0, nowMs - b.updatedMs);
    if (b.updatedMs > 0 && elapsed > 0) {
        b.requests = qMin(double(rpm), b.requests + double(elapsed) * double(rpm) / 60000.0);
        if (tpm > 0)
            b.tokens = qMin(double(tpm), b.tokens + double(elapsed) * double(tpm) / 60000.0);
    }
    b.updatedMs = nowMs;
}

RateLimitDecision KeyRateLimiter::admit(const QString& keyId, qint64 rpm, qint64 tpm, qint64 nowMs, bool countRequests)
{
    Shard& shard = shardFor(keyId);
    QMutexLocker lock(&shard.mutex);
    Bucket& b = shard.buckets[keyId];
    refill(b, rpm, tpm, nowMs);
    RateLimitDecision d;
    d.requestLimit = rpm;
    d.tokenLimit = tpm > 0 ? tpm : 0;
    const auto msToFill = [](double have, double capacity, qint64 perMinute) {
        return perMinute > 0 ? qint64(std::ceil((capacity - have) * 60000.0 / double(perMinute))) : 0;
    };
    const bool requestOk = !countRequests || b.requests >= 1.0;
    const bool tokenOk = tpm <= 0 || b.tokens > 0.0;
    if (requestOk && tokenOk) {
        if (countRequests)
            b.requests -= 1.0;
        d.allowed = true;
    } else {
        d.allowed = false;
        d.tokensLimited = requestOk && !tokenOk;
        const qint64 requestWait = requestOk ? 0 : msToFill(b.requests, 1.0, rpm);
        const qint64 tokenWait = tokenOk ? 0 : msToFill(b.tokens, 1.0, tpm);
        d.retryAfterMs = qMax<qint64>(1, qMax(requestWait, tokenWait));
    }
    d.requestsRemaining = qint64(std::floor(qMax(0.0, b.requests)));
    d.requestsResetMs = msToFill(b.requests, double(rpm), rpm);
    if (tpm > 0) {
        d.tokensRemaining = qint64(std::floor(qMax(0.0, b.tokens)));
        d.tokensResetMs = msToFill(b.tokens, double(tpm), tpm);
    }
    return d;
}

void KeyRateLimiter::chargeTokens(const QString& keyId, qint64 tpm, qint64 tokens, qint64 nowMs)
{
    if (tpm <= 0 || tokens <= 0)
        return;
    Shard& shard = shardFor(keyId);
    QMutexLocker lock(&shard.mutex);
    Bucket& b = shard.buckets[keyId];
    refill(b, qMax<qint64>(1, b.rpm), tpm, nowMs);
    b.tokens -= double(tokens);
}

void KeyRateLimiter::prune(qint64 cutoffMs)
{
    for (Shard& shard : m_shards) {
        QMutexLocker lock(&shard.mutex);
        for (auto it = shard.buckets.begin(); it != shard.buckets.end();) {
            if (it->updatedMs < cutoffMs)
                it = shard.buckets.erase(it);
            else
                ++it;
        }
    }
}
