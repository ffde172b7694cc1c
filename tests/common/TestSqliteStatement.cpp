#include "TestDatabase.h"

#include "storage/SqliteStatement.h"

#include <QDate>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

/**
 * SqliteStatement, SQLite's C API on the QSQLITE connection, against a real SQLite file: values must be stored
 * exactly as QSqlQuery stores them (same value, same SQLite storage class), and errors must map like QtSql's.
 */
namespace {
template <typename T>
QString why(const Result<T>& r)
{
    return r ? QString() : r.error().message;
}
} // namespace

class TestSqliteStatement : public QObject
{
    Q_OBJECT

private:
    static void createTable(const Database& db)
    {
        QVERIFY(db.exec(QStringLiteral("CREATE TABLE t (id TEXT PRIMARY KEY, s TEXT, n INTEGER, b BOOLEAN, z TEXT)")));
    }

    /** Every column of the row as "typeof:value". */
    static QStringList row(const Database& db, const QString& id)
    {
        auto q = db.exec(QStringLiteral("SELECT typeof(s) || ':' || coalesce(s, ''), typeof(n) || ':' || "
                                        "coalesce(n, ''), typeof(b) || ':' || coalesce(b, ''), typeof(z) || ':' || "
                                        "coalesce(hex(z), '') FROM t WHERE id = ?"),
                         {id});
        if (!q || !q.value().next())
            return {QStringLiteral("(no row)")};
        QStringList out;
        for (int i = 0; i < 4; ++i)
            out << q.value().value(i).toString();
        return out;
    }

private slots:
    void valuesAreStoredAsQSqlQueryStoresThem_data()
    {
        QTest::addColumn<QVariantList>("values");
        QTest::newRow("ascii, small, true, null")
            << QVariantList{QStringLiteral("plain"), 42, true, QVariant(QMetaType(QMetaType::QString))};
        QTest::newRow("non-ascii, beyond 32 bits, false, empty")
            << QVariantList{QStringLiteral("Grüße, 東京 🚀"), Q_INT64_C(9007199254740993), false, QString()};
        QTest::newRow("negative, minimum, nulls")
            << QVariantList{QString(), std::numeric_limits<qint64>::min(), QVariant(), QVariant()};
        QTest::newRow("quotes and an embedded NUL")
            << QVariantList{QString(QStringLiteral("it's \"quoted\"") + QChar(0) + QStringLiteral("after")), -1, true,
                            QStringLiteral("z")};
        QTest::newRow("double, byte array, unsigned, null byte array")
            << QVariantList{2.5, QByteArray("\x00\x01\xff", 3), quint64(7), QByteArray()};
        QTest::newRow("lone surrogates, which UTF-8 cannot hold")
            << QVariantList{QString(QStringLiteral("a") + QChar(0xD800) + QStringLiteral("b") + QChar(0xDC00)), 1,
                            false, QString(QChar(0xDFFF))};
        QTest::newRow("date, int, double with no fraction, empty byte array")
            << QVariantList{QDate(2026, 11, 28), int(-5), 3.0, QByteArray("")};
    }

    void valuesAreStoredAsQSqlQueryStoresThem()
    {
        QFETCH(QVariantList, values);
        AIGW_TEST_DATABASE(t);
        if (t->db().isPostgres())
            QSKIP("SQLite only");
        createTable(t->db());
        const QString sql = QStringLiteral("INSERT INTO t (id, s, n, b, z) VALUES (?, ?, ?, ?, ?)");
        auto statement = SqliteStatement::prepare(t->db(), sql);
        QVERIFY2(statement, qPrintable(why(statement)));
        auto changed = statement.value().run(QVariantList{QStringLiteral("c")} + values);
        QVERIFY2(changed, qPrintable(why(changed)));
        QCOMPARE(changed.value(), 1);
        QVERIFY(t->db().exec(sql, QVariantList{QStringLiteral("qt")} + values));
        const QStringList viaC = row(t->db(), QStringLiteral("c"));
        QCOMPARE(viaC, row(t->db(), QStringLiteral("qt")));
        QVERIFY(!viaC.contains(QStringLiteral("(no row)")));
    }

    void oneStatementRunsManyTimesAndCountsChanges()
    {
        AIGW_TEST_DATABASE(t);
        if (t->db().isPostgres())
            QSKIP("SQLite only");
        createTable(t->db());
        auto insert = SqliteStatement::prepare(
            t->db(), QStringLiteral("INSERT INTO t (id, n) VALUES (?, ?) ON CONFLICT (id) DO NOTHING"));
        QVERIFY(insert);
        int changed = 0;
        for (int i = 0; i < 500; ++i) {
            auto r = insert.value().run({QString::number(i % 300), i}); // the last 200 ids are repeats
            QVERIFY2(r, qPrintable(why(r)));
            changed += r.value();
        }
        QCOMPARE(changed, 300);
        auto q = t->db().exec(QStringLiteral("SELECT count(*), sum(n) FROM t"));
        QVERIFY(q && q.value().next());
        QCOMPARE(q.value().value(0).toInt(), 300);
        QCOMPARE(q.value().value(1).toLongLong(), qint64(299 * 300 / 2)); // the first of each id was kept
        auto update = SqliteStatement::prepare(t->db(), QStringLiteral("UPDATE t SET s = ? WHERE n < ?"));
        QVERIFY(update);
        auto r = update.value().run({QStringLiteral("x"), 10});
        QVERIFY(r);
        QCOMPARE(r.value(), 10);
    }

    void errorsMapLikeQtSql()
    {
        AIGW_TEST_DATABASE(t);
        if (t->db().isPostgres())
            QSKIP("SQLite only");
        createTable(t->db());
        auto bad = SqliteStatement::prepare(t->db(), QStringLiteral("INSERT INTO missing VALUES (?)"));
        QVERIFY(!bad);
        QCOMPARE(bad.error().kind, Error::Kind::Internal);
        QVERIFY2(bad.error().message.contains(QLatin1String("no such table")), qPrintable(bad.error().message));

        auto insert = SqliteStatement::prepare(t->db(), QStringLiteral("INSERT INTO t (id) VALUES (?)"));
        QVERIFY(insert);
        QVERIFY(insert.value().run({QStringLiteral("a")}));
        auto duplicate = insert.value().run({QStringLiteral("a")});
        QVERIFY(!duplicate);
        QCOMPARE(duplicate.error().kind, Error::Kind::Conflict);
        // The statement is usable after a failure.
        auto next = insert.value().run({QStringLiteral("b")});
        QVERIFY2(next, qPrintable(why(next)));
        QCOMPARE(next.value(), 1);
    }

    void cachedStatementsLiveAsLongAsTheirConnection()
    {
        AIGW_TEST_DATABASE(t);
        if (t->db().isPostgres())
            QSKIP("SQLite only");
        createTable(t->db());
        const QString sql = QStringLiteral("INSERT INTO t (id, n) VALUES (?, ?)");
        auto first = SqliteStatement::cached(t->db(), sql);
        QVERIFY2(first, qPrintable(why(first)));
        auto again = SqliteStatement::cached(t->db(), sql);
        QVERIFY(again);
        QCOMPARE(again.value(), first.value()); // prepared once
        QVERIFY(first.value()->run({QStringLiteral("a"), 1}));
        QVERIFY(again.value()->run({QStringLiteral("b"), 2}));
        QVERIFY(t->db().begin()); // BEGIN and COMMIT are cached statements too
        QVERIFY(first.value()->run({QStringLiteral("c"), 3}));
        QVERIFY(t->db().commit());
        auto handle = SqliteStatement::handle(t->db());
        QVERIFY(handle);
        QCOMPARE(SqliteStatement::cachedCount(handle.value()), 3);
        auto q = t->db().exec(QStringLiteral("SELECT count(*), sum(n) FROM t"));
        QVERIFY(q && q.value().next());
        QCOMPARE(q.value().value(1).toInt(), 6);
        q = Result<QSqlQuery>(Error::internal(QString())); // no statement of QSQLITE's left either

        // Closing the connection finalizes them first: SQLite really closes it, and the last connection of a
        // WAL database takes its -wal file along. (With a live statement, sqlite3_close fails and the
        // connection stays open.)
        const QString wal = t->databaseUrl().sqlitePath() + QStringLiteral("-wal");
        QVERIFY(QFileInfo::exists(wal));
        t->db().releaseThreadConnection();
        QCOMPARE(SqliteStatement::cachedCount(handle.value()), 0);
        QVERIFY2(!QFileInfo::exists(wal), "the connection was not closed");

        // A connection closed as lost (here by mapping an I/O error) goes the same way, and the next use opens
        // a new one and prepares again.
        auto reopened = SqliteStatement::cached(t->db(), sql);
        QVERIFY2(reopened, qPrintable(why(reopened)));
        QVERIFY(reopened.value()->run({QStringLiteral("d"), 4}));
        auto handle2 = SqliteStatement::handle(t->db());
        QVERIFY(handle2);
        QCOMPARE(SqliteStatement::cachedCount(handle2.value()), 1);
        QVERIFY(QFileInfo::exists(wal));
        const Error lost = t->db().mapError(
            QSqlError(QString(), QStringLiteral("disk I/O error"), QSqlError::StatementError, QStringLiteral("10")),
            QStringLiteral("test"));
        QCOMPARE(lost.kind, Error::Kind::Unavailable);
        QCOMPARE(SqliteStatement::cachedCount(handle2.value()), 0);
        QVERIFY2(!QFileInfo::exists(wal), "the connection was not closed");
        auto count = t->db().exec(QStringLiteral("SELECT count(*) FROM t"));
        QVERIFY(count && count.value().next());
        QCOMPARE(count.value().value(0).toInt(), 4);
    }

    void refusesAConnectionThatIsNotSqlite()
    {
        AIGW_TEST_DATABASE(t);
        if (!t->db().isPostgres())
            QSKIP("PostgreSQL only");
        auto statement = SqliteStatement::prepare(t->db(), QStringLiteral("SELECT 1"));
        QVERIFY(!statement);
        QCOMPARE(statement.error().kind, Error::Kind::Internal);
        QVERIFY2(statement.error().message.contains(QLatin1String("QSQLITE")), qPrintable(statement.error().message));
    }
};

QTEST_GUILESS_MAIN(TestSqliteStatement)
#include "TestSqliteStatement.moc"
