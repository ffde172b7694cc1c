#pragma once

#include "ratelimit/RateLimitDecision.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>
#include <QWaitCondition>

#include <array>
#include <optional>
#include <thread>

class Database;

/**
 * Requests per minute shared by every gateway process on one PostgreSQL database. Each key has one bucket
 * in rate_limit_buckets (capacity rpm, refilled at rpm per minute by the database clock). A process leases
 * chunkFor(rpm) request tokens at a time from it (RateLimitRepository::lease, one atomic statement) and spends
 * them locally under a mutex; leased tokens expire after kLeaseLifeMs. When the shared bucket is empty the
 * process remembers until when, and rejects without asking the database again. Below 2,400 RPM a lease is
 * a single token, so enforcement is exact across any number of processes; see docs/governance.md for the
 * bounds above it.
 *
 * From 2,400 RPM (leases of two or more tokens) the next lease is fetched ahead by a background thread when
 * a key's local tokens are half spent or half way through their life, so a busy key's requests do not wait
 * for the database; below it every token is leased when a request needs it (a token fetched ahead and not
 * used would lapse and cost the key a request). Thread-safe; the waiting lease is made on the caller's
 * thread, without a lock held.
 */
class SharedRequestLimiter
{
public:
    static constexpr qint64 kLeaseLifeMs = 1000;

    /** @p prefetch: fetch busy keys' next leases on a background thread (off in tests of the plain path). */
    explicit SharedRequestLimiter(const Database& db, bool prefetch = true);
    ~SharedRequestLimiter();
    SharedRequestLimiter(const SharedRequestLimiter&) = delete;
    SharedRequestLimiter& operator=(const SharedRequestLimiter&) = delete;

    /**
     * Request tokens leased at a time: rpm / 1200 (50 ms of the full rate), between 1 and 1,000. The cap was 50;
     * a key at 1,000,000 RPM served at 10,000 requests per second then took 200 leases a second, and a
     * fifth of its requests waited for one on the worker.
     */
    static qint64 chunkFor(qint64 rpm);
    /** Admits one request of keyId against the shared bucket; nullopt when the database cannot be asked. */
    std::optional<RateLimitDecision> admit(const QString& keyId, qint64 rpm, qint64 nowMs);
    /** Drops the state of keys unused since before cutoffMs (their leased tokens lapse). */
    void prune(qint64 cutoffMs);
    /** Lease statements sent to the database so far (tests, metrics). */
    qint64 leases() const;
    /** Of those, the ones a request waited for on its own thread. */
    qint64 waits() const;

private:
    struct Pool
    {
        qint64 rpm = 0;
        qint64 tokens = 0; ///< leased, not yet spent
        qint64 expiresMs = 0; ///< when the leased tokens lapse
        qint64 emptyUntilMs = 0; ///< the shared bucket holds no whole token before this
        double left = 0; ///< the shared bucket's level at the last lease
        qint64 usedMs = 0;
        bool fetching = false; ///< a lease for this key is queued for or running on the background thread
    };
    struct Job
    {
        QString keyId;
        qint64 rpm = 0;
    };
    struct Shard
    {
        QMutex mutex;
        QHash<QString, Pool> pools;
    };

    Shard& shardFor(const QString& keyId);
    static RateLimitDecision decision(const Pool& p, bool allowed, qint64 nowMs);
    /** Applies a lease's outcome to the key's pool (shard lock held); true if it granted tokens. */
    static bool apply(Pool& p, qint64 granted, double left, qint64 nowMs);
    void maybePrefetch(Pool& p, const QString& keyId, qint64 nowMs);
    void prefetchLoop();

    const Database& m_db;
    std::array<Shard, 16> m_shards;
    mutable QMutex m_countMutex;
    qint64 m_leases = 0;
    qint64 m_waits = 0;
    QMutex m_jobsMutex;
    QWaitCondition m_jobsWake;
    QList<Job> m_jobs;
    bool m_stopping = false;
    std::thread m_thread;
};
