#include "BudgetLeasePool.h"

#include "storage/Database.h"
#include "util/LogCategories.h"

#include <QDateTime>
#include <QUuid>

BudgetLeasePool::BudgetLeasePool(const Database& db, qint64 holdTtlMs, bool prefetch)
    : m_db(db)
    , m_holdTtlMs(holdTtlMs)
{
    if (prefetch)
        m_thread = std::thread([this] { prefetchLoop(); });
}

BudgetLeasePool::~BudgetLeasePool()
{
    {
        QMutexLocker lock(&m_jobsMutex);
        m_stopping = true;
        m_jobsWake.wakeAll();
    }
    if (m_thread.joinable())
        m_thread.join();
}

BudgetLeasePool::Shard& BudgetLeasePool::shardFor(const QString& projectId)
{
    return m_shards[qHash(projectId) % m_shards.size()];
}

bool BudgetLeasePool::take(Lease& lease, const BudgetRepository::Estimate& estimate, qint64 nowMs) const
{
    if (lease.holdId.isEmpty() || nowMs >= lease.admitUntilMs || lease.left.tokens < estimate.tokens
        || lease.left.costMicros < estimate.costMicros)
        return false;
    lease.left.tokens -= estimate.tokens;
    lease.left.costMicros -= estimate.costMicros;
    return true;
}

void BudgetLeasePool::queuePrefetch(Entry& entry, const Project& project, const BudgetRepository::Estimate& estimate,
                                    qint64 nowMs)
{
    if (!m_thread.joinable() || entry.prefetchQueued || entry.next)
        return;
    const Lease& c = entry.current;
    const bool halfSpent = c.left.tokens * 2 < c.grantedTokens || c.left.costMicros * 2 < c.grantedCost;
    const bool halfLived = nowMs >= c.admitUntilMs - kLeaseLifeMs / 2;
    if (!halfSpent && !halfLived)
        return;
    // Half spent in less than half its life: traffic outgrows the chunk.
    const qint64 chunk = halfSpent && !halfLived ? qMin(c.chunk * 2, kMaxChunk) : c.chunk;
    entry.prefetchQueued = true;
    QMutexLocker lock(&m_jobsMutex);
    m_jobs.append(PrefetchJob{project, estimate, chunk});
    m_jobsWake.wakeOne();
}

Result<BudgetLeasePool::Admission> BudgetLeasePool::admit(const Project& project,
                                                          const BudgetRepository::Estimate& estimate, qint64 nowMs)
{
    Shard& shard = shardFor(project.id);
    // The lock is held across a lease's database round trip on purpose: two workers must not both lease
    // for the same project at the same moment.
    QMutexLocker lock(&shard.mutex);
    Entry& entry = shard.entries[project.id];
    if (take(entry.current, estimate, nowMs)) {
        queuePrefetch(entry, project, estimate, nowMs);
        return Admission{true, entry.current.holdId, estimate, {}};
    }
    const bool ranOut = !entry.current.holdId.isEmpty() && nowMs < entry.current.admitUntilMs;
    if (entry.next && nowMs < entry.next->admitUntilMs && entry.next->left.tokens >= estimate.tokens
        && entry.next->left.costMicros >= estimate.costMicros) {
        // The prefetched lease takes over; the old one's rest goes back from the background thread.
        if (!entry.current.holdId.isEmpty() && (entry.current.left.tokens > 0 || entry.current.left.costMicros > 0)) {
            QMutexLocker jobs(&m_jobsMutex);
            m_givebacks.append({entry.current.holdId, entry.current.left});
            m_jobsWake.wakeOne();
        }
        entry.current = *entry.next;
        entry.next.reset();
        take(entry.current, estimate, nowMs);
        queuePrefetch(entry, project, estimate, nowMs);
        return Admission{true, entry.current.holdId, estimate, {}};
    }
    // No lease can take the request: fetch one now, giving the old one's rest back in the same transaction.
    m_leasesWaitedFor.fetch_add(1, std::memory_order_relaxed);
    QList<BudgetRepository::Giveback> givebacks;
    if (!entry.current.holdId.isEmpty())
        givebacks.append({entry.current.holdId, entry.current.left});
    if (entry.next) // expired or too small
        givebacks.append({entry.next->holdId, entry.next->left});
    const qint64 chunk = ranOut ? qMin(entry.current.chunk * 2, kMaxChunk) : kInitialChunk;
    const BudgetRepository::Estimate wanted{estimate.tokens * chunk, estimate.costMicros * chunk};
    const QString holdId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto outcome
        = BudgetRepository(m_db).lease(project, holdId, estimate, wanted, givebacks, nowMs, m_holdTtlMs + kLeaseLifeMs);
    if (!outcome)
        return outcome.error(); // the old leases are untouched (rolled back) and stay as they were
    m_leasesTaken.fetch_add(1, std::memory_order_relaxed);
    entry.next.reset();
    if (!outcome.value().reserved) {
        entry.current = Lease{};
        return Admission{false, {}, {}, outcome.value().refusal};
    }
    const BudgetRepository::Estimate granted = outcome.value().granted;
    entry.current = Lease{holdId,
                          {granted.tokens - estimate.tokens, granted.costMicros - estimate.costMicros},
                          nowMs + kLeaseLifeMs,
                          chunk,
                          granted.tokens,
                          granted.costMicros};
    return Admission{true, holdId, estimate, {}};
}

void BudgetLeasePool::prefetchLoop()
{
    for (;;) {
        QList<PrefetchJob> jobs;
        QList<BudgetRepository::Giveback> givebacks;
        {
            QMutexLocker lock(&m_jobsMutex);
            while (m_jobs.isEmpty() && m_givebacks.isEmpty() && !m_stopping)
                m_jobsWake.wait(&m_jobsMutex);
            if (m_stopping)
                break;
            jobs.swap(m_jobs);
            givebacks.swap(m_givebacks);
            m_busy = true;
        }
        giveBackAll(givebacks);
        for (const PrefetchJob& job : std::as_const(jobs)) {
            const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
            const QString holdId = QUuid::createUuid().toString(QUuid::WithoutBraces);
            const BudgetRepository::Estimate wanted{job.estimate.tokens * job.chunk,
                                                    job.estimate.costMicros * job.chunk};
            auto outcome = BudgetRepository(m_db).lease(job.project, holdId, job.estimate, wanted, {}, nowMs,
                                                        m_holdTtlMs + kLeaseLifeMs);
            std::optional<Lease> fetched;
            if (outcome && outcome.value().reserved) {
                m_leasesTaken.fetch_add(1, std::memory_order_relaxed);
                const BudgetRepository::Estimate g = outcome.value().granted;
                fetched = Lease{holdId, g, nowMs + kLeaseLifeMs, job.chunk, g.tokens, g.costMicros};
            } else if (!outcome) {
                qCWarning(lcGateway) << "cannot fetch the next budget lease ahead:" << outcome.error().message;
            }
            // A refusal leaves nothing ahead: the next request that finds no room asks (and is refused) itself.
            Shard& shard = shardFor(job.project.id);
            QMutexLocker lock(&shard.mutex);
            auto it = shard.entries.find(job.project.id);
            if (it != shard.entries.end())
                it->prefetchQueued = false;
            if (it == shard.entries.end() || it->next) {
                if (fetched)
                    givebacks = {BudgetRepository::Giveback{fetched->holdId, fetched->left}};
                lock.unlock();
                if (fetched)
                    giveBackAll(givebacks);
                continue;
            }
            it->next = fetched;
        }
        QMutexLocker lock(&m_jobsMutex);
        m_busy = false;
        m_jobsDone.wakeAll();
    }
    m_db.releaseThreadConnection();
}

void BudgetLeasePool::giveBackAll(const QList<BudgetRepository::Giveback>& givebacks)
{
    BudgetRepository repository(m_db);
    for (const auto& g : givebacks) {
        // A giveback that fails leaves the rest in the hold until the hold expires: under-admission for a
        // while, never overspend.
        if (auto r = repository.giveBack(g); !r)
            qCWarning(lcGateway) << "cannot give back an unspent budget lease (it expires on its own):"
                                 << r.error().message;
    }
}

void BudgetLeasePool::waitForPrefetch()
{
    QMutexLocker lock(&m_jobsMutex);
    while (m_thread.joinable() && (m_busy || !m_jobs.isEmpty() || !m_givebacks.isEmpty()))
        m_jobsDone.wait(&m_jobsMutex);
}

void BudgetLeasePool::sweep(qint64 nowMs)
{
    QList<BudgetRepository::Giveback> givebacks;
    for (Shard& shard : m_shards) {
        QMutexLocker lock(&shard.mutex);
        for (auto it = shard.entries.begin(); it != shard.entries.end();) {
            const auto retire = [&](const Lease& l) {
                if (!l.holdId.isEmpty() && (l.left.tokens > 0 || l.left.costMicros > 0))
                    givebacks << BudgetRepository::Giveback{l.holdId, l.left};
            };
            if (nowMs >= it->current.admitUntilMs && !it->current.holdId.isEmpty()) {
                retire(it->current);
                it->current = Lease{};
            }
            if (it->next && nowMs >= it->next->admitUntilMs) {
                retire(*it->next);
                it->next.reset();
            }
            if (it->current.holdId.isEmpty() && !it->next && !it->prefetchQueued)
                it = shard.entries.erase(it);
            else
                ++it;
        }
    }
    giveBackAll(givebacks);
}

void BudgetLeasePool::releaseAll()
{
    {
        QMutexLocker lock(&m_jobsMutex);
        m_stopping = true;
        m_jobsWake.wakeAll();
    }
    if (m_thread.joinable())
        m_thread.join();
    QList<BudgetRepository::Giveback> pending;
    {
        QMutexLocker lock(&m_jobsMutex);
        pending.swap(m_givebacks);
    }
    giveBackAll(pending);
    sweep(std::numeric_limits<qint64>::max());
}
