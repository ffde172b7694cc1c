#pragma once

#include "domain/Project.h"
#include "storage/BudgetRepository.h"
#include "util/Result.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <array>
#include <atomic>

class Database;

/**
 * Budget admission without a database round trip per request. For each project with limits, this process
 * leases a chunk of budget from the database (BudgetRepository::lease: a hold in budget_holds, reserved
 * under the project's row lock like a single request's) and admits requests against it locally, each
 * taking its bounded estimate. A lease admits for at most kLeaseLifeMs; then, or when it runs out, its
 * unspent part is given back (in the same transaction as the next lease, or by sweep()) and a new one is
 * taken. The request log writer subtracts each request's share from the hold when it records the actual
 * usage, so the database always counts every request in flight at its estimate, plus the unspent rest of
 * every live lease: no overspend beyond a request's estimate, however many processes share the database.
 *
 * Chunks start at kInitialChunk estimates and double while leases run out before their life ends (up to
 * kMaxChunk), and BudgetRepository never grants more than half of the room left, so near a limit leases
 * shrink to single requests. Thread-safe; the lock is per shard of projects.
 */
class BudgetLeasePool
{
public:
    static constexpr qint64 kLeaseLifeMs = 1000;
    static constexpr qint64 kInitialChunk = 4;
    static constexpr qint64 kMaxChunk = 256;

    struct Admission
    {
        bool admitted = false;
        QString holdId; ///< when admitted: the hold the request's share is part of
        BudgetRepository::Estimate share;
        BudgetRepository::Refusal refusal; ///< when refused
    };

    BudgetLeasePool(const Database& db, qint64 holdTtlMs);

    /** Admits or refuses; an error when the database cannot be asked (nothing is admitted then). */
    Result<Admission> admit(const Project& project, const BudgetRepository::Estimate& estimate, qint64 nowMs);
    /** Gives back the unspent part of leases whose life is over. Called periodically (and at shutdown). */
    void sweep(qint64 nowMs);
    /** Gives back every lease (shutdown). */
    void releaseAll() { sweep(std::numeric_limits<qint64>::max()); }

    qint64 leasesTaken() const { return m_leasesTaken.load(); }

private:
    struct Lease
    {
        QString holdId;
        BudgetRepository::Estimate left;
        qint64 admitUntilMs = 0;
        qint64 chunk = kInitialChunk;
    };
    struct Shard
    {
        QMutex mutex;
        QHash<QString, Lease> leases;
    };

    Shard& shardFor(const QString& projectId);

    const Database& m_db;
    const qint64 m_holdTtlMs;
    std::array<Shard, 16> m_shards;
    std::atomic<qint64> m_leasesTaken{0};
};
