#pragma once

#include "ratelimit/RateLimitDecision.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <array>
#include <optional>

class Database;

/**
 * Requests per minute shared by every gateway process on one PostgreSQL database. Each key has one bucket
 * in rate_limit_buckets (capacity rpm, refilled at rpm per minute by the database clock). A process leases
 * chunkFor(rpm) request tokens at a time from it (RateLimitRepository::lease, one atomic statement) and spends
 * them locally under a mutex; leased tokens expire after kLeaseLifeMs. When the shared bucket is empty the
 * process remembers until when, and rejects without asking the database again. Below 2,400 RPM a lease is
 * a single token, so enforcement is exact across any number of processes; see docs/governance.md for the
 * bounds above it. Thread-safe; database calls are made on the caller's thread, without a lock held.
 */
class SharedRequestLimiter
{
public:
    static constexpr qint64 kLeaseLifeMs = 1000;

    explicit SharedRequestLimiter(const Database& db);

    /** Request tokens leased at a time: rpm / 1200 (50 ms of the full rate), between 1 and 50. */
    static qint64 chunkFor(qint64 rpm);
    /** Admits one request of keyId against the shared bucket; nullopt when the database cannot be asked. */
    std::optional<RateLimitDecision> admit(const QString& keyId, qint64 rpm, qint64 nowMs);
    /** Drops the state of keys unused since before cutoffMs (their leased tokens lapse). */
    void prune(qint64 cutoffMs);
    /** Lease statements sent to the database so far (tests, metrics). */
    qint64 leases() const;

private:
    struct Pool
    {
        qint64 rpm = 0;
        qint64 tokens = 0; ///< leased, not yet spent
        qint64 expiresMs = 0; ///< when the leased tokens lapse
        qint64 emptyUntilMs = 0; ///< the shared bucket holds no whole token before this
        double left = 0; ///< the shared bucket's level at the last lease
        qint64 usedMs = 0;
    };
    struct Shard
    {
        QMutex mutex;
        QHash<QString, Pool> pools;
    };

    Shard& shardFor(const QString& keyId);
    static RateLimitDecision decision(const Pool& p, bool allowed, qint64 nowMs);

    const Database& m_db;
    std::array<Shard, 16> m_shards;
    mutable QMutex m_countMutex;
    qint64 m_leases = 0;
};
