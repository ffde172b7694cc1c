#include "TestDatabase.h"

#include "storage/SqliteStatement.h"

#include <QDate>
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
