// Budget reservations on real SQLite and PostgreSQL: all four limits, holds, expiry, release with the
// usage write, and no overshoot under concurrency.

#include "TestDatabase.h"

#include "domain/RequestRecord.h"
#include "security/SecureRandom.h"
#include "services/ProjectService.h"
#include "storage/BudgetRepository.h"
#include "storage/RequestLogRepository.h"
#include "util/Clock.h"

#include <QAtomicInt>
#include <QTest>
#include <QThread>

class TestBudgetRepository : public QObject
{
    Q_OBJECT

private:
    static Project makeProject(const Database& db, std::function<void(Project&)> limits)
    {
        Project p;
        p.name = QStringLiteral("budget");
        limits(p);
        return ProjectService(db).create(p).value();
    }

private slots:
    void projectsWithoutLimitsNeedNoReservation()
    {
        Project p;
        QVERIFY(!BudgetRepository::hasLimits(p));
        p.monthlyCostLimitMicros = 1;
        QVERIFY(BudgetRepository::hasLimits(p));
    }

    void eachLimitRefusesWithItsNameUsedAndReset_data()
    {
        QTest::addColumn<QString>("limit");
        QTest::newRow("daily tokens") << "daily_token_limit";
        QTest::newRow("daily cost") << "daily_cost_limit";
        QTest::newRow("monthly tokens") << "monthly_token_limit";
        QTest::newRow("monthly cost") << "monthly_cost_limit";
    }

    void eachLimitRefusesWithItsNameUsedAndReset()
    {
        QFETCH(QString, limit);
        AIGW_TEST_DATABASE(tdb);
        const Project p = makeProject(tdb->db(), [&](Project& q) {
            if (limit == QLatin1String("daily_token_limit"))
                q.dailyTokenLimit = 1000;
            else if (limit == QLatin1String("daily_cost_limit"))
                q.dailyCostLimitMicros = 1000;
            else if (limit == QLatin1String("monthly_token_limit"))
                q.monthlyTokenLimit = 1000;
            else
                q.monthlyCostLimitMicros = 1000;
        });
        BudgetRepository budget(tdb->db());
        const qint64 now = Clock::instance().nowMs();
        const BudgetRepository::Estimate e{400, 400};
        QVERIFY(budget.reserve(p, SecureRandom::uuid(), e, now, 60000).value().reserved);
        QVERIFY(budget.reserve(p, SecureRandom::uuid(), e, now, 60000).value().reserved);
        auto third = budget.reserve(p, SecureRandom::uuid(), e, now, 60000);
        QVERIFY(third);
        QVERIFY(!third.value().reserved); // 800 held + 400 > 1000
        QCOMPARE(third.value().refusal.limit, limit);
        QCOMPARE(third.value().refusal.used, qint64(800));
        QCOMPARE(third.value().refusal.limitValue, qint64(1000));
        const qint64 reset = limit.startsWith(QLatin1String("daily")) ? Clock::startOfNextUtcDay(now)
                                                                      : Clock::startOfNextUtcMonth(now);
        QCOMPARE(third.value().refusal.resetsAtMs, reset);
        // Exactly at the limit is allowed.
        QVERIFY(budget.reserve(p, SecureRandom::uuid(), {200, 200}, now, 60000).value().reserved);
    }

    void leaseGrantsAtMostHalfTheSpareRoomAndGivesBackInTheSameTransaction()
    {
        AIGW_TEST_DATABASE(tdb);
        const Project p = makeProject(tdb->db(), [](Project& q) { q.dailyTokenLimit = 1000; });
        BudgetRepository budget(tdb->db());
        const qint64 now = Clock::instance().nowMs();
        // Wanted 800, minimum 100: the spare room beyond the minimum is 900, half of it 450 -> 550.
        const QString first = SecureRandom::uuid();
        auto a = budget.lease(p, first, {100, 0}, {800, 0}, {}, now, 60000);
        QVERIFY(a.value().reserved);
        QCOMPARE(a.value().granted.tokens, 550);
        // 450 left: a lease wanting 400 with minimum 100 gets 100 + (450 - 100) / 2 = 275.
        auto b = budget.lease(p, SecureRandom::uuid(), {100, 0}, {400, 0}, {}, now, 60000);
        QCOMPARE(b.value().granted.tokens, 275);
        // 175 left: a minimum of 200 does not fit...
        auto c = budget.lease(p, SecureRandom::uuid(), {200, 0}, {400, 0}, {}, now, 60000);
        QVERIFY(!c.value().reserved);
        QCOMPARE(c.value().refusal.used, 825);
        // ...unless the first lease gives back 300 of its 550 in the same transaction.
        auto d = budget.lease(p, SecureRandom::uuid(), {200, 0}, {200, 0}, {{first, {300, 0}}}, now, 60000);
        QVERIFY(d.value().reserved);
        QCOMPARE(d.value().granted.tokens, 200);
        auto held = tdb->db().exec(QStringLiteral("SELECT tokens FROM budget_holds WHERE id = ?"), {first});
        QVERIFY(held.value().next());
        QCOMPARE(held.value().value(0).toLongLong(), 250);
    }

    void settlementSubtractsEachRequestsShareAndDeletesTheUsedUpLease()
    {
        AIGW_TEST_DATABASE(tdb);
        const Project p = makeProject(tdb->db(), [](Project& q) { q.dailyCostLimitMicros = 100000; });
        BudgetRepository budget(tdb->db());
        const qint64 now = Clock::instance().nowMs();
        const QString lease = SecureRandom::uuid();
        QVERIFY(budget.lease(p, lease, {10, 1000}, {30, 3000}, {}, now, 60000).value().reserved);
        const auto holdOf = [&]() -> qint64 {
            auto r = tdb->db().exec(QStringLiteral("SELECT cost_micros FROM budget_holds WHERE id = ?"), {lease});
            return r.value().next() ? r.value().value(0).toLongLong() : -1;
        };
        QCOMPARE(holdOf(), 3000);
        const auto request = [&](qint64 cost) {
            RequestRecord r;
            r.id = SecureRandom::uuid();
            r.projectId = p.id;
            r.provider = QStringLiteral("openai");
            r.model = QStringLiteral("gpt-4.1");
            r.costMicros = cost;
            r.createdAt = now;
            r.holdId = lease;
            r.holdTokens = 10;
            r.holdCostMicros = 1000;
            return r;
        };
        // Two of the lease's three requests settle (actual 400 and 700 µ$): the hold keeps the third.
        QCOMPARE(RequestLogRepository(tdb->db()).insertBatch({request(400), request(700)}).value(), 2);
        QCOMPARE(holdOf(), 1000);
        // Counters 1100 + hold 1000: room for 97,900 more.
        QVERIFY(!budget.reserve(p, SecureRandom::uuid(), {0, 97901}, now, 60000).value().reserved);
        QCOMPARE(RequestLogRepository(tdb->db()).insertBatch({request(900)}).value(), 1);
        QCOMPARE(holdOf(), -1); // used up: deleted
        QVERIFY(budget.reserve(p, SecureRandom::uuid(), {0, 98000}, now, 60000).value().reserved);
    }

    void recordedUsageCountsAndTheWriteReleasesTheHold()
    {
        AIGW_TEST_DATABASE(tdb);
        const Project p = makeProject(tdb->db(), [](Project& q) { q.dailyCostLimitMicros = 10000; });
        BudgetRepository budget(tdb->db());
        const qint64 now = Clock::instance().nowMs();
        const QString id = SecureRandom::uuid();
        QVERIFY(budget.reserve(p, id, {100, 8000}, now, 60000).value().reserved);
        QVERIFY(!budget.reserve(p, SecureRandom::uuid(), {100, 3000}, now, 60000).value().reserved);
        // The request finishes having cost 1500 µ$: its row is written and its hold released together.
        RequestRecord r;
        r.id = id;
        r.projectId = p.id;
        r.provider = QStringLiteral("openai");
        r.model = QStringLiteral("gpt-4.1");
        r.inputTokens = 50;
        r.outputTokens = 50;
        r.costMicros = 1500;
        r.createdAt = now;
        QCOMPARE(RequestLogRepository(tdb->db()).insertBatch({r}).value(), 1);
        auto outcome = budget.reserve(p, SecureRandom::uuid(), {100, 8500}, now, 60000);
        QVERIFY(outcome.value().reserved); // 1500 recorded + 8500 = 10000
        auto refused = budget.reserve(p, SecureRandom::uuid(), {1, 1}, now, 60000);
        QVERIFY(!refused.value().reserved);
        QCOMPARE(refused.value().refusal.used, qint64(10000));
    }

    void expiredHoldsDoNotPinTheBudget()
    {
        AIGW_TEST_DATABASE(tdb);
        const Project p = makeProject(tdb->db(), [](Project& q) { q.dailyTokenLimit = 100; });
        BudgetRepository budget(tdb->db());
        const qint64 now = Clock::instance().nowMs();
        QVERIFY(budget.reserve(p, SecureRandom::uuid(), {100, 0}, now, 1000).value().reserved);
        QVERIFY(!budget.reserve(p, SecureRandom::uuid(), {1, 0}, now + 500, 1000).value().reserved);
        // A process killed with this hold outstanding: after its expiry the room is back.
        QVERIFY(budget.reserve(p, SecureRandom::uuid(), {100, 0}, now + 1001, 1000).value().reserved);
        QCOMPARE(budget.purgeExpired(now + 5000).value(), 2);
    }

    void concurrentReservationsNeverOvershoot()
    {
        AIGW_TEST_DATABASE(tdb);
        // Room for exactly 37 requests of 1000 tokens; 200 try at once from 8 threads, each with its own connection.
        const Project p = makeProject(tdb->db(), [](Project& q) { q.dailyTokenLimit = 37000; });
        QAtomicInt reserved = 0;
        QAtomicInt failed = 0;
        QList<QThread*> threads;
        for (int t = 0; t < 8; ++t) {
            threads << QThread::create([&] {
                Database db(tdb->databaseUrl());
                BudgetRepository budget(db);
                for (int i = 0; i < 25; ++i) {
                    auto r = budget.reserve(p, SecureRandom::uuid(), {1000, 0}, Clock::instance().nowMs(), 60000);
                    if (!r)
                        failed.fetchAndAddRelaxed(1);
                    else if (r.value().reserved)
                        reserved.fetchAndAddRelaxed(1);
                }
                db.releaseThreadConnection();
            });
            threads.last()->start();
        }
        for (QThread* t : threads) {
            QVERIFY(t->wait(120000));
            delete t;
        }
        QCOMPARE(failed.loadRelaxed(), 0);
        QCOMPARE(reserved.loadRelaxed(), 37);
    }
};

QTEST_GUILESS_MAIN(TestBudgetRepository)
#include "TestBudgetRepository.moc"
