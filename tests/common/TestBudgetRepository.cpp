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
