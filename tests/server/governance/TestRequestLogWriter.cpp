// RequestLogWriter on real SQLite and PostgreSQL: rows that arrive one by one are gathered into batches
// (one transaction per gathering period, not per row), and flush() writes what is queued at once.

#include "TestDatabase.h"

#include "accounting/RequestLogWriter.h"
#include "domain/RequestRecord.h"
#include "services/ProjectService.h"
#include "util/Clock.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>

class TestRequestLogWriter : public QObject
{
    Q_OBJECT

private:
    static RequestRecord row(const QString& projectId)
    {
        RequestRecord r;
        r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        r.projectId = projectId;
        r.provider = QStringLiteral("openai");
        r.model = QStringLiteral("gpt-4o-mini");
        r.status = QStringLiteral("success");
        r.httpStatus = 200;
        r.inputTokens = 10;
        r.outputTokens = 5;
        r.costMicros = 7;
        r.createdAt = Clock::instance().nowMs();
        return r;
    }

    static QString makeProject(const Database& db)
    {
        Project p;
        p.name = QStringLiteral("writer");
        return ProjectService(db).create(p).value().id;
    }

    static qint64 stored(const Database& db, const QString& projectId)
    {
        auto r = db.exec(QStringLiteral("SELECT COUNT(*) FROM requests WHERE project_id = ?"), {projectId});
        return r.value().next() ? r.value().value(0).toLongLong() : -1;
    }

private slots:
    void rowsArrivingOneByOneAreGatheredIntoBatches()
    {
        AIGW_TEST_DATABASE(tdb);
        const QString projectId = makeProject(tdb->db());
        QTemporaryDir spool;
        RequestLogWriter writer(tdb->databaseUrl(), spool.filePath(QStringLiteral("spool")));
        writer.start();

        // 2,000 rows about 0.1 ms apart. A writer that commits whatever arrived during its previous commit
        // wrote 300-430 batches here; gathering allows one batch per 20 ms of arrivals (plus the first and a
        // partial last one), whatever the machine's speed.
        constexpr int kRows = 2000;
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < kRows; ++i) {
            writer.enqueue(row(projectId));
            QThread::usleep(100);
        }
        const qint64 elapsedMs = clock.elapsed();
        writer.flush();
        QCOMPARE(writer.written(), kRows);
        QCOMPARE(stored(tdb->db(), projectId), kRows);
        const qint64 batches = writer.batches();
        QVERIFY2(batches >= 1 && batches <= elapsedMs / 20 + 3,
                 qPrintable(QStringLiteral("%1 batches for %2 rows in %3 ms").arg(batches).arg(kRows).arg(elapsedMs)));
        writer.stopAndFlush();
    }

    void flushWritesWhatIsQueuedAtOnce()
    {
        AIGW_TEST_DATABASE(tdb);
        const QString projectId = makeProject(tdb->db());
        QTemporaryDir spool;
        RequestLogWriter writer(tdb->databaseUrl(), spool.filePath(QStringLiteral("spool")));
        writer.start();
        for (int round = 1; round <= 5; ++round) {
            writer.enqueue(row(projectId));
            writer.flush(); // returns once the row is committed, gathering or not
            QCOMPARE(stored(tdb->db(), projectId), round);
        }
        writer.stopAndFlush();
        QCOMPARE(writer.written(), 5);
    }
};

QTEST_GUILESS_MAIN(TestRequestLogWriter)
#include "TestRequestLogWriter.moc"
