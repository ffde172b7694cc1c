// SharedRequestLimiter on a real PostgreSQL: a busy key's next lease is fetched ahead on the background
// thread, so its requests keep being admitted without waiting for the database; a slow key's tokens are
// leased one at a time when a request needs them.

#include "TestDatabase.h"

#include "ratelimit/SharedRequestLimiter.h"
#include "services/ApiKeyService.h"
#include "services/ProjectService.h"
#include "util/Clock.h"

#include <QTest>

class TestSharedRequestLimiter : public QObject
{
    Q_OBJECT

private:
    static QString makeKey(const Database& db)
    {
        Project p;
        p.name = QStringLiteral("limits");
        const QString projectId = ProjectService(db).create(p).value().id;
        return ApiKeyService(db).create(projectId, {}).value().key.id;
    }

private slots:
    void busyKeyLeasesAhead()
    {
        AIGW_TEST_DATABASE(tdb);
        const QString key = makeKey(tdb->db());
        constexpr qint64 kRpm = 60000; // leases of 50 tokens
        QCOMPARE(SharedRequestLimiter::chunkFor(kRpm), 50);
        // 50 ms of the key's full rate, between 1 and 1,000 tokens.
        QCOMPARE(SharedRequestLimiter::chunkFor(2399), 1);
        QCOMPARE(SharedRequestLimiter::chunkFor(2400), 2);
        QCOMPARE(SharedRequestLimiter::chunkFor(600000), 500);
        QCOMPARE(SharedRequestLimiter::chunkFor(1000000), 833);
        QCOMPARE(SharedRequestLimiter::chunkFor(1200000), 1000);
        QCOMPARE(SharedRequestLimiter::chunkFor(50000000), 1000);
        SharedRequestLimiter limiter(tdb->db());
        const qint64 now = Clock::instance().nowMs();
        // The first request waits for a lease of 50; 25 more leave fewer than half: the next lease is queued.
        for (int i = 0; i < 26; ++i) {
            auto d = limiter.admit(key, kRpm, now);
            QVERIFY(d && d->allowed);
        }
        QCOMPARE(limiter.waits(), 1);
        QTRY_COMPARE(limiter.leases(), 2); // fetched ahead
        // 24 left of the first lease + 50 of the second: 74 more requests without another wait.
        for (int i = 0; i < 74; ++i) {
            auto d = limiter.admit(key, kRpm, now + 1);
            QVERIFY(d && d->allowed);
        }
        QCOMPARE(limiter.waits(), 1);
    }

    void slowKeyLeasesOneTokenWhenNeeded()
    {
        AIGW_TEST_DATABASE(tdb);
        const QString key = makeKey(tdb->db());
        SharedRequestLimiter limiter(tdb->db());
        const qint64 now = Clock::instance().nowMs();
        // 30 RPM: every admitted request leased its own token; nothing is fetched ahead (it could lapse).
        for (int i = 0; i < 30; ++i) {
            auto d = limiter.admit(key, 30, now);
            QVERIFY(d && d->allowed);
        }
        auto refused = limiter.admit(key, 30, now);
        QVERIFY(refused && !refused->allowed);
        QTest::qWait(100);
        QCOMPARE(limiter.leases(), 31);
        QCOMPARE(limiter.waits(), 31);
    }
};

QTEST_GUILESS_MAIN(TestSharedRequestLimiter)
#include "TestSharedRequestLimiter.moc"
