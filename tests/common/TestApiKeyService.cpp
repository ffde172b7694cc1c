#include "TestDatabase.h"

#include "services/ApiKeyService.h"
#include "services/ProjectService.h"

#include <QRegularExpression>
#include <QSet>
#include <QSqlRecord>
#include <QTest>

/** Issuing gateway keys: the format, what is stored, validation, on a real SQLite file or PostgreSQL database. */
class TestApiKeyService : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void generateFormat();
    void hashIsSha256Hex();
    void createStoresHashAndPrefixOnly();
    void createWithOptions();
    void validateNamesTheField_data();
    void validateNamesTheField();
    void unknownProject();
    void revokeAndList();

private:
    QString project()
    {
        Project p;
        p.name = QStringLiteral("keys");
        return ProjectService(m_t->db()).create(p).value().id;
    }

    std::unique_ptr<TestDatabase> m_t;
};

void TestApiKeyService::init()
{
    AIGW_CREATE_TEST_DATABASE(m_t, true);
}

void TestApiKeyService::cleanup()
{
    m_t.reset();
}

void TestApiKeyService::generateFormat()
{
    const QString projectId = QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e");
    const QRegularExpression format(QStringLiteral("^gw_0f8fa_[a-z0-9]{32}$"));
    QSet<QString> seen;
    QSet<QChar> alphabet;
    for (int i = 0; i < 200; ++i) {
        const QString key = ApiKeyService::generate(projectId);
        QVERIFY2(format.match(key).hasMatch(), qPrintable(key));
        QCOMPARE(key.size(), 41);
        seen << key;
        for (QChar c : key.mid(9))
            alphabet << c;
    }
    QCOMPARE(seen.size(), 200);
    // 6,400 random characters from 36: every one of them shows up (missing one has probability ~1e-75).
    QCOMPARE(alphabet.size(), 36);
    QCOMPARE(ApiKeyService::prefixOf(QStringLiteral("gw_0f8fa_abcdefghij")), QStringLiteral("gw_0f8fa_abc"));
}

void TestApiKeyService::hashIsSha256Hex()
{
    // python3 -c "import hashlib; print(hashlib.sha256(b'gw_0f8fa_abcdefghijklmnopqrstuvwxyz012345').hexdigest())"
    QCOMPARE(ApiKeyService::hash(QStringLiteral("gw_0f8fa_abcdefghijklmnopqrstuvwxyz012345")),
             QStringLiteral("db47a4c0f690aa390e546ee85b466e7525a0caaa1c24301bd98558a8ed5e0c84"));
}

void TestApiKeyService::createStoresHashAndPrefixOnly()
{
    const QString projectId = project();
    ApiKeyService service(m_t->db());
    auto issued = service.create(projectId, {});
    QVERIFY2(issued, qPrintable(issued ? QString() : issued.error().message));
    const QString plaintext = issued.value().plaintext;
    QVERIFY2(QRegularExpression(QStringLiteral("^gw_") + projectId.left(5) + QStringLiteral("_[a-z0-9]{32}$"))
                 .match(plaintext)
                 .hasMatch(),
             qPrintable(plaintext));
    const ApiKey& k = issued.value().key;
    QCOMPARE(k.projectId, projectId);
    QCOMPARE(k.keyPrefix, plaintext.left(12));
    QCOMPARE(k.keyHash, ApiKeyService::hash(plaintext));
    QCOMPARE(k.keyHash.size(), 64);
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{64}$")).match(k.keyHash).hasMatch());

    // The row as stored: every column, none of which holds the key or its secret part.
    auto row = m_t->db().exec(QStringLiteral("SELECT * FROM api_keys WHERE id = ?"), {k.id});
    QVERIFY(row && row.value().next());
    const QString secretPart = plaintext.mid(9);
    for (int i = 0; i < row.value().record().count(); ++i) {
        const QString v = row.value().value(i).toString();
        QVERIFY2(!v.contains(plaintext), qPrintable(row.value().record().fieldName(i)));
        QVERIFY2(!v.contains(secretPart.left(8)), qPrintable(row.value().record().fieldName(i)));
    }
    auto byHash = ApiKeyRepository(m_t->db()).findByHash(ApiKeyService::hash(plaintext));
    QVERIFY(byHash);
    QCOMPARE(byHash.value().id, k.id);
    QCOMPARE(byHash.value().keyPrefix, plaintext.left(12));
}

void TestApiKeyService::createWithOptions()
{
    const QString projectId = project();
    ApiKeyService service(m_t->db());
    ApiKeyService::Options o;
    o.name = QStringLiteral("  ci runner ");
    o.rateLimitRpm = 120;
    o.rateLimitTpm = 100000;
    o.allowedModels = QStringList{QStringLiteral("gpt-4.1"), QStringLiteral("claude-haiku-4-5")};
    auto issued = service.create(projectId, o);
    QVERIFY(issued);
    auto stored = ApiKeyRepository(m_t->db()).findById(issued.value().key.id);
    QVERIFY(stored);
    QCOMPARE(stored.value().name, QStringLiteral("ci runner"));
    QCOMPARE(stored.value().rateLimitRpm, std::optional<int>(120));
    QCOMPARE(stored.value().rateLimitTpm, std::optional<qint64>(100000));
    QCOMPARE(stored.value().allowedModels, o.allowedModels);
    QVERIFY(stored.value().active);
}

void TestApiKeyService::validateNamesTheField_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("rpm");
    QTest::addColumn<qint64>("tpm");
    QTest::addColumn<QStringList>("models");
    QTest::addColumn<QString>("field");

    // rpm / tpm 0 below means "unset"; models {"*"} means "unset".
    const QStringList unset{QStringLiteral("*")};
    QTest::newRow("name too long") << QString(201, QLatin1Char('n')) << 0 << qint64(0) << unset
                                   << QStringLiteral("name");
    QTest::newRow("rpm zero") << QString() << -1 << qint64(0) << unset << QStringLiteral("rate_limit_rpm");
    QTest::newRow("rpm too high") << QString() << 1000001 << qint64(0) << unset << QStringLiteral("rate_limit_rpm");
    QTest::newRow("tpm zero") << QString() << 0 << qint64(-1) << unset << QStringLiteral("rate_limit_tpm");
    QTest::newRow("tpm too high") << QString() << 0 << qint64(1000000000001LL) << unset
                                  << QStringLiteral("rate_limit_tpm");
    QTest::newRow("empty model") << QString() << 0 << qint64(0) << QStringList{QStringLiteral("gpt-4.1"), QString()}
                                 << QStringLiteral("allowed_models");
    QTest::newRow("blank model") << QString() << 0 << qint64(0) << QStringList{QStringLiteral("  ")}
                                 << QStringLiteral("allowed_models");
    QTest::newRow("model id too long") << QString() << 0 << qint64(0) << QStringList{QString(201, QLatin1Char('m'))}
                                       << QStringLiteral("allowed_models");
}

void TestApiKeyService::validateNamesTheField()
{
    QFETCH(QString, name);
    QFETCH(int, rpm);
    QFETCH(qint64, tpm);
    QFETCH(QStringList, models);
    QFETCH(QString, field);
    ApiKeyService::Options o;
    o.name = name;
    if (rpm != 0)
        o.rateLimitRpm = rpm == -1 ? 0 : rpm;
    if (tpm != 0)
        o.rateLimitTpm = tpm == -1 ? 0 : tpm;
    if (models != QStringList{QStringLiteral("*")})
        o.allowedModels = models;
    auto v = ApiKeyService::validate(o);
    QVERIFY(!v);
    QCOMPARE(v.error().kind, Error::Kind::InvalidArgument);
    QCOMPARE(v.error().field, field);

    // create() refuses the same and writes nothing.
    const QString projectId = project();
    auto created = ApiKeyService(m_t->db()).create(projectId, o);
    QVERIFY(!created);
    QCOMPARE(created.error().field, field);
    QCOMPARE(ApiKeyRepository(m_t->db()).listByProject(projectId, true).value().size(), 0);
}

void TestApiKeyService::unknownProject()
{
    ApiKeyService service(m_t->db());
    for (const QString& id : {QStringLiteral("00000000-0000-4000-8000-000000000000"), QStringLiteral("acme")}) {
        auto r = service.create(id, {});
        QVERIFY(!r);
        QCOMPARE(r.error().kind, Error::Kind::NotFound);
    }
    auto count = m_t->db().exec(QStringLiteral("SELECT COUNT(*) FROM api_keys"));
    QVERIFY(count && count.value().next());
    QCOMPARE(count.value().value(0).toInt(), 0);
}

void TestApiKeyService::revokeAndList()
{
    const QString projectId = project();
    ApiKeyService service(m_t->db());
    const ApiKey a = service.create(projectId, {}).value().key;
    const ApiKey b = service.create(projectId, {}).value().key;
    QVERIFY(service.revoke(a.id.toUpper())); // ids are accepted in either case
    const auto active = service.list(projectId, false).value();
    QCOMPARE(active.size(), 1);
    QCOMPARE(active.first().id, b.id);
    QCOMPARE(service.list(projectId, true).value().size(), 2);
    auto unknown = service.revoke(QStringLiteral("00000000-0000-4000-8000-000000000000"));
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().kind, Error::Kind::NotFound);
}

QTEST_GUILESS_MAIN(TestApiKeyService)
#include "TestApiKeyService.moc"
