// BudgetLeasePool on real SQLite and PostgreSQL: requests are admitted from leases without a database
// round trip each, never past a limit, and unspent leases go back to the database.

#include "TestDatabase.h"

#include "budget/BudgetLeasePool.h"
#include "domain/RequestRecord.h"
#include "security/SecureRandom.h"
#include "services/ProjectService.h"
#include "storage/RequestLogRepository.h"
#include "util/Clock.h"

#include <QTest>
#include <QThread>

class TestBudgetLeasePool : public QObject
{
    Q_OBJECT

private:
    static Project makeProject(const Database& db, qint64 dailyTokenLimit)
    {
        Project p;
        p.name = QStringLiteral("leases");
        p.dailyTokenLimit = dailyTokenLimit;
        return ProjectService(db).create(p).value();
    }

    static qint64 held(const Database& db, const QString& projectId)
    {
        auto r = db.exec(QStringLiteral("SELECT COALESCE(SUM(tokens), 0) FROM budget_holds WHERE project_id = ?"),
                         {projectId});
        return r.value().next() ? r.value().value(0).toLongLong() : -1;
    }

    /** `threads` threads each ask `perThread` times for `estimate` tokens; returns how many were admitted. */
    static int admitFromThreads(BudgetLeasePool& pool, const Database& db, const Project& p, qint64 estimate,
                                int threads, int perThread)
    {
        QAtomicInt admitted = 0;
        QList<QThread*> running;
        for (int t = 0; t < threads; ++t) {
            running << QThread::create([&] {
                for (int i = 0; i < perThread; ++i) {
                    auto a = pool.admit(p, {estimate, 0}, Clock::instance().nowMs());
                    if (a && a.value().admitted)
                        admitted.fetchAndAddRelaxed(1);
                }
                db.releaseThreadConnection();
            });
            running.last()->start();
        }
        for (QThread* t : running) {
            if (!t->wait(60000))
                qFatal("a thread admitting budget hangs");
            delete t;
        }
        return admitted.loadRelaxed();
    }

private slots:
    void admitsFromLeasesAndNeverPastTheLimit()
    {
        AIGW_TEST_DATABASE(tdb);
        const Project p = makeProject(tdb->db(), 100000);
        BudgetLeasePool pool(tdb->db(), 60000, false);
        const qint64 now = Clock::instance().nowMs();
        int admitted = 0;
        QString refusedLimit;
        for (int i = 0; i < 200; ++i) {
            auto a = pool.admit(p, {1000, 0}, now);
            QVERIFY2(a, a ? "" : qPrintable(a.error().message));
            if (!a.value().admitted) {
                refusedLimit = a.value().refusal.limit;
                break;
            }
            QCOMPARE(a.value().share.tokens, 1000);
            ++admitted;
        }
        // Exactly the limit: leases shrink to single requests near it, so nothing is left unusable.
        QCOMPARE(admitted, 100);
        QCOMPARE(refusedLimit, QStringLiteral("daily_token_limit"));
        QVERIFY2(pool.leasesTaken() < 40, qPrintable(QString::number(pool.leasesTaken())));
        QCOMPARE(held(tdb->db(), p.id), 100000);
    }

    void chunksGrowWithTrafficSoFewLeasesServeManyRequests()
    {
        AIGW_TEST_DATABASE(tdb);
        const Project p = makeProject(tdb->db(), 1'000'000'000);
        BudgetLeasePool pool(tdb->db(), 60000, false);
        const qint64 now = Clock::instance().nowMs();
        for (int i = 0; i < 10000; ++i)
            QVERIFY(pool.admit(p, {100, 0}, now).value().admitted);
        // 4, 8, ..., 4096 per lease: 10,000 requests need 4+8+...+4096 = 8188 plus one more of 4096: 12 leases
        // (45 when chunks stopped at 256).
        QCOMPARE(pool.leasesTaken(), 12);
    }

    void sweepGivesBackTheUnspentRestAndSettlementEmptiesTheHold()
    {
        AIGW_TEST_DATABASE(tdb);
        const Project p = makeProject(tdb->db(), 1'000'000);
        BudgetLeasePool pool(tdb->db(), 60000, false);
        const qint64 now = Clock::instance().nowMs();
        auto a = pool.admit(p, {500, 0}, now);
        QVERIFY(a.value().admitted);
        QCOMPARE(held(tdb->db(), p.id), 4 * 500); // the first chunk: 4 estimates
        // Before the end of the lease's life nothing is given back.
        pool.sweep(now + BudgetLeasePool::kLeaseLifeMs - 1);
        QCOMPARE(held(tdb->db(), p.id), 2000);
        pool.sweep(now + BudgetLeasePool::kLeaseLifeMs);
        QCOMPARE(held(tdb->db(), p.id), 500); // only the admitted request's share is still held
        RequestRecord r;
        r.id = SecureRandom::uuid();
        r.projectId = p.id;
        r.provider = QStringLiteral("openai");
        r.model = QStringLiteral("gpt-4.1");
        r.inputTokens = 120;
        r.outputTokens = 80;
        r.createdAt = now;
        r.holdId = a.value().holdId;
        r.holdTokens = a.value().share.tokens;
        QCOMPARE(RequestLogRepository(tdb->db()).insertBatch({r}).value(), 1);
        QCOMPARE(held(tdb->db(), p.id), 0);
        auto rows = tdb->db().exec(QStringLiteral("SELECT COUNT(*) FROM budget_holds WHERE project_id = ?"), {p.id});
        QVERIFY(rows.value().next());
        QCOMPARE(rows.value().value(0).toLongLong(), 0);
    }

    void concurrentWorkersNeverOverspend()
    {
        AIGW_TEST_DATABASE(tdb);
        const Project p = makeProject(tdb->db(), 50000);
        BudgetLeasePool pool(tdb->db(), 60000, false);
        // 50000 / 700 = 71 fit; the holds never exceed the limit.
        QCOMPARE(admitFromThreads(pool, tdb->db(), p, 700, 4, 50), 71);
        QVERIFY(held(tdb->db(), p.id) <= 50000);
    }

    void prefetchedLeasesTakeOverWithoutWaitingAndNeverOverspend()
    {
        AIGW_TEST_DATABASE(tdb);
        const Project p = makeProject(tdb->db(), 1'000'000);
        BudgetLeasePool pool(tdb->db(), 60000, true);
        const qint64 now = Clock::instance().nowMs();
        // The first request waits for a lease of 4 estimates; the third finds it half spent and queues the next.
        for (int i = 0; i < 3; ++i)
            QVERIFY(pool.admit(p, {1000, 0}, now).value().admitted);
        QCOMPARE(pool.leasesWaitedFor(), 1);
        pool.waitForPrefetch();
        QCOMPARE(pool.leasesTaken(), 2);
        // The fourth takes the last of the first lease, the fifth switches to the prefetched one: no wait.
        QVERIFY(pool.admit(p, {1000, 0}, now).value().admitted);
        QVERIFY(pool.admit(p, {1000, 0}, now).value().admitted);
        QCOMPARE(pool.leasesWaitedFor(), 1);
        // Drive it to the limit from four threads: never more than the limit is admitted or held.
        const int admitted = 5 + admitFromThreads(pool, tdb->db(), p, 1000, 4, 400);
        pool.waitForPrefetch();
        QVERIFY2(admitted <= 1000, qPrintable(QString::number(admitted)));
        QVERIFY2(admitted >= 950, qPrintable(QString::number(admitted)));
        QVERIFY(held(tdb->db(), p.id) <= 1'000'000);
        QVERIFY(pool.leasesWaitedFor() < pool.leasesTaken());
        pool.releaseAll();
        // Everything not admitted went back: what is held is exactly the admitted requests' shares.
        QCOMPARE(held(tdb->db(), p.id), qint64(admitted) * 1000);
    }
};

QTEST_GUILESS_MAIN(TestBudgetLeasePool)
#include "TestBudgetLeasePool.moc"
