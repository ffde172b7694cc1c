#include "TestEnvironment.h"

#include "config/DatabaseUrl.h"

#include <QDir>
#include <QTest>

/** Database URLs: the accepted forms, the refused ones, resolve() precedence and redaction. */
class TestDatabaseUrl : public QObject
{
    Q_OBJECT

private slots:
    void sqliteForms_data();
    void sqliteForms();
    void postgresql_data();
    void postgresql();
    void percentEncodedCredentials();
    void malformed_data();
    void malformed();
    void optionValuesCannotSmuggleOtherKeywords_data();
    void optionValuesCannotSmuggleOtherKeywords();
    void redactedHidesThePassword();
    void toStringRoundTrips_data();
    void toStringRoundTrips();
    void resolveExplicitWins();
    void resolveEnvironmentUrl();
    void resolveOriginalVariables();
    void resolveOriginalVariablesDefaults();
    void resolveOriginalVariablesBadPort();
    void resolveEmbeddedDefault();
};

void TestDatabaseUrl::sqliteForms_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("path");

    const QString cwd = QDir::currentPath();
    QTest::newRow("absolute") << QStringLiteral("sqlite:/var/lib/aigw/aigw.db")
                              << QStringLiteral("/var/lib/aigw/aigw.db");
    QTest::newRow("three slashes") << QStringLiteral("sqlite:///var/lib/aigw/aigw.db")
                                   << QStringLiteral("/var/lib/aigw/aigw.db");
    QTest::newRow("relative") << QStringLiteral("sqlite:data/aigw.db") << cwd + QStringLiteral("/data/aigw.db");
    QTest::newRow("two slashes relative") << QStringLiteral("sqlite://aigw.db") << cwd + QStringLiteral("/aigw.db");
    QTest::newRow("home") << QStringLiteral("sqlite:~/aigw.db") << QDir::homePath() + QStringLiteral("/aigw.db");
    QTest::newRow("cleaned") << QStringLiteral("sqlite:/a/./b/../c.db") << QStringLiteral("/a/c.db");
    QTest::newRow("scheme case") << QStringLiteral("SQLite:/x.db") << QStringLiteral("/x.db");
    QTest::newRow("surrounding spaces") << QStringLiteral("  sqlite:/x.db \n") << QStringLiteral("/x.db");
}

void TestDatabaseUrl::sqliteForms()
{
    QFETCH(QString, url);
    QFETCH(QString, path);
    auto u = DatabaseUrl::parse(url);
    QVERIFY2(u, qPrintable(u ? QString() : u.error().message));
    QCOMPARE(u.value().dialect(), SqlDialect::SQLite);
    QVERIFY(u.value().isSqlite());
    QCOMPARE(u.value().sqlitePath(), path);
    QVERIFY(!u.value().isEmbeddedDefault());
    QCOMPARE(u.value().toString(), QStringLiteral("sqlite:") + path);
    QCOMPARE(u.value().redacted(), QStringLiteral("sqlite:") + path);
}

void TestDatabaseUrl::postgresql_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("options");

    QTest::newRow("full") << QStringLiteral("postgresql://aigw:s3cret@db.example.com:6543/gateway")
                          << QStringLiteral("db.example.com") << 6543 << QStringLiteral("gateway")
                          << QStringLiteral("aigw") << QStringLiteral("s3cret") << QStringLiteral("connect_timeout=5");
    QTest::newRow("postgres scheme, default port, no password")
        << QStringLiteral("postgres://aigw@10.0.0.5/gw") << QStringLiteral("10.0.0.5") << 5432 << QStringLiteral("gw")
        << QStringLiteral("aigw") << QString() << QStringLiteral("connect_timeout=5");
    QTest::newRow("no user") << QStringLiteral("postgresql://localhost/gw") << QStringLiteral("localhost") << 5432
                             << QStringLiteral("gw") << QString() << QString() << QStringLiteral("connect_timeout=5");
    QTest::newRow("scheme case") << QStringLiteral("PostgreSQL://h/gw") << QStringLiteral("h") << 5432
                                 << QStringLiteral("gw") << QString() << QString()
                                 << QStringLiteral("connect_timeout=5");
    QTest::newRow("options") << QStringLiteral("postgresql://u:p@h:5433/gw?sslmode=verify-full&sslrootcert=/etc/ca.pem")
                             << QStringLiteral("h") << 5433 << QStringLiteral("gw") << QStringLiteral("u")
                             << QStringLiteral("p")
                             << QStringLiteral("sslmode=verify-full;sslrootcert=/etc/ca.pem;connect_timeout=5");
    QTest::newRow("own connect_timeout") << QStringLiteral("postgresql://h/gw?connect_timeout=30&application_name=x")
                                         << QStringLiteral("h") << 5432 << QStringLiteral("gw") << QString()
                                         << QString() << QStringLiteral("connect_timeout=30;application_name=x");
    QTest::newRow("IPv6") << QStringLiteral("postgresql://u@[::1]:5555/gw") << QStringLiteral("::1") << 5555
                          << QStringLiteral("gw") << QStringLiteral("u") << QString()
                          << QStringLiteral("connect_timeout=5");
}

void TestDatabaseUrl::postgresql()
{
    QFETCH(QString, url);
    auto u = DatabaseUrl::parse(url);
    QVERIFY2(u, qPrintable(u ? QString() : u.error().message));
    QCOMPARE(u.value().dialect(), SqlDialect::PostgreSQL);
    QVERIFY(!u.value().isSqlite());
    QTEST(u.value().host(), "host");
    QTEST(u.value().port(), "port");
    QTEST(u.value().databaseName(), "database");
    QTEST(u.value().userName(), "user");
    QTEST(u.value().password(), "password");
    QTEST(u.value().connectOptions(), "options");
    QVERIFY(!u.value().isEmbeddedDefault());
}

void TestDatabaseUrl::percentEncodedCredentials()
{
    auto u = DatabaseUrl::parse(QStringLiteral("postgresql://us%40er:p%40ss%3Aw%2Frd%25@h/gw"));
    QVERIFY(u);
    QCOMPARE(u.value().userName(), QStringLiteral("us@er"));
    QCOMPARE(u.value().password(), QStringLiteral("p@ss:w/rd%"));
}

void TestDatabaseUrl::malformed_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("message");

    QTest::newRow("other scheme") << QStringLiteral("mysql://db/x")
                                  << QStringLiteral("unsupported database URL 'mysql'");
    QTest::newRow("bare path") << QStringLiteral("/var/lib/aigw.db") << QStringLiteral("unsupported database URL");
    QTest::newRow("empty") << QString() << QStringLiteral("unsupported database URL");
    QTest::newRow("sqlite without path") << QStringLiteral("sqlite:") << QStringLiteral("names no file");
    QTest::newRow("sqlite with only slashes") << QStringLiteral("sqlite://") << QStringLiteral("names no file");
    QTest::newRow("no host") << QStringLiteral("postgresql:///gw") << QStringLiteral("malformed PostgreSQL URL");
    QTest::newRow("nothing after scheme")
        << QStringLiteral("postgresql://") << QStringLiteral("malformed PostgreSQL URL");
    QTest::newRow("no database") << QStringLiteral("postgresql://u@h:5432") << QStringLiteral("names no database");
    QTest::newRow("empty database") << QStringLiteral("postgresql://u@h:5432/") << QStringLiteral("names no database");
    QTest::newRow("nested path") << QStringLiteral("postgresql://h/a/b") << QStringLiteral("names no database");
    QTest::newRow("port too large") << QStringLiteral("postgresql://h:70000/gw") << QStringLiteral("PostgreSQL URL");
    QTest::newRow("port zero") << QStringLiteral("postgresql://h:0/gw") << QStringLiteral("invalid port");
    QTest::newRow("port not a number") << QStringLiteral("postgresql://h:abc/gw") << QStringLiteral("PostgreSQL URL");
    QTest::newRow("unsupported option") << QStringLiteral("postgresql://h/gw?sslmode=require&host=evil")
                                        << QStringLiteral("unsupported database URL option 'host'");
    QTest::newRow("password option") << QStringLiteral("postgresql://h/gw?password=x")
                                     << QStringLiteral("unsupported database URL option 'password'");
    QTest::newRow("option name case") << QStringLiteral("postgresql://h/gw?SSLMODE=disable")
                                      << QStringLiteral("unsupported database URL option 'SSLMODE'");
}

void TestDatabaseUrl::malformed()
{
    QFETCH(QString, url);
    QFETCH(QString, message);
    auto u = DatabaseUrl::parse(url);
    QVERIFY2(!u, qPrintable(u ? u.value().redacted() : QString()));
    QCOMPARE(u.error().kind, Error::Kind::InvalidArgument);
    QCOMPARE(u.error().field, QStringLiteral("database"));
    QVERIFY2(u.error().message.contains(message), qPrintable(u.error().message));
    QCOMPARE(u.error().message.count(QLatin1Char('\n')), 0);
}

void TestDatabaseUrl::optionValuesCannotSmuggleOtherKeywords_data()
{
    // QPSQL turns ';' into ' ' and appends the options to the libpq conninfo string unquoted, so a value with
    // a separator would add keywords the allow-list refuses (host, password, ...).
    QTest::addColumn<QString>("url");
    QTest::newRow("semicolon") << QStringLiteral("postgresql://h/gw?sslmode=require;host=evil");
    QTest::newRow("encoded semicolon") << QStringLiteral("postgresql://h/gw?sslmode=require%3Bhost%3Devil");
    QTest::newRow("space") << QStringLiteral("postgresql://h/gw?application_name=x%20host=evil");
    QTest::newRow("quote") << QStringLiteral("postgresql://h/gw?application_name=x'");
    QTest::newRow("backslash") << QStringLiteral("postgresql://h/gw?application_name=x%5C");
}

void TestDatabaseUrl::optionValuesCannotSmuggleOtherKeywords()
{
    QFETCH(QString, url);
    auto u = DatabaseUrl::parse(url);
    QVERIFY2(!u, qPrintable(u ? u.value().connectOptions() : QString()));
    QCOMPARE(u.error().field, QStringLiteral("database"));
}

void TestDatabaseUrl::redactedHidesThePassword()
{
    auto u = DatabaseUrl::parse(QStringLiteral("postgresql://aigw:hunter2-SECRET@db:6543/gw?sslmode=require"));
    QVERIFY(u);
    QCOMPARE(u.value().redacted(), QStringLiteral("postgresql://aigw:***@db:6543/gw"));
    QVERIFY(!u.value().redacted().contains(QStringLiteral("hunter2")));

    auto noPassword = DatabaseUrl::parse(QStringLiteral("postgresql://aigw@db/gw"));
    QVERIFY(noPassword);
    QCOMPARE(noPassword.value().redacted(), QStringLiteral("postgresql://aigw@db:5432/gw"));
    auto noUser = DatabaseUrl::parse(QStringLiteral("postgresql://db/gw"));
    QVERIFY(noUser);
    QCOMPARE(noUser.value().redacted(), QStringLiteral("postgresql://db:5432/gw"));

    auto fromEnv
        = DatabaseUrl::resolve({},
                               testEnvironment({{QStringLiteral("DB_HOST"), QStringLiteral("pg")},
                                                {QStringLiteral("DB_PASSWORD"), QStringLiteral("topsecret")}}));
    QVERIFY(fromEnv);
    QVERIFY(!fromEnv.value().redacted().contains(QStringLiteral("topsecret")));
    QVERIFY(fromEnv.value().redacted().contains(QStringLiteral(":***@pg:5432/")));
}

void TestDatabaseUrl::toStringRoundTrips_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("plain") << QStringLiteral("postgresql://aigw:pw@db:6543/gw");
    QTest::newRow("no credentials") << QStringLiteral("postgresql://db/gw");
    QTest::newRow("special characters") << QStringLiteral("postgresql://u%40x:p%40ss%3A%2F%25%41@db/gw");
    QTest::newRow("literal percent sequence in password") << QStringLiteral("postgresql://u:a%2541b%26c@db/gw");
    QTest::newRow("options") << QStringLiteral("postgresql://u@db/gw?sslmode=require&connect_timeout=9");
    QTest::newRow("option values with delimiters")
        << QStringLiteral("postgresql://u@db/gw?sslrootcert=/etc/a%26b%3Dc%25d%2Be.pem&application_name=x%23y");
    QTest::newRow("sqlite") << QStringLiteral("sqlite:/tmp/x y/aigw.db");
}

void TestDatabaseUrl::toStringRoundTrips()
{
    QFETCH(QString, url);
    auto a = DatabaseUrl::parse(url);
    QVERIFY(a);
    auto b = DatabaseUrl::parse(a.value().toString());
    QVERIFY2(b, qPrintable(a.value().toString()));
    QCOMPARE(b.value().dialect(), a.value().dialect());
    QCOMPARE(b.value().sqlitePath(), a.value().sqlitePath());
    QCOMPARE(b.value().host(), a.value().host());
    QCOMPARE(b.value().port(), a.value().port());
    QCOMPARE(b.value().databaseName(), a.value().databaseName());
    QCOMPARE(b.value().userName(), a.value().userName());
    QCOMPARE(b.value().password(), a.value().password());
    QCOMPARE(b.value().connectOptions(), a.value().connectOptions());
}

void TestDatabaseUrl::resolveExplicitWins()
{
    const QProcessEnvironment e
        = testEnvironment({{QStringLiteral("AIGW_DATABASE_URL"), QStringLiteral("postgresql://env/gw")},
                           {QStringLiteral("DB_HOST"), QStringLiteral("legacy")},
                           {QStringLiteral("AIGW_DATA_DIR"), QStringLiteral("/tmp/aigw-data")}});
    auto u = DatabaseUrl::resolve(QStringLiteral("sqlite:/explicit.db"), e);
    QVERIFY(u);
    QCOMPARE(u.value().sqlitePath(), QStringLiteral("/explicit.db"));
    QVERIFY(!u.value().isEmbeddedDefault());
    // An explicit URL that is malformed is an error, not a reason to fall back.
    auto bad = DatabaseUrl::resolve(QStringLiteral("mysql://x/y"), e);
    QVERIFY(!bad);
}

void TestDatabaseUrl::resolveEnvironmentUrl()
{
    auto u = DatabaseUrl::resolve(
        {},
        testEnvironment({{QStringLiteral("AIGW_DATABASE_URL"), QStringLiteral("postgresql://env/gw")},
                         {QStringLiteral("DB_HOST"), QStringLiteral("legacy")}}));
    QVERIFY(u);
    QCOMPARE(u.value().host(), QStringLiteral("env"));
    auto bad = DatabaseUrl::resolve(
        {}, testEnvironment({{QStringLiteral("AIGW_DATABASE_URL"), QStringLiteral("postgresql://")}}));
    QVERIFY(!bad);
    // Set but empty is unset.
    auto empty = DatabaseUrl::resolve({},
                                      testEnvironment({{QStringLiteral("AIGW_DATABASE_URL"), QString()},
                                                       {QStringLiteral("DB_HOST"), QStringLiteral("legacy")}}));
    QVERIFY(empty);
    QCOMPARE(empty.value().host(), QStringLiteral("legacy"));
}

void TestDatabaseUrl::resolveOriginalVariables()
{
    auto u = DatabaseUrl::resolve({},
                                  testEnvironment({{QStringLiteral("DB_HOST"), QStringLiteral("pg.internal")},
                                                   {QStringLiteral("DB_PORT"), QStringLiteral("6000")},
                                                   {QStringLiteral("DB_NAME"), QStringLiteral("gateway")},
                                                   {QStringLiteral("DB_USER"), QStringLiteral("gw")},
                                                   {QStringLiteral("DB_PASSWORD"), QStringLiteral("p@ss word")}}));
    QVERIFY(u);
    QCOMPARE(u.value().dialect(), SqlDialect::PostgreSQL);
    QCOMPARE(u.value().host(), QStringLiteral("pg.internal"));
    QCOMPARE(u.value().port(), 6000);
    QCOMPARE(u.value().databaseName(), QStringLiteral("gateway"));
    QCOMPARE(u.value().userName(), QStringLiteral("gw"));
    QCOMPARE(u.value().password(), QStringLiteral("p@ss word"));
    QCOMPARE(u.value().connectOptions(), QStringLiteral("connect_timeout=5"));
    QVERIFY(!u.value().isEmbeddedDefault());
}

void TestDatabaseUrl::resolveOriginalVariablesDefaults()
{
    // The original's application.yml: ${DB_PORT:5432}, ${DB_NAME:ai_gateway}, ${DB_USER:postgres},
    // ${DB_PASSWORD:postgres}. Its hard-coded sslMode=require is a documented defect and is not copied.
    auto u = DatabaseUrl::resolve({}, testEnvironment({{QStringLiteral("DB_HOST"), QStringLiteral("pg")}}));
    QVERIFY(u);
    QCOMPARE(u.value().host(), QStringLiteral("pg"));
    QCOMPARE(u.value().port(), 5432);
    QCOMPARE(u.value().databaseName(), QStringLiteral("ai_gateway"));
    QCOMPARE(u.value().userName(), QStringLiteral("postgres"));
    QCOMPARE(u.value().password(), QStringLiteral("postgres"));
    QCOMPARE(u.value().connectOptions(), QStringLiteral("connect_timeout=5"));

    // docker-compose passes a variable missing from .env as set-but-empty: that is "unset" too.
    auto empty = DatabaseUrl::resolve({},
                                      testEnvironment({{QStringLiteral("DB_HOST"), QStringLiteral("pg")},
                                                       {QStringLiteral("DB_PORT"), QString()},
                                                       {QStringLiteral("DB_NAME"), QString()},
                                                       {QStringLiteral("DB_USER"), QString()},
                                                       {QStringLiteral("DB_PASSWORD"), QString()}}));
    QVERIFY2(empty, qPrintable(empty ? QString() : empty.error().message));
    QCOMPARE(empty.value().port(), 5432);
    QCOMPARE(empty.value().databaseName(), QStringLiteral("ai_gateway"));
    QCOMPARE(empty.value().userName(), QStringLiteral("postgres"));
    QCOMPARE(empty.value().password(), QStringLiteral("postgres"));
}

void TestDatabaseUrl::resolveOriginalVariablesBadPort()
{
    for (const QString& port : {QStringLiteral("abc"), QStringLiteral("0"), QStringLiteral("65536")}) {
        auto u = DatabaseUrl::resolve(
            {},
            testEnvironment({{QStringLiteral("DB_HOST"), QStringLiteral("pg")}, {QStringLiteral("DB_PORT"), port}}));
        QVERIFY2(!u, qPrintable(port));
        QCOMPARE(u.error().field, QStringLiteral("DB_PORT"));
        QVERIFY(u.error().message.contains(QStringLiteral("DB_PORT")));
    }
}

void TestDatabaseUrl::resolveEmbeddedDefault()
{
    auto u = DatabaseUrl::resolve({},
                                  testEnvironment({{QStringLiteral("AIGW_DATA_DIR"), QStringLiteral("/srv/aigw/")},
                                                   {QStringLiteral("HOME"), QStringLiteral("/home/someone")}}));
    QVERIFY(u);
    QVERIFY(u.value().isSqlite());
    QVERIFY(u.value().isEmbeddedDefault());
    QCOMPARE(u.value().sqlitePath(), QStringLiteral("/srv/aigw/aigw.db"));

    // DB_HOST empty, the other DB_* set: still the embedded default (DB_HOST is what selects PostgreSQL).
    auto xdg = DatabaseUrl::resolve({},
                                    testEnvironment({{QStringLiteral("XDG_DATA_HOME"), QStringLiteral("/xdg")},
                                                     {QStringLiteral("DB_HOST"), QString()},
                                                     {QStringLiteral("DB_NAME"), QStringLiteral("x")}}));
    QVERIFY(xdg);
    QVERIFY(xdg.value().isEmbeddedDefault());
    QCOMPARE(xdg.value().sqlitePath(), QStringLiteral("/xdg/aigw/aigw.db"));

    auto home = DatabaseUrl::resolve({}, testEnvironment({{QStringLiteral("HOME"), QStringLiteral("/home/someone")}}));
    QVERIFY(home);
    QCOMPARE(home.value().sqlitePath(), QStringLiteral("/home/someone/.local/share/aigw/aigw.db"));
}

QTEST_GUILESS_MAIN(TestDatabaseUrl)
#include "TestDatabaseUrl.moc"
