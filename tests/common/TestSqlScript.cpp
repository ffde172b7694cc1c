#include "storage/Migrator.h"
#include "storage/SqlScript.h"

#include "config/DatabaseUrl.h"

#include <QRegularExpression>
#include <QTest>

/** Splitting migration files into statements: only top-level semicolons end a statement. */
class TestSqlScript : public QObject
{
    Q_OBJECT

private slots:
    void split_data();
    void split();
    void embeddedMigrationsSplitIntoCreateStatements_data();
    void embeddedMigrationsSplitIntoCreateStatements();
};

void TestSqlScript::split_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QStringList>("statements");

    QTest::newRow("two statements") << QStringLiteral("SELECT 1; SELECT 2;")
                                    << QStringList{QStringLiteral("SELECT 1"), QStringLiteral("SELECT 2")};
    QTest::newRow("last without semicolon") << QStringLiteral("SELECT 1;\nSELECT 2\n")
                                            << QStringList{QStringLiteral("SELECT 1"), QStringLiteral("SELECT 2")};
    QTest::newRow("empty statements dropped")
        << QStringLiteral(";; SELECT 1 ;\n;\n  ;") << QStringList{QStringLiteral("SELECT 1")};
    QTest::newRow("nothing") << QStringLiteral("  \n\t ") << QStringList{};
    QTest::newRow("only comments") << QStringLiteral("-- a; b\n/* c; d */\n") << QStringList{};

    QTest::newRow("semicolon in string") << QStringLiteral("INSERT INTO t VALUES ('a;b'); SELECT 2")
                                         << QStringList{QStringLiteral("INSERT INTO t VALUES ('a;b')"),
                                                        QStringLiteral("SELECT 2")};
    QTest::newRow("doubled quote in string")
        << QStringLiteral("INSERT INTO t VALUES ('it''s; fine'); SELECT ''';'")
        << QStringList{QStringLiteral("INSERT INTO t VALUES ('it''s; fine')"), QStringLiteral("SELECT ''';'")};
    QTest::newRow("string ending in doubled quote")
        << QStringLiteral("SELECT 'x'''; SELECT 2")
        << QStringList{QStringLiteral("SELECT 'x'''"), QStringLiteral("SELECT 2")};
    QTest::newRow("empty string") << QStringLiteral("SELECT ''; SELECT 2")
                                  << QStringList{QStringLiteral("SELECT ''"), QStringLiteral("SELECT 2")};
    QTest::newRow("quoted identifier") << QStringLiteral("CREATE TABLE \"a;b\" (\"x\"\"y;\" int); SELECT 2")
                                       << QStringList{QStringLiteral("CREATE TABLE \"a;b\" (\"x\"\"y;\" int)"),
                                                      QStringLiteral("SELECT 2")};
    QTest::newRow("comment markers inside a string are text")
        << QStringLiteral("SELECT '-- not; a comment', '/* nor; this */'; SELECT 2")
        << QStringList{QStringLiteral("SELECT '-- not; a comment', '/* nor; this */'"), QStringLiteral("SELECT 2")};

    QTest::newRow("line comment with semicolon")
        << QStringLiteral("-- header; more\nSELECT 1; -- trailing; comment\nSELECT 2")
        << QStringList{QStringLiteral("SELECT 1"), QStringLiteral("SELECT 2")};
    QTest::newRow("line comment mid statement")
        << QStringLiteral("CREATE TABLE t (\n  a int, -- first; column\n  b int\n);")
        << QStringList{QStringLiteral("CREATE TABLE t (\n  a int, \n  b int\n)")};
    QTest::newRow("line comment at end without newline")
        << QStringLiteral("SELECT 1 -- done;") << QStringList{QStringLiteral("SELECT 1")};
    QTest::newRow("block comment with semicolon")
        << QStringLiteral("SELECT /* a; b */ 1; /* multi\nline; */ SELECT 2")
        << QStringList{QStringLiteral("SELECT  1"), QStringLiteral("SELECT 2")};
    QTest::newRow("quote inside a comment does not open a string")
        << QStringLiteral("-- don't\nSELECT 1; /* it's */ SELECT 2")
        << QStringList{QStringLiteral("SELECT 1"), QStringLiteral("SELECT 2")};
    QTest::newRow("minus and divide are not comments")
        << QStringLiteral("SELECT 4 - 1 / 2; SELECT 2")
        << QStringList{QStringLiteral("SELECT 4 - 1 / 2"), QStringLiteral("SELECT 2")};

    const QString fn = QStringLiteral("CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  NEW.x := 1;\n  "
                                      "RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql");
    QTest::newRow("$$ body") << fn + QStringLiteral(";\nSELECT 2;") << QStringList{fn, QStringLiteral("SELECT 2")};
    const QString tagged = QStringLiteral("DO $body$ BEGIN PERFORM '$$;'; RAISE NOTICE 'x;y'; END $body$");
    QTest::newRow("$tag$ body containing $$")
        << tagged + QStringLiteral("; SELECT 2") << QStringList{tagged, QStringLiteral("SELECT 2")};
    const QString quoteInBody = QStringLiteral("DO $f$ BEGIN RAISE NOTICE 'it''s'; -- a comment; '\nEND $f$");
    QTest::newRow("quotes and comments inside a dollar body are body text")
        << quoteInBody + QStringLiteral(";SELECT 2") << QStringList{quoteInBody, QStringLiteral("SELECT 2")};
    QTest::newRow("positional parameter is not a dollar quote")
        << QStringLiteral("SELECT $1; SELECT $2")
        << QStringList{QStringLiteral("SELECT $1"), QStringLiteral("SELECT $2")};
}

void TestSqlScript::split()
{
    QFETCH(QString, script);
    QFETCH(QStringList, statements);
    QCOMPARE(SqlScript::split(script), statements);
}

void TestSqlScript::embeddedMigrationsSplitIntoCreateStatements_data()
{
    QTest::addColumn<int>("dialect");
    QTest::newRow("sqlite") << int(SqlDialect::SQLite);
    QTest::newRow("postgresql") << int(SqlDialect::PostgreSQL);
}

void TestSqlScript::embeddedMigrationsSplitIntoCreateStatements()
{
    QFETCH(int, dialect);
    const auto migrations = Migrator::available(SqlDialect(dialect));
    QVERIFY(!migrations.isEmpty());
    const QStringList statements = SqlScript::split(migrations.first().sql);
    // 0001_init (append-only): 8 tables and 6 indexes.
    QCOMPARE(statements.size(), 14);
    for (const QString& s : statements)
        QVERIFY2(s.startsWith(QLatin1String("CREATE ")), qPrintable(s));
    QCOMPARE(statements.filter(QRegularExpression(QStringLiteral("^CREATE TABLE "))).size(), 8);
}

QTEST_GUILESS_MAIN(TestSqlScript)
#include "TestSqlScript.moc"
