#include "SharedRequestLimiter.h"

#include "storage/RateLimitRepository.h"
#include "util/LogCategories.h"

#include <atomic>
#include <cmath>

namespace {
constexpr qint64 kWarnEveryMs = 10000;
}

SharedRequestLimiter::SharedRequestLimiter(const Database& db)
    : m_db(db)
{ }

qint64 SharedRequestLimiter::chunkFor(qint64 rpm)
{
    return qBound(qint64(1), rpm / 1200, qint64(50));
}

SharedRequestLimiter::Shard& SharedRequestLimiter::shardFor(const QString& keyId)
{
    return m_shards[qHash(keyId) % m_shards.size()];
}

RateLimitDecision SharedRequestLimiter::decision(const Pool& p, bool allowed, qint64 nowMs)
{
    RateLimitDecision d;
    d.allowed = allowed;
    d.requestLimit = p.rpm;
    const double level = qMax(0.0, p.left) + double(p.tokens);
    d.requestsRemaining = qMin<qint64>(p.rpm, qint64(std::floor(level)));
    d.requestsResetMs = qMax<qint64>(0, qint64(std::ceil((double(p.rpm) - level) * 60000.0 / double(p.rpm))));
    if (!allowed)
        d.retryAfterMs = qMax<qint64>(1, p.emptyUntilMs - nowMs);
    return d;
}

std::optional<RateLimitDecision> SharedRequestLimiter::admit(const QString& keyId, qint64 rpm, qint64 nowMs)
{
    Shard& shard = shardFor(keyId);
    {
        QMutexLocker lock(&shard.mutex);
        Pool& p = shard.pools[keyId];
        if (p.rpm != rpm) {
            p = Pool{};
            p.rpm = rpm;
        }
        p.usedMs = nowMs;
        if (p.tokens > 0 && nowMs < p.expiresMs) {
            --p.tokens;
            return decision(p, true, nowMs);
        }
        if (nowMs < p.emptyUntilMs)
            return decision(p, false, nowMs);
    }
    // Nothing leased here: ask the shared bucket, without holding the shard lock.
    auto lease = RateLimitRepository(m_db).lease(keyId, rpm, chunkFor(rpm));
    {
        QMutexLocker lock(&m_countMutex);
        ++m_leases;
    }
    if (!lease) {
        // Once per 10 s at most: during an outage every request would log it.
        static std::atomic<qint64> lastWarningMs{-kWarnEveryMs};
        qint64 last = lastWarningMs.load();
        if (nowMs - last >= kWarnEveryMs && lastWarningMs.compare_exchange_strong(last, nowMs))
            qCWarning(lcGateway) << "shared rate limit unavailable, using this process's buckets:"
                                 << lease.error().message;
        return std::nullopt;
    }
    QMutexLocker lock(&shard.mutex);
    Pool& p = shard.pools[keyId];
    if (p.rpm != rpm) {
        p = Pool{};
        p.rpm = rpm;
    }
    p.left = lease.value().left;
    if (lease.value().granted > 0) {
        if (nowMs >= p.expiresMs)
            p.tokens = 0; // what was left of an older lease has lapsed
        p.tokens += lease.value().granted - 1; // one for this request
        p.expiresMs = nowMs + kLeaseLifeMs;
        p.emptyUntilMs = 0;
        return decision(p, true, nowMs);
    }
    p.emptyUntilMs = nowMs + qMax<qint64>(1, qint64(std::ceil((1.0 - p.left) * 60000.0 / double(rpm))));
    return decision(p, false, nowMs);
}

void SharedRequestLimiter::prune(qint64 cutoffMs)
{
    for (Shard& shard : m_shards) {
        QMutexLocker lock(&shard.mutex);
        for (auto it = shard.pools.begin(); it != shard.pools.end();) {
            if (it->usedMs < cutoffMs)
                it = shard.pools.erase(it);
            else
                ++it;
        }
    }
}

qint64 SharedRequestLimiter::leases() const
{
    QMutexLocker lock(&m_countMutex);
    return m_leases;
}
