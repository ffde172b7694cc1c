#pragma once

#include "domain/Project.h"
#include "storage/BudgetRepository.h"
#include "util/Result.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>
#include <QWaitCondition>

#include <array>
#include <atomic>
#include <limits>
#include <optional>
#include <thread>

class Database;

/**
 * Budget admission without a database round trip per request. For each project with limits, this process
 * leases a chunk of budget from the database (BudgetRepository::lease: a hold in budget_holds, reserved
 * under the project's row lock like a single request's) and admits requests against it locally, each
 * taking its bounded estimate. A lease admits for at most kLeaseLifeMs; then, or when it runs out, its
 * unspent part is given back and the next lease takes over. The request log writer subtracts each
 * request's share from the hold when it records the actual usage, so the database always counts every
 * request in flight at its estimate plus the unspent rest of every live lease: no overspend beyond a
 * request's estimate, however many processes share the database.
 *
 * The next lease is fetched ahead by a background thread once the current one is half spent or half way
 * through its life, so a worker thread only waits for the database when traffic outruns the prefetch
 * (and for a project's first request). Chunks start at kInitialChunk estimates and double while leases
 * run out before their life ends (up to kMaxChunk); BudgetRepository never grants more than half of the
 * room left, so near a limit leases shrink to single requests. Thread-safe; the lock is per shard of
 * projects.
 */
class BudgetLeasePool
{
public:
    static constexpr qint64 kLeaseLifeMs = 1000;
    static constexpr qint64 kInitialChunk = 4;
    /**
     * Up to 4,096 estimates per lease (it was 256). At 12,000 requests a second on PostgreSQL a 256-estimate
     * lease lasted about 20 ms, and the lease fetched ahead often came too late (it waits for the project's
     * row, which the request log writer locks while it writes a batch of up to 2,000 rows): a worker waited
     * for a lease on about 120 of 100,000 requests; with 4,096, about 10 (+20 % throughput at 50 connections
     * in alternating runs). Near a limit leases shrink anyway (half the room left).
     */
    static constexpr qint64 kMaxChunk = 4096;

    struct Admission
    {
        bool admitted = false;
        QString holdId; ///< when admitted: the hold the request's share is part of
        BudgetRepository::Estimate share;
        BudgetRepository::Refusal refusal; ///< when refused
    };

    /** prefetch: fetch the next lease ahead on a background thread (off in unit tests that count leases). */
    BudgetLeasePool(const Database& db, qint64 holdTtlMs, bool prefetch = true);
    ~BudgetLeasePool();
    Q_DISABLE_COPY_MOVE(BudgetLeasePool)

    /** Admits or refuses; an error when the database cannot be asked (nothing is admitted then). */
    Result<Admission> admit(const Project& project, const BudgetRepository::Estimate& estimate, qint64 nowMs);
    /** Gives back the unspent part of leases whose life is over. Called periodically (and at shutdown). */
    void sweep(qint64 nowMs);
    /** Stops prefetching and gives back every lease (shutdown). */
    void releaseAll();
    /** Blocks until the prefetch thread has nothing queued (tests). */
    void waitForPrefetch();

    qint64 leasesTaken() const { return m_leasesTaken.load(); }
    qint64 leasesWaitedFor() const { return m_leasesWaitedFor.load(); }

private:
    struct Lease
    {
        QString holdId;
        BudgetRepository::Estimate left;
        qint64 admitUntilMs = 0;
        qint64 chunk = kInitialChunk;
        qint64 grantedTokens = 0;
        qint64 grantedCost = 0;
    };
    struct Entry
    {
        Lease current;
        std::optional<Lease> next; ///< fetched ahead
        bool prefetchQueued = false;
    };
    struct Shard
    {
        QMutex mutex;
        QHash<QString, Entry> entries;
    };
    struct PrefetchJob
    {
        Project project;
        BudgetRepository::Estimate estimate;
        qint64 chunk = kInitialChunk;
    };

    Shard& shardFor(const QString& projectId);
    bool take(Lease& lease, const BudgetRepository::Estimate& estimate, qint64 nowMs) const;
    void queuePrefetch(Entry& entry, const Project& project, const BudgetRepository::Estimate& estimate, qint64 nowMs);
    void prefetchLoop();
    void giveBackAll(const QList<BudgetRepository::Giveback>& givebacks);

    const Database& m_db;
    const qint64 m_holdTtlMs;
    std::array<Shard, 16> m_shards;
    std::atomic<qint64> m_leasesTaken{0};
    std::atomic<qint64> m_leasesWaitedFor{0};

    QMutex m_jobsMutex;
    QWaitCondition m_jobsWake;
    QWaitCondition m_jobsDone;
    QList<PrefetchJob> m_jobs;
    QList<BudgetRepository::Giveback> m_givebacks; ///< retired leases' rest, given back by the thread
    bool m_busy = false;
    bool m_stopping = false;
    std::thread m_thread;
};
