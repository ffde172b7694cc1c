#include "TestDatabase.h"

#include <QSqlQuery>
#include <QTest>

#include <atomic>
#include <thread>

/**
 * Two connections of one process to a real SQLite file, one waiting in Database::begin() for the write lock
 * the other holds: the waiter is counted (the request-log writer lets such a waiter go first) and gets the
 * lock through the connection's busy handler once the holder commits.
 */
class TestSqliteWriteLock : public QObject
{
    Q_OBJECT

private slots:
    void aThreadWaitingForTheWriteLockIsCountedUntilItHasIt()
    {
        AIGW_TEST_DATABASE(t);
        if (t->db().isPostgres())
            QSKIP("SQLite only");
        const Database& db = t->db();
        QVERIFY(db.exec(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, who TEXT)")));
        QCOMPARE(Database::sqliteWriteWaiters(), 0);

        QVERIFY(db.begin()); // this thread holds the write lock
        QVERIFY(db.exec(QStringLiteral("INSERT INTO t (who) VALUES ('holder')")));

        std::atomic<int> began{-1};
        std::atomic<bool> inserted{false};
        std::thread waiter([&] {
            auto b = db.begin();
            began = b ? 1 : 0;
            if (b) {
                inserted = bool(db.exec(QStringLiteral("INSERT INTO t (who) VALUES ('waiter')"))) && bool(db.commit());
            }
            db.releaseThreadConnection();
        });

        // The waiter is inside begin(), waiting for the lock, and counted as such.
        QTRY_COMPARE(Database::sqliteWriteWaiters(), 1);
        QCOMPARE(began.load(), -1);

        QVERIFY(db.commit());
        waiter.join();
        QCOMPARE(began.load(), 1); // the busy handler waited and retried instead of failing with SQLITE_BUSY
        QVERIFY(inserted.load());
        QCOMPARE(Database::sqliteWriteWaiters(), 0);

        auto q = db.exec(QStringLiteral("SELECT group_concat(who, ',') FROM (SELECT who FROM t ORDER BY id)"));
        QVERIFY(q && q.value().next());
        QCOMPARE(q.value().value(0).toString(), QStringLiteral("holder,waiter"));
    }
};

QTEST_GUILESS_MAIN(TestSqliteWriteLock)
#include "TestSqliteWriteLock.moc"
