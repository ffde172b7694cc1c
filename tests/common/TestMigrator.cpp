#include "TestDatabase.h"

#include "storage/Migrator.h"

#include <QDateTime>
#include <QSet>
#include <QTest>

#include <latch>
#include <thread>

/** Schema migrations on a real SQLite file or PostgreSQL database. */
class TestMigrator : public QObject
{
    Q_OBJECT

private slots:
    void availableMigrations();
    void freshDatabase();
    void secondRunAppliesNothing();
    void newerSchemaRefused();
    void newerSchemaRefusedBeforeAnything();
    void editedMigrationRefused();
    void concurrentMigrators();

private:
    static QSet<QString> tables(const Database& db)
    {
        auto r = db.isPostgres()
            ? db.exec(QStringLiteral(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"))
            : db.exec(
                QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"));
        QSet<QString> out;
        if (!r)
            qWarning() << r.error().message;
        else
            while (r.value().next())
                out << r.value().value(0).toString();
        return out;
    }
    static qint64 scalar(const Database& db, const QString& sql)
    {
        auto r = db.exec(sql);
        if (!r || !r.value().next()) {
            qWarning() << sql << (r ? QString() : r.error().message);
            return -1;
        }
        return r.value().value(0).toLongLong();
    }
};

namespace {
const QSet<QString> kSchemaTables{QStringLiteral("admins"),
                                  QStringLiteral("projects"),
                                  QStringLiteral("api_keys"),
                                  QStringLiteral("provider_credentials"),
                                  QStringLiteral("requests"),
                                  QStringLiteral("usage_counters"),
                                  QStringLiteral("usage_counters_monthly"),
                                  QStringLiteral("provider_usage"),
                                  QStringLiteral("budget_holds"),
                                  QStringLiteral("rate_limit_buckets"),
                                  QStringLiteral("audit_log"),
                                  QStringLiteral("schema_migrations")};
} // namespace

void TestMigrator::availableMigrations()
{
    for (SqlDialect d : {SqlDialect::SQLite, SqlDialect::PostgreSQL}) {
        const auto all = Migrator::available(d);
        QVERIFY(!all.isEmpty());
        QCOMPARE(all.first().version, 1);
        QCOMPARE(all.first().name, QStringLiteral("init"));
        for (qsizetype i = 0; i < all.size(); ++i) {
            QCOMPARE(all.at(i).version, int(i) + 1); // contiguous, in order
            QCOMPARE(all.at(i).checksum.size(), 64);
            QVERIFY(!all.at(i).sql.isEmpty());
        }
        QCOMPARE(Migrator::latestVersion(d), all.last().version);
    }
    // Both dialects describe the same schema history.
    QCOMPARE(Migrator::latestVersion(SqlDialect::SQLite), Migrator::latestVersion(SqlDialect::PostgreSQL));
}

void TestMigrator::freshDatabase()
{
    std::unique_ptr<TestDatabase> t;
    AIGW_CREATE_TEST_DATABASE(t, /*migrate=*/false);
    const Database& db = t->db();
    Migrator m(db);
    QCOMPARE(m.currentVersion().value(), 0);
    auto stale = m.checkUpToDate();
    QVERIFY(!stale);
    QCOMPARE(stale.error().kind, Error::Kind::Unavailable);
    QVERIFY2(stale.error().message.contains(QStringLiteral("aigw migrate")), qPrintable(stale.error().message));
    QVERIFY(tables(db).isEmpty());

    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    auto applied = m.migrate();
    const qint64 after = QDateTime::currentMSecsSinceEpoch();
    QVERIFY2(applied, qPrintable(applied ? QString() : applied.error().message));
    const auto all = Migrator::available(db.dialect());
    QCOMPARE(applied.value(), int(all.size()));
    QCOMPARE(m.currentVersion().value(), Migrator::latestVersion(db.dialect()));
    QVERIFY(m.checkUpToDate());
    QCOMPARE(tables(db), kSchemaTables);

    auto rows
        = db.exec(QStringLiteral("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version"));
    QVERIFY(rows);
    qsizetype i = 0;
    while (rows.value().next()) {
        QVERIFY(i < all.size());
        QCOMPARE(rows.value().value(0).toInt(), all.at(i).version);
        QCOMPARE(rows.value().value(1).toString(), all.at(i).name);
        QCOMPARE(rows.value().value(2).toString(), all.at(i).checksum);
        const qint64 at = rows.value().value(3).toLongLong();
        QVERIFY(at >= before && at <= after);
        ++i;
    }
    QCOMPARE(i, all.size());
}

void TestMigrator::secondRunAppliesNothing()
{
    AIGW_TEST_DATABASE(t); // already migrated once
    Migrator m(t->db());
    const qint64 rowsBefore = scalar(t->db(), QStringLiteral("SELECT COUNT(*) FROM schema_migrations"));
    QCOMPARE(rowsBefore, qint64(Migrator::available(t->db().dialect()).size()));
    auto again = m.migrate();
    QVERIFY(again);
    QCOMPARE(again.value(), 0);
    QCOMPARE(scalar(t->db(), QStringLiteral("SELECT COUNT(*) FROM schema_migrations")), rowsBefore);
    QVERIFY(m.checkUpToDate());
    // A second Database object on the same URL (what a second process sees) agrees.
    Database other(t->databaseUrl());
    QCOMPARE(Migrator(other).migrate().value(), 0);
    QCOMPARE(Migrator(other).currentVersion().value(), Migrator::latestVersion(other.dialect()));
}

void TestMigrator::newerSchemaRefused()
{
    AIGW_TEST_DATABASE(t);
    const int latest = Migrator::latestVersion(t->db().dialect());
    QVERIFY(t->db().exec(QStringLiteral("INSERT INTO schema_migrations (version, name, checksum, applied_at) "
                                        "VALUES (?, 'from_the_future', 'x', 0)"),
                         {latest + 1}));
    Migrator m(t->db());
    QCOMPARE(m.currentVersion().value(), latest + 1);
    auto r = m.migrate();
    QVERIFY(!r);
    QVERIFY2(r.error().message.contains(QStringLiteral("newer")), qPrintable(r.error().message));
    QVERIFY2(r.error().message.contains(QString::number(latest + 1)), qPrintable(r.error().message));
    QVERIFY2(r.error().message.contains(QStringLiteral("upgrade aigw")), qPrintable(r.error().message));
    // Nothing was rolled back or recorded twice.
    QCOMPARE(scalar(t->db(), QStringLiteral("SELECT COUNT(*) FROM schema_migrations")), qint64(latest + 1));
}

void TestMigrator::newerSchemaRefusedBeforeAnything()
{
    std::unique_ptr<TestDatabase> t;
    AIGW_CREATE_TEST_DATABASE(t, /*migrate=*/false);
    QVERIFY(t->db().exec(QStringLiteral("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
                                        "NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)")));
    QVERIFY(t->db().exec(QStringLiteral("INSERT INTO schema_migrations VALUES (900, 'future', 'x', 0)")));
    auto r = Migrator(t->db()).migrate();
    QVERIFY(!r);
    QVERIFY2(r.error().message.contains(QStringLiteral("newer")), qPrintable(r.error().message));
    // It refused before creating anything.
    QCOMPARE(tables(t->db()), QSet<QString>{QStringLiteral("schema_migrations")});
}

void TestMigrator::editedMigrationRefused()
{
    AIGW_TEST_DATABASE(t);
    QVERIFY(t->db().exec(QStringLiteral("UPDATE schema_migrations SET checksum = ? WHERE version = 1"),
                         {QString(64, QLatin1Char('0'))}));
    auto r = Migrator(t->db()).migrate();
    QVERIFY2(!r, "a migration whose file changed after it was applied must be refused");
    QVERIFY2(r.error().message.contains(QStringLiteral("0001_init")), qPrintable(r.error().message));
    QVERIFY2(r.error().message.contains(QStringLiteral("changed")), qPrintable(r.error().message));
}

void TestMigrator::concurrentMigrators()
{
    // Several gateway processes starting at once against an empty database: each migrates on its own
    // connection; exactly one applies each migration and both succeed.
    for (int round = 0; round < 20; ++round) {
        std::unique_ptr<TestDatabase> t;
        AIGW_CREATE_TEST_DATABASE(t, /*migrate=*/false);
        Database a(t->databaseUrl());
        Database b(t->databaseUrl());
        Result<int> resultA = Error::internal(QStringLiteral("not run"));
        Result<int> resultB = Error::internal(QStringLiteral("not run"));
        std::latch start(2);
        auto run = [&start](const Database* db, Result<int>* out) {
            start.arrive_and_wait();
            *out = Migrator(*db).migrate();
            db->releaseThreadConnection();
        };
        std::thread ta(run, &a, &resultA);
        std::thread tb(run, &b, &resultB);
        ta.join();
        tb.join();
        QVERIFY2(resultA, qPrintable(resultA ? QString() : resultA.error().message));
        QVERIFY2(resultB, qPrintable(resultB ? QString() : resultB.error().message));
        const int all = int(Migrator::available(t->db().dialect()).size());
        QCOMPARE(resultA.value() + resultB.value(), all);
        QCOMPARE(scalar(t->db(), QStringLiteral("SELECT COUNT(*) FROM schema_migrations")), qint64(all));
        QCOMPARE(scalar(t->db(), QStringLiteral("SELECT COUNT(DISTINCT version) FROM schema_migrations")), qint64(all));
        QCOMPARE(tables(t->db()), kSchemaTables);
        QVERIFY(Migrator(t->db()).checkUpToDate());
    }
}

QTEST_GUILESS_MAIN(TestMigrator)
#include "TestMigrator.moc"
