#include "TestEnvironment.h"

#include "config/Config.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

/** Settings precedence: set() > environment > config file > fallback; file discovery and errors. */
class TestConfig : public QObject
{
    Q_OBJECT

private slots:
    void precedence();
    void emptyValuesFallThrough();
    void environmentNamesInOrder();
    void integer();
    void integerErrorNamesTheKey_data();
    void integerErrorNamesTheKey();
    void fileValues_data();
    void fileValues();
    void missingExplicitFileIsAnError();
    void missingAigwConfigFileIsAnError();
    void defaultFileIsOptional();
    void defaultFileUnderXdgConfigHome();
    void explicitPathBeatsAigwConfig();

private:
    QString writeFile(const QString& name, const QByteArray& content)
    {
        const QString path = m_dir.filePath(name);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        f.write(content);
        return path;
    }

    QTemporaryDir m_dir;
};

void TestConfig::precedence()
{
    const QString path = writeFile(QStringLiteral("p.conf"), "[server]\nlisten=file:1\nworkers=3\nname=from-file\n");
    auto loaded = Config::load(path,
                               testEnvironment({{QStringLiteral("AIGW_LISTEN"), QStringLiteral("env:2")},
                                                {QStringLiteral("AIGW_WORKERS"), QStringLiteral("5")}}));
    QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().message));
    Config c = loaded.value();
    QCOMPARE(c.filePath(), QFileInfo(path).absoluteFilePath());
    const QStringList listenEnv{QStringLiteral("AIGW_LISTEN")};

    // env beats file
    QCOMPARE(c.value(QStringLiteral("server/listen"), listenEnv, QStringLiteral("fallback")), QStringLiteral("env:2"));
    // file beats fallback
    QCOMPARE(c.value(QStringLiteral("server/name"), {QStringLiteral("AIGW_NAME")}, QStringLiteral("fallback")),
             QStringLiteral("from-file"));
    // fallback when nothing else
    QCOMPARE(c.value(QStringLiteral("server/other"), {QStringLiteral("AIGW_OTHER")}, QStringLiteral("fallback")),
             QStringLiteral("fallback"));
    // the environment is consulted only through the names given
    QCOMPARE(c.value(QStringLiteral("server/listen")), QStringLiteral("file:1"));
    // set() beats everything
    c.set(QStringLiteral("server/listen"), QStringLiteral("flag:3"));
    QCOMPARE(c.value(QStringLiteral("server/listen"), listenEnv, QStringLiteral("fallback")), QStringLiteral("flag:3"));
    QCOMPARE(c.value(QStringLiteral("server/name")), QStringLiteral("from-file"));

    QCOMPARE(c.integer(QStringLiteral("server/workers"), {QStringLiteral("AIGW_WORKERS")}, 1).value(), qint64(5));
    QCOMPARE(c.integer(QStringLiteral("server/workers"), {}, 1).value(), qint64(3));
    QCOMPARE(c.integer(QStringLiteral("server/threads"), {}, 7).value(), qint64(7));
    c.set(QStringLiteral("server/workers"), QStringLiteral("9"));
    QCOMPARE(c.integer(QStringLiteral("server/workers"), {QStringLiteral("AIGW_WORKERS")}, 1).value(), qint64(9));
}

void TestConfig::emptyValuesFallThrough()
{
    // "Set but empty" (docker-compose passes that for a missing .env entry) means "not set" at every level.
    const QString path = writeFile(QStringLiteral("e.conf"), "[a]\nx=\ny=file\n");
    auto loaded
        = Config::load(path, testEnvironment({{QStringLiteral("X"), QString()}, {QStringLiteral("Y"), QString()}}));
    QVERIFY(loaded);
    Config c = loaded.value();
    c.set(QStringLiteral("a/y"), QString());
    QCOMPARE(c.value(QStringLiteral("a/x"), {QStringLiteral("X")}, QStringLiteral("fb")), QStringLiteral("fb"));
    QCOMPARE(c.value(QStringLiteral("a/y"), {QStringLiteral("Y")}, QStringLiteral("fb")), QStringLiteral("file"));
}

void TestConfig::environmentNamesInOrder()
{
    const Config c = Config::fromEnvironment(testEnvironment(
        {{QStringLiteral("AIGW_K"), QStringLiteral("first")}, {QStringLiteral("K"), QStringLiteral("second")}}));
    QVERIFY(c.filePath().isEmpty());
    QCOMPARE(c.value(QStringLiteral("s/k"), {QStringLiteral("AIGW_K"), QStringLiteral("K")}), QStringLiteral("first"));
    QCOMPARE(c.value(QStringLiteral("s/k"), {QStringLiteral("K"), QStringLiteral("AIGW_K")}), QStringLiteral("second"));
    QCOMPARE(c.value(QStringLiteral("s/k"), {QStringLiteral("MISSING"), QStringLiteral("K")}),
             QStringLiteral("second"));
}

void TestConfig::integer()
{
    Config c = Config::fromEnvironment(testEnvironment({{QStringLiteral("N"), QStringLiteral(" 42 ")},
                                                        {QStringLiteral("NEG"), QStringLiteral("-7")},
                                                        {QStringLiteral("BIG"), QStringLiteral("9000000000")}}));
    QCOMPARE(c.integer(QStringLiteral("a/n"), {QStringLiteral("N")}, 0).value(), qint64(42));
    QCOMPARE(c.integer(QStringLiteral("a/neg"), {QStringLiteral("NEG")}, 0).value(), qint64(-7));
    QCOMPARE(c.integer(QStringLiteral("a/big"), {QStringLiteral("BIG")}, 0).value(), qint64(9000000000LL));
    QCOMPARE(c.integer(QStringLiteral("a/none"), {QStringLiteral("NONE")}, 60).value(), qint64(60));
}

void TestConfig::integerErrorNamesTheKey_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("word") << QStringLiteral("many");
    QTest::newRow("unit suffix") << QStringLiteral("30s");
    QTest::newRow("decimal") << QStringLiteral("1.5");
    QTest::newRow("overflow") << QStringLiteral("99999999999999999999");
}

void TestConfig::integerErrorNamesTheKey()
{
    QFETCH(QString, text);
    Config c = Config::fromEnvironment({});
    c.set(QStringLiteral("limits/default_rpm"), text);
    const auto r = c.integer(QStringLiteral("limits/default_rpm"), {}, 60);
    QVERIFY(!r);
    QCOMPARE(r.error().kind, Error::Kind::InvalidArgument);
    QCOMPARE(r.error().field, QStringLiteral("limits/default_rpm"));
    QVERIFY2(r.error().message.contains(QStringLiteral("limits/default_rpm")), qPrintable(r.error().message));
    QVERIFY2(r.error().message.contains(text), qPrintable(r.error().message));
}

void TestConfig::fileValues_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("expected");

    QTest::newRow("base64 with padding") << QByteArray("v=3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs=")
                                         << QStringLiteral("3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs=");
    QTest::newRow("URL") << QByteArray("v=postgresql://u:p@db:5432/aigw?sslmode=require")
                         << QStringLiteral("postgresql://u:p@db:5432/aigw?sslmode=require");
    // Lists such as security/previous_encryption_keys are comma separated.
    QTest::newRow("comma separated") << QByteArray("v=a,b , c") << QStringLiteral("a,b,c");
    QTest::newRow("spaces around =") << QByteArray("v = 8080") << QStringLiteral("8080");
}

void TestConfig::fileValues()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, expected);
    const QString path = writeFile(QStringLiteral("v.conf"), "[s]\n" + line + "\n");
    auto loaded = Config::load(path, {});
    QVERIFY(loaded);
    QCOMPARE(loaded.value().value(QStringLiteral("s/v")), expected);
}

void TestConfig::missingExplicitFileIsAnError()
{
    const QString path = m_dir.filePath(QStringLiteral("nope.conf"));
    auto loaded = Config::load(path, {});
    QVERIFY(!loaded);
    QCOMPARE(loaded.error().kind, Error::Kind::InvalidArgument);
    QVERIFY2(loaded.error().message.contains(path), qPrintable(loaded.error().message));
    QVERIFY(loaded.error().message.contains(QStringLiteral("does not exist")));
}

void TestConfig::missingAigwConfigFileIsAnError()
{
    const QString path = m_dir.filePath(QStringLiteral("missing-from-env.conf"));
    auto loaded = Config::load({},
                               testEnvironment({{QStringLiteral("AIGW_CONFIG"), path},
                                                {QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home"))}}));
    QVERIFY(!loaded);
    QVERIFY2(loaded.error().message.contains(path), qPrintable(loaded.error().message));
}

void TestConfig::defaultFileIsOptional()
{
    auto loaded
        = Config::load({}, testEnvironment({{QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("empty-home"))}}));
    QVERIFY(loaded);
    QVERIFY(loaded.value().filePath().isEmpty());
    QCOMPARE(loaded.value().value(QStringLiteral("server/listen"), {}, QStringLiteral("fb")), QStringLiteral("fb"));
}

void TestConfig::defaultFileUnderXdgConfigHome()
{
    const QString path = writeFile(QStringLiteral("xdg/aigw/aigw.conf"), "[server]\nlisten=xdg\n");
    auto loaded
        = Config::load({},
                       testEnvironment({{QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("xdg"))},
                                        {QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home"))}}));
    QVERIFY(loaded);
    QCOMPARE(loaded.value().filePath(), path);
    QCOMPARE(loaded.value().value(QStringLiteral("server/listen")), QStringLiteral("xdg"));

    const QString homePath = writeFile(QStringLiteral("home2/.config/aigw/aigw.conf"), "[server]\nlisten=home\n");
    auto fromHome
        = Config::load({}, testEnvironment({{QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home2"))}}));
    QVERIFY(fromHome);
    QCOMPARE(fromHome.value().filePath(), homePath);
    QCOMPARE(fromHome.value().value(QStringLiteral("server/listen")), QStringLiteral("home"));
}

void TestConfig::explicitPathBeatsAigwConfig()
{
    const QString a = writeFile(QStringLiteral("a.conf"), "[s]\nk=a\n");
    const QString b = writeFile(QStringLiteral("b.conf"), "[s]\nk=b\n");
    auto loaded = Config::load(a, testEnvironment({{QStringLiteral("AIGW_CONFIG"), b}}));
    QVERIFY(loaded);
    QCOMPARE(loaded.value().value(QStringLiteral("s/k")), QStringLiteral("a"));
    auto fromEnv = Config::load({}, testEnvironment({{QStringLiteral("AIGW_CONFIG"), b}}));
    QVERIFY(fromEnv);
    QCOMPARE(fromEnv.value().value(QStringLiteral("s/k")), QStringLiteral("b"));
}

QTEST_GUILESS_MAIN(TestConfig)
#include "TestConfig.moc"
