#include "SharedRequestLimiter.h"

#include "storage/Database.h"
#include "storage/RateLimitRepository.h"
#include "util/Clock.h"
#include "util/LogCategories.h"

#include <atomic>
#include <cmath>

namespace {
constexpr qint64 kWarnEveryMs = 10000;
}

SharedRequestLimiter::SharedRequestLimiter(const Database& db, bool prefetch)
    : m_db(db)
{
    if (prefetch)
        m_thread = std::thread([this] { prefetchLoop(); });
}

SharedRequestLimiter::~SharedRequestLimiter()
{
    {
        QMutexLocker lock(&m_jobsMutex);
        m_stopping = true;
        m_jobsWake.wakeAll();
    }
    if (m_thread.joinable())
        m_thread.join();
}

bool SharedRequestLimiter::apply(Pool& p, qint64 granted, double left, qint64 nowMs)
{
    p.left = left;
    if (granted > 0) {
        if (nowMs >= p.expiresMs)
            p.tokens = 0; // what was left of an older lease has lapsed
        p.tokens += granted;
        p.expiresMs = nowMs + kLeaseLifeMs;
        p.emptyUntilMs = 0;
        return true;
    }
    p.emptyUntilMs = nowMs + qMax<qint64>(1, qint64(std::ceil((1.0 - p.left) * 60000.0 / double(p.rpm))));
    return false;
}

void SharedRequestLimiter::maybePrefetch(Pool& p, const QString& keyId, qint64 nowMs)
{
    const qint64 chunk = chunkFor(p.rpm);
    if (!m_thread.joinable() || p.fetching || chunk < 2)
        return;
    if (p.tokens * 2 >= chunk && nowMs < p.expiresMs - kLeaseLifeMs / 2)
        return;
    p.fetching = true;
    QMutexLocker lock(&m_jobsMutex);
    m_jobs.append(Job{keyId, p.rpm});
    m_jobsWake.wakeOne();
}

void SharedRequestLimiter::prefetchLoop()
{
    for (;;) {
        QList<Job> jobs;
        {
            QMutexLocker lock(&m_jobsMutex);
            while (m_jobs.isEmpty() && !m_stopping)
                m_jobsWake.wait(&m_jobsMutex);
            if (m_stopping)
                break;
            jobs.swap(m_jobs);
        }
        for (const Job& job : std::as_const(jobs)) {
            auto lease = RateLimitRepository(m_db).lease(job.keyId, job.rpm, chunkFor(job.rpm));
            {
                QMutexLocker lock(&m_countMutex);
                ++m_leases;
            }
            Shard& shard = shardFor(job.keyId);
            QMutexLocker lock(&shard.mutex);
            auto it = shard.pools.find(job.keyId);
            if (it == shard.pools.end())
                continue; // pruned meanwhile: the tokens lapse unused
            it->fetching = false;
            // A failed lease is left to the next request's own attempt (which logs the outage).
            if (lease && it->rpm == job.rpm)
                apply(*it, lease.value().granted, lease.value().left, Clock::instance().nowMs());
        }
    }
    m_db.releaseThreadConnection();
}

qint64 SharedRequestLimiter::chunkFor(qint64 rpm)
{
    return qBound(qint64(1), rpm / 1200, qint64(1000));
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
            maybePrefetch(p, keyId, nowMs);
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
        ++m_waits;
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
    if (apply(p, lease.value().granted, lease.value().left, nowMs)) {
        --p.tokens; // one for this request
        return decision(p, true, nowMs);
    }
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

qint64 SharedRequestLimiter::waits() const
{
    QMutexLocker lock(&m_countMutex);
    return m_waits;
}
