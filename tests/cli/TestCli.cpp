// The aigw CLI through its real interface: the executable, its arguments, stdin, stdout, stderr and exit
// code, against a real SQLite file or PostgreSQL database.

#include "TestDatabase.h"
#include "TestPaths.h"

#include "security/Digest.h"
#include "storage/ApiKeyRepository.h"
#include "storage/CredentialRepository.h"
#include "storage/ProjectRepository.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {
struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};
} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_db;
    QTemporaryDir m_home;

    Run aigw(const QStringList& args, const QByteArray& stdinData = {}, bool withDatabase = true)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("AIGW_DATA_DIR"), m_home.filePath(QStringLiteral("data")));
        env.remove(QStringLiteral("AIGW_DATABASE_URL"));
        env.remove(QStringLiteral("DB_HOST"));
        if (m_db && m_db->databaseUrl().dialect() == SqlDialect::PostgreSQL) {
            env.insert(QStringLiteral("ENCRYPTION_KEY"),
                       QStringLiteral("3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs="));
            env.insert(QStringLiteral("JWT_SECRET"), QStringLiteral("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));
        }
        p.setProcessEnvironment(env);
        QStringList all = args;
        if (withDatabase && m_db)
            all << QStringLiteral("--database") << m_db->url();
        p.start(TestPaths::binaryDir() + QStringLiteral("/server/aigw"), all);
        if (!p.waitForStarted(10000))
            qFatal("cannot start aigw");
        if (!stdinData.isEmpty())
            p.write(stdinData);
        p.closeWriteChannel();
        if (!p.waitForFinished(60000))
            qFatal("aigw did not finish");
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

    QJsonDocument json(const Run& r)
    {
        QJsonParseError e;
        const QJsonDocument d = QJsonDocument::fromJson(r.out.toUtf8(), &e);
        if (e.error != QJsonParseError::NoError)
            qWarning() << "not JSON:" << r.out;
        return d;
    }

    QString createProject(const QString& name, const QStringList& extra = {})
    {
        const Run r = aigw(QStringList{QStringLiteral("project"), QStringLiteral("create"), name} + extra);
        if (r.exitCode != 0)
            qWarning() << r.err;
        return r.out.trimmed();
    }

private slots:
    void init() { AIGW_CREATE_TEST_DATABASE(m_db, true); }
    void cleanup() { m_db.reset(); }

    void projectAndKeyWithNoConfigurationAtAll()
    {
        if (TestDatabase::backend() != QLatin1String("sqlite"))
            QSKIP("the zero-configuration path is the embedded SQLite default");
        m_db.reset(); // no --database: the default file in the data directory
        const Run created
            = aigw({QStringLiteral("project"), QStringLiteral("create"), QStringLiteral("demo")}, {}, false);
        QCOMPARE(created.exitCode, 0);
        const QString id = created.out.trimmed();
        QVERIFY2(
            QRegularExpression(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"))
                .match(id)
                .hasMatch(),
            qPrintable(created.out));
        const Run key = aigw({QStringLiteral("key"), QStringLiteral("create"), id}, {}, false);
        QCOMPARE(key.exitCode, 0);
        const QString plaintext = key.out.trimmed();
        QVERIFY2(QRegularExpression(QStringLiteral("^gw_") + id.left(5) + QStringLiteral("_[a-z0-9]{32}$"))
                     .match(plaintext)
                     .hasMatch(),
                 qPrintable(plaintext));
        QCOMPARE(plaintext.size(), 41);
        QVERIFY(key.err.contains(QStringLiteral("will not be shown again")));

        // Stored: the hash and prefix, never the key.
        const QString dbPath = m_home.filePath(QStringLiteral("data/aigw.db"));
        QVERIFY(QFileInfo::exists(dbPath));
        Database db(DatabaseUrl::sqlite(dbPath));
        auto stored = ApiKeyRepository(db).findByHash(QString::fromLatin1(Digest::sha256(plaintext.toUtf8()).toHex()));
        QVERIFY2(stored, qPrintable(stored ? QString() : stored.error().message));
        QCOMPARE(stored.value().keyPrefix, plaintext.left(12));
        QFile raw(dbPath);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        QVERIFY(!raw.readAll().contains(plaintext.toUtf8()));

        // Storing a credential needs the encryption key: generated on first use into a private file next to
        // the database, and reused afterwards (a credential stored by one run decrypts in the next).
        const QFileInfo secrets(dbPath + QStringLiteral(".secrets"));
        QVERIFY(!secrets.exists());
        QCOMPARE(aigw({QStringLiteral("credential"), QStringLiteral("set"), id, QStringLiteral("openai")},
                      "sk-proj-0123456789abcdef\n", false)
                     .exitCode,
                 0);
        QVERIFY(QFileInfo::exists(secrets.filePath()));
        QCOMPARE(int(QFileInfo(secrets.filePath()).permissions()
                     & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup
                        | QFileDevice::WriteOther)),
                 0);
        const QByteArray secretsBefore = [&] {
            QFile f(secrets.filePath());
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }();
        QCOMPARE(aigw({QStringLiteral("credential"), QStringLiteral("list"), id}, {}, false).exitCode, 0);
        QFile f(secrets.filePath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), secretsBefore);
    }

    void projectLifecycle()
    {
        const QString id = createProject(QStringLiteral("acme"),
                                         {QStringLiteral("--daily-cost-limit"), QStringLiteral("10.5"),
                                          QStringLiteral("--monthly-cost-limit"), QStringLiteral("0.000001"),
                                          QStringLiteral("--daily-token-limit"), QStringLiteral("1000"),
                                          QStringLiteral("--default-provider"), QStringLiteral("anthropic"),
                                          QStringLiteral("--default-capability"), QStringLiteral("fast")});
        QVERIFY(!id.isEmpty());
        Run shown = aigw(
            {QStringLiteral("project"), QStringLiteral("show"), QStringLiteral("acme"), QStringLiteral("--json")});
        QCOMPARE(shown.exitCode, 0);
        QJsonObject o = json(shown).object();
        QCOMPARE(o.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(o.value(QStringLiteral("daily_cost_limit_micros")).toInteger(), 10500000);
        QCOMPARE(o.value(QStringLiteral("monthly_cost_limit_micros")).toInteger(), 1);
        QCOMPARE(o.value(QStringLiteral("daily_token_limit")).toInteger(), 1000);
        QVERIFY(o.value(QStringLiteral("monthly_token_limit")).isNull());
        QCOMPARE(o.value(QStringLiteral("default_provider")).toString(), QStringLiteral("anthropic"));
        QCOMPARE(o.value(QStringLiteral("default_capability")).toString(), QStringLiteral("fast"));
        QVERIFY(o.value(QStringLiteral("created_at")).toString().endsWith(QLatin1Char('Z')));

        const Run updated
            = aigw({QStringLiteral("project"), QStringLiteral("update"), id, QStringLiteral("--daily-cost-limit"),
                    QStringLiteral("none"), QStringLiteral("--name"), QStringLiteral("acme-2"),
                    QStringLiteral("--fallbacks"), QStringLiteral("openai/gpt-4.1, gemini/gemini-2.5-pro")});
        QCOMPARE(updated.exitCode, 0);
        o = json(aigw({QStringLiteral("project"), QStringLiteral("show"), id, QStringLiteral("--json")})).object();
        QCOMPARE(o.value(QStringLiteral("name")).toString(), QStringLiteral("acme-2"));
        QVERIFY(o.value(QStringLiteral("daily_cost_limit")).isNull());
        QCOMPARE(o.value(QStringLiteral("daily_token_limit")).toInteger(), 1000); // untouched
        QCOMPARE(o.value(QStringLiteral("fallbacks")).toArray().size(), 2);

        QCOMPARE(aigw({QStringLiteral("project"), QStringLiteral("deactivate"), id}).exitCode, 0);
        QCOMPARE(
            json(aigw({QStringLiteral("project"), QStringLiteral("list"), QStringLiteral("--json")})).array().size(),
            0);
        const QJsonArray all = json(aigw({QStringLiteral("project"), QStringLiteral("list"), QStringLiteral("--all"),
                                          QStringLiteral("--json")}))
                                   .array();
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.at(0).toObject().value(QStringLiteral("is_active")).toBool(), false);
        const Run table = aigw({QStringLiteral("project"), QStringLiteral("list"), QStringLiteral("--all")});
        QVERIFY(table.out.startsWith(QStringLiteral("ID")));
        QVERIFY(table.out.contains(QStringLiteral("acme-2")));
    }

    void keyLifecycle()
    {
        const QString id = createProject(QStringLiteral("keys"));
        const Run created
            = aigw({QStringLiteral("key"), QStringLiteral("create"), id, QStringLiteral("--name"), QStringLiteral("ci"),
                    QStringLiteral("--rpm"), QStringLiteral("120"), QStringLiteral("--models"),
                    QStringLiteral("gpt-4.1,claude-haiku-4-5"), QStringLiteral("--json")});
        QCOMPARE(created.exitCode, 0);
        const QJsonObject k = json(created).object();
        const QString plaintext = k.value(QStringLiteral("key")).toString();
        QVERIFY(plaintext.startsWith(QStringLiteral("gw_")));
        QCOMPARE(k.value(QStringLiteral("key_prefix")).toString(), plaintext.left(12));
        QCOMPARE(k.value(QStringLiteral("rate_limit_rpm")).toInt(), 120);
        QCOMPARE(k.value(QStringLiteral("allowed_models")).toArray().size(), 2);

        const QJsonArray listed
            = json(aigw({QStringLiteral("key"), QStringLiteral("list"), id, QStringLiteral("--json")})).array();
        QCOMPARE(listed.size(), 1);
        QVERIFY(!listed.at(0).toObject().contains(QStringLiteral("key"))); // never shown again
        QVERIFY(!aigw({QStringLiteral("key"), QStringLiteral("list"), id}).out.contains(plaintext));

        const QString keyId = k.value(QStringLiteral("id")).toString();
        QCOMPARE(aigw({QStringLiteral("key"), QStringLiteral("revoke"), keyId}).exitCode, 0);
        QCOMPARE(
            json(aigw({QStringLiteral("key"), QStringLiteral("list"), id, QStringLiteral("--json")})).array().size(),
            0);
        const QJsonArray all = json(aigw({QStringLiteral("key"), QStringLiteral("list"), id, QStringLiteral("--all"),
                                          QStringLiteral("--json")}))
                                   .array();
        QCOMPARE(all.size(), 1);
        QVERIFY(!all.at(0).toObject().value(QStringLiteral("revoked_at")).isNull());
    }

    void credentialLifecycle()
    {
        const QString id = createProject(QStringLiteral("creds"));
        const QByteArray secret = "sk-ant-api03-SECRETSECRETSECRET-9xYz";
        const Run set = aigw({QStringLiteral("credential"), QStringLiteral("set"), id, QStringLiteral("anthropic"),
                              QStringLiteral("--base-url"), QStringLiteral("http://127.0.0.1:8099/")},
                             secret + "\n");
        QCOMPARE(set.exitCode, 0);
        QVERIFY(!set.out.contains(QString::fromLatin1(secret)));
        const QJsonArray listed
            = json(aigw({QStringLiteral("credential"), QStringLiteral("list"), id, QStringLiteral("--json")})).array();
        QCOMPARE(listed.size(), 1);
        const QJsonObject c = listed.at(0).toObject();
        QCOMPARE(c.value(QStringLiteral("masked_key")).toString(), QStringLiteral("****9xYz"));
        QCOMPARE(c.value(QStringLiteral("base_url")).toString(), QStringLiteral("http://127.0.0.1:8099"));
        // Stored encrypted, bound to the project and provider.
        auto stored = CredentialRepository(m_db->db()).find(id, QStringLiteral("anthropic"));
        QVERIFY(stored);
        QVERIFY(stored.value().encryptedKey.startsWith(QStringLiteral("v1:")));
        QVERIFY(!stored.value().encryptedKey.contains(QString::fromLatin1(secret)));

        QCOMPARE(
            aigw({QStringLiteral("credential"), QStringLiteral("delete"), id, QStringLiteral("anthropic")}).exitCode,
            0);
        const Run again
            = aigw({QStringLiteral("credential"), QStringLiteral("delete"), id, QStringLiteral("anthropic")});
        QCOMPARE(again.exitCode, 1);
        QVERIFY(again.err.startsWith(QStringLiteral("aigw: error: no anthropic credential")));
    }

    void adminCreate()
    {
        QCOMPARE(aigw({QStringLiteral("admin"), QStringLiteral("create"), QStringLiteral("ops@example.com")},
                      "correct horse battery staple\n")
                     .exitCode,
                 0);
        const Run dup = aigw({QStringLiteral("admin"), QStringLiteral("create"), QStringLiteral("OPS@example.com")},
                             "another long password\n");
        QCOMPARE(dup.exitCode, 1);
        QVERIFY2(dup.err.contains(QStringLiteral("already exists")), qPrintable(dup.err));
        const Run weak
            = aigw({QStringLiteral("admin"), QStringLiteral("create"), QStringLiteral("v@example.com")}, "short\n");
        QCOMPARE(weak.exitCode, 1);
        QVERIFY(weak.err.contains(QStringLiteral("at least 12 characters")));
        const QJsonArray admins
            = json(aigw({QStringLiteral("admin"), QStringLiteral("list"), QStringLiteral("--json")})).array();
        QCOMPARE(admins.size(), 1);
        QCOMPARE(admins.at(0).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("admin"));
        QVERIFY(!admins.at(0).toObject().contains(QStringLiteral("password_hash")));
    }

    void badInputIsOneLineAndWritesNothing_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown project") << QStringList{QStringLiteral("key"), QStringLiteral("create"),
                                                        QStringLiteral("nope")}
                                         << QByteArray() << QStringLiteral("project not found: nope");
        QTest::newRow("malformed project id") << QStringList{QStringLiteral("project"), QStringLiteral("show"),
                                                             QStringLiteral("00000000-0000-0000-0000-00000000000Z")}
                                              << QByteArray() << QStringLiteral("project not found");
        QTest::newRow("missing argument") << QStringList{QStringLiteral("key"), QStringLiteral("create")}
                                          << QByteArray() << QStringLiteral("missing argument PROJECT");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("project"), QStringLiteral("list"),
                                                       QStringLiteral("--colour")}
                                        << QByteArray() << QStringLiteral("unknown option --colour");
        QTest::newRow("bad limit") << QStringList{QStringLiteral("project"), QStringLiteral("create"),
                                                  QStringLiteral("x"), QStringLiteral("--daily-cost-limit"),
                                                  QStringLiteral("-5")}
                                   << QByteArray() << QStringLiteral("--daily-cost-limit must be an amount");
        QTest::newRow("bad capability") << QStringList{QStringLiteral("project"), QStringLiteral("create"),
                                                       QStringLiteral("x"), QStringLiteral("--default-capability"),
                                                       QStringLiteral("quality")}
                                        << QByteArray() << QStringLiteral("default_capability 'quality' is not one of");
        QTest::newRow("unknown provider") << QStringList{QStringLiteral("credential"), QStringLiteral("set"),
                                                         QStringLiteral("p"), QStringLiteral("groq")}
                                          << QByteArray("key\n") << QStringLiteral("unsupported provider 'groq'");
        QTest::newRow("empty secret") << QStringList{QStringLiteral("credential"), QStringLiteral("set"),
                                                     QStringLiteral("p"), QStringLiteral("openai")}
                                      << QByteArray("\n") << QStringLiteral("no api_key given");
        QTest::newRow("bad base url") << QStringList{QStringLiteral("credential"), QStringLiteral("set"),
                                                     QStringLiteral("p"),          QStringLiteral("openai"),
                                                     QStringLiteral("--base-url"), QStringLiteral("ftp://x")}
                                      << QByteArray("k\n") << QStringLiteral("must be an http(s) URL");
        QTest::newRow("malformed database URL")
            << QStringList{QStringLiteral("project"), QStringLiteral("list"), QStringLiteral("--database"),
                           QStringLiteral("mysql://db")}
            << QByteArray() << QStringLiteral("unsupported database URL 'mysql'");
        QTest::newRow("unreachable database")
            << QStringList{QStringLiteral("project"), QStringLiteral("list"), QStringLiteral("--database"),
                           QStringLiteral("postgresql://aigw@127.0.0.1:1/none")}
            << QByteArray() << QStringLiteral("cannot open database postgresql://aigw@127.0.0.1:1/none");
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")} << QByteArray()
                                         << QStringLiteral("unknown command 'frobnicate'");
    }

    void badInputIsOneLineAndWritesNothing()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, input);
        QFETCH(QString, message);
        createProject(QStringLiteral("p"));
        auto before = ProjectRepository(m_db->db()).list(true);
        QVERIFY(before);

        // A later --database overrides the test database for the URL rows.
        const Run r = aigw(args, input, !args.contains(QStringLiteral("--database")));
        QVERIFY2(r.exitCode != 0, qPrintable(r.out));
        QVERIFY2(r.err.startsWith(QStringLiteral("aigw: error: ")), qPrintable(r.err));
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());

        auto after = ProjectRepository(m_db->db()).list(true);
        QVERIFY(after);
        QCOMPARE(after.value().size(), before.value().size());
        auto creds = CredentialRepository(m_db->db()).listByProject(before.value().first().id);
        QVERIFY(creds);
        QCOMPARE(creds.value().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "TestCli.moc"
