#include "BudgetLeasePool.h"

#include "util/LogCategories.h"

#include <QUuid>

BudgetLeasePool::BudgetLeasePool(const Database& db, qint64 holdTtlMs)
    : m_db(db)
    , m_holdTtlMs(holdTtlMs)
{ }

BudgetLeasePool::Shard& BudgetLeasePool::shardFor(const QString& projectId)
{
    return m_shards[qHash(projectId) % m_shards.size()];
}

Result<BudgetLeasePool::Admission> BudgetLeasePool::admit(const Project& project,
                                                          const BudgetRepository::Estimate& estimate, qint64 nowMs)
{
    Shard& shard = shardFor(project.id);
    // The lock is held across a lease's database round trip on purpose: two workers must not both lease
    // for the same project at the same moment.
    QMutexLocker lock(&shard.mutex);
    Lease& lease = shard.leases[project.id];
    if (!lease.holdId.isEmpty() && nowMs < lease.admitUntilMs && lease.left.tokens >= estimate.tokens
        && lease.left.costMicros >= estimate.costMicros) {
        lease.left.tokens -= estimate.tokens;
        lease.left.costMicros -= estimate.costMicros;
        return Admission{true, lease.holdId, estimate, {}};
    }
    // A new lease; the old one's rest goes back in the same transaction. A lease used up before the end of
    // its life means traffic outgrew the chunk.
    const bool ranOut = !lease.holdId.isEmpty() && nowMs < lease.admitUntilMs;
    const qint64 chunk = ranOut ? qMin(lease.chunk * 2, kMaxChunk) : kInitialChunk;
    const BudgetRepository::Giveback giveback{lease.holdId, lease.left};
    const BudgetRepository::Estimate wanted{estimate.tokens * chunk, estimate.costMicros * chunk};
    const QString holdId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto outcome
        = BudgetRepository(m_db).lease(project, holdId, estimate, wanted, giveback, nowMs, m_holdTtlMs + kLeaseLifeMs);
    if (!outcome)
        return outcome.error(); // the old lease is untouched (rolled back) and stays as it was
    m_leasesTaken.fetch_add(1, std::memory_order_relaxed);
    if (!outcome.value().reserved) {
        lease = Lease{};
        return Admission{false, {}, {}, outcome.value().refusal};
    }
    const BudgetRepository::Estimate granted = outcome.value().granted;
    lease.holdId = holdId;
    lease.left = {granted.tokens - estimate.tokens, granted.costMicros - estimate.costMicros};
    lease.admitUntilMs = nowMs + kLeaseLifeMs;
    lease.chunk = chunk;
    return Admission{true, holdId, estimate, {}};
}

void BudgetLeasePool::sweep(qint64 nowMs)
{
    QList<BudgetRepository::Giveback> givebacks;
    for (Shard& shard : m_shards) {
        QMutexLocker lock(&shard.mutex);
        for (auto it = shard.leases.begin(); it != shard.leases.end();) {
            if (nowMs >= it->admitUntilMs) {
                if (!it->holdId.isEmpty() && (it->left.tokens > 0 || it->left.costMicros > 0))
                    givebacks << BudgetRepository::Giveback{it->holdId, it->left};
                it = shard.leases.erase(it);
            } else {
                ++it;
            }
        }
    }
    BudgetRepository repository(m_db);
    for (const auto& g : std::as_const(givebacks)) {
        // A giveback that fails leaves the rest in the hold until the hold expires: under-admission for a
        // while, never overspend.
        if (auto r = repository.giveBack(g); !r)
            qCWarning(lcGateway) << "cannot give back an unspent budget lease (it expires on its own):"
                                 << r.error().message;
    }
}
