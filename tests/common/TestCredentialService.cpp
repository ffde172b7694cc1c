#include "TestDatabase.h"

#include "security/SecureRandom.h"
#include "services/CredentialService.h"
#include "services/ProjectService.h"

#include <QSqlRecord>
#include <QTest>

/** Provider credentials stored encrypted and bound to their row, on a real SQLite file or PostgreSQL database. */
class TestCredentialService : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void setStoresAnEnvelopeThatDecrypts();
    void maskedTail_data();
    void maskedTail();
    void providerNormalisedAndBaseUrlTrimmed();
    void setAgainReplaces();
    void boundToProjectAndProvider();
    void otherKeyCannotReveal();
    void validation_data();
    void validation();
    void unknownProject();
    void listAndRemove();

private:
    QString project(const QString& name = QStringLiteral("p"))
    {
        Project p;
        p.name = name;
        return ProjectService(m_t->db()).create(p).value().id;
    }
    CredentialService service() const { return CredentialService(m_t->db(), m_cipher); }
    qint64 rowCount() const
    {
        auto r = m_t->db().exec(QStringLiteral("SELECT COUNT(*) FROM provider_credentials"));
        return r && r.value().next() ? r.value().value(0).toLongLong() : -1;
    }

    std::unique_ptr<TestDatabase> m_t;
    const QByteArray m_key = SecureRandom::bytes(32);
    const CredentialCipher m_cipher{{m_key}};
};

void TestCredentialService::init()
{
    AIGW_CREATE_TEST_DATABASE(m_t, true);
}

void TestCredentialService::cleanup()
{
    m_t.reset();
}

void TestCredentialService::setStoresAnEnvelopeThatDecrypts()
{
    const QString p = project();
    const QString secret = QStringLiteral("sk-ant-api03-SECRETSECRETSECRET-9xYz");
    auto stored = service().set(p, QStringLiteral("anthropic"), secret, {});
    QVERIFY2(stored, qPrintable(stored ? QString() : stored.error().message));
    const ProviderCredential& c = stored.value();
    QCOMPARE(c.projectId, p);
    QCOMPARE(c.provider, QStringLiteral("anthropic"));
    QVERIFY(c.encryptedKey.startsWith(QStringLiteral("v1:") + m_cipher.currentKeyId() + QLatin1Char(':')));
    const auto decrypted = m_cipher.decrypt(p, QStringLiteral("anthropic"), c.encryptedKey);
    QVERIFY2(decrypted, qPrintable(decrypted ? QString() : decrypted.error().message));
    QCOMPARE(decrypted.value(), secret.toUtf8());
    const auto revealed = service().reveal(c);
    QVERIFY2(revealed, qPrintable(revealed ? QString() : revealed.error().message));
    QCOMPARE(revealed.value(), secret);

    // What is in the database: the envelope and the hint, never the key.
    auto row = m_t->db().exec(QStringLiteral("SELECT * FROM provider_credentials WHERE project_id = ?"), {p});
    QVERIFY(row && row.value().next());
    for (int i = 0; i < row.value().record().count(); ++i)
        QVERIFY2(!row.value().value(i).toString().contains(QStringLiteral("SECRETSECRET")),
                 qPrintable(row.value().record().fieldName(i)));
    auto found = CredentialRepository(m_t->db()).find(p, QStringLiteral("anthropic"));
    QVERIFY(found);
    QCOMPARE(service().reveal(found.value()).value(), secret);
}

void TestCredentialService::maskedTail_data()
{
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("masked");
    QTest::newRow("long") << QStringLiteral("sk-proj-0123456789abcdef") << QStringLiteral("****cdef");
    QTest::newRow("nine characters") << QStringLiteral("123456789") << QStringLiteral("****6789");
    // Too short to show any of it safely.
    QTest::newRow("eight characters") << QStringLiteral("12345678") << QStringLiteral("****");
    QTest::newRow("one character") << QStringLiteral("k") << QStringLiteral("****");
}

void TestCredentialService::maskedTail()
{
    QFETCH(QString, secret);
    QFETCH(QString, masked);
    const QString p = project();
    auto stored = service().set(p, QStringLiteral("openai"), secret, {});
    QVERIFY(stored);
    QCOMPARE(stored.value().maskedKey(), masked);
    QCOMPARE(service().list(p).value().first().maskedKey(), masked);
    QCOMPARE(service().reveal(stored.value()).value(), secret);
}

void TestCredentialService::providerNormalisedAndBaseUrlTrimmed()
{
    const QString p = project();
    auto stored = service().set(p, QStringLiteral("  OpenAI "), QStringLiteral("sk-abcdefghijkl"),
                                QStringLiteral("http://127.0.0.1:8099/v1//"));
    QVERIFY2(stored, qPrintable(stored ? QString() : stored.error().message));
    QCOMPARE(stored.value().provider, QStringLiteral("openai"));
    QCOMPARE(stored.value().baseUrl, QStringLiteral("http://127.0.0.1:8099/v1"));
    // The AAD uses the normalised name.
    QCOMPARE(m_cipher.decrypt(p, QStringLiteral("openai"), stored.value().encryptedKey).value(),
             QByteArray("sk-abcdefghijkl"));
}

void TestCredentialService::setAgainReplaces()
{
    const QString p = project();
    auto first = service().set(p, QStringLiteral("gemini"), QStringLiteral("AIzaFIRSTFIRSTFIRST1111"),
                               QStringLiteral("https://proxy.example.com"));
    QVERIFY(first);
    auto second = service().set(p, QStringLiteral("gemini"), QStringLiteral("AIzaSECONDSECOND2222"), {});
    QVERIFY(second);
    QCOMPARE(rowCount(), 1);
    QCOMPARE(second.value().id, first.value().id);
    QVERIFY(second.value().encryptedKey != first.value().encryptedKey);
    QCOMPARE(second.value().maskedKey(), QStringLiteral("****2222"));
    QVERIFY(second.value().baseUrl.isEmpty());
    QCOMPARE(service().reveal(second.value()).value(), QStringLiteral("AIzaSECONDSECOND2222"));
}

void TestCredentialService::boundToProjectAndProvider()
{
    const QString victim = project(QStringLiteral("victim"));
    const QString attacker = project(QStringLiteral("attacker"));
    const QString secret = QStringLiteral("sk-victims-key-0123456789");
    const ProviderCredential original = service().set(victim, QStringLiteral("openai"), secret, {}).value();
    QVERIFY(service().set(attacker, QStringLiteral("openai"), QStringLiteral("sk-attacker-0000000"), {}));
    QVERIFY(service().set(victim, QStringLiteral("gemini"), QStringLiteral("AIza-victim-gemini-000"), {}));

    // Copy the ciphertext into the attacker's row, and into the victim's row of another provider.
    QVERIFY(m_t->db().exec(QStringLiteral("UPDATE provider_credentials SET encrypted_key = ? WHERE project_id = ? AND "
                                          "provider = ?"),
                           {original.encryptedKey, attacker, QStringLiteral("openai")}));
    QVERIFY(m_t->db().exec(QStringLiteral("UPDATE provider_credentials SET encrypted_key = ? WHERE project_id = ? AND "
                                          "provider = ?"),
                           {original.encryptedKey, victim, QStringLiteral("gemini")}));
    CredentialRepository repo(m_t->db());
    for (const auto& [projectId, provider] :
         {std::pair{attacker, QStringLiteral("openai")}, std::pair{victim, QStringLiteral("gemini")}}) {
        const ProviderCredential copied = repo.find(projectId, provider).value();
        QCOMPARE(copied.encryptedKey, original.encryptedKey);
        auto revealed = service().reveal(copied);
        QVERIFY2(!revealed, qPrintable(revealed ? revealed.value() : QString()));
    }
    // The original row still decrypts.
    QCOMPARE(service().reveal(repo.find(victim, QStringLiteral("openai")).value()).value(), secret);
}

void TestCredentialService::otherKeyCannotReveal()
{
    const QString p = project();
    const ProviderCredential c
        = service().set(p, QStringLiteral("openai"), QStringLiteral("sk-0123456789"), {}).value();
    CredentialService other(m_t->db(), CredentialCipher({SecureRandom::bytes(32)}));
    auto r = other.reveal(c);
    QVERIFY(!r);
    QVERIFY2(r.error().message.contains(m_cipher.currentKeyId()), qPrintable(r.error().message));
    // During a rotation the retired key still decrypts.
    CredentialService rotated(m_t->db(), CredentialCipher({SecureRandom::bytes(32), m_key}));
    QCOMPARE(rotated.reveal(c).value(), QStringLiteral("sk-0123456789"));
}

void TestCredentialService::validation_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("field");

    QTest::newRow("unknown provider") << QStringLiteral("groq") << QStringLiteral("k") << QString()
                                      << QStringLiteral("provider");
    QTest::newRow("empty provider") << QString() << QStringLiteral("k") << QString() << QStringLiteral("provider");
    QTest::newRow("empty key") << QStringLiteral("openai") << QString() << QString() << QStringLiteral("api_key");
    QTest::newRow("key with space") << QStringLiteral("openai") << QStringLiteral("sk-abc def") << QString()
                                    << QStringLiteral("api_key");
    QTest::newRow("key with newline") << QStringLiteral("openai") << QStringLiteral("sk-abcdef\n") << QString()
                                      << QStringLiteral("api_key");
    QTest::newRow("key with control character")
        << QStringLiteral("openai") << QStringLiteral("sk-\x01x") << QString() << QStringLiteral("api_key");
    QTest::newRow("key too long") << QStringLiteral("openai") << QString(4097, QLatin1Char('k')) << QString()
                                  << QStringLiteral("api_key");
    QTest::newRow("ftp base URL") << QStringLiteral("openai") << QStringLiteral("k") << QStringLiteral("ftp://x")
                                  << QStringLiteral("base_url");
    QTest::newRow("base URL without host")
        << QStringLiteral("openai") << QStringLiteral("k") << QStringLiteral("http://") << QStringLiteral("base_url");
    QTest::newRow("base URL with query") << QStringLiteral("openai") << QStringLiteral("k")
                                         << QStringLiteral("https://x.example/v1?key=1") << QStringLiteral("base_url");
    QTest::newRow("base URL with fragment") << QStringLiteral("openai") << QStringLiteral("k")
                                            << QStringLiteral("https://x.example/#f") << QStringLiteral("base_url");
    QTest::newRow("relative base URL") << QStringLiteral("openai") << QStringLiteral("k") << QStringLiteral("/v1")
                                       << QStringLiteral("base_url");
}

void TestCredentialService::validation()
{
    QFETCH(QString, provider);
    QFETCH(QString, secret);
    QFETCH(QString, baseUrl);
    QFETCH(QString, field);
    auto v = CredentialService::validate(provider, secret, baseUrl);
    QVERIFY(!v);
    QCOMPARE(v.error().kind, Error::Kind::InvalidArgument);
    QCOMPARE(v.error().field, field);
    QVERIFY(!v.error().message.contains(secret) || secret.size() < 4);

    auto r = service().set(project(), provider, secret, baseUrl);
    QVERIFY(!r);
    QCOMPARE(r.error().field, field);
    QCOMPARE(rowCount(), 0);
}

void TestCredentialService::unknownProject()
{
    for (const QString& id : {QStringLiteral("00000000-0000-4000-8000-000000000000"), QStringLiteral("acme")}) {
        auto r = service().set(id, QStringLiteral("openai"), QStringLiteral("sk-0123456789"), {});
        QVERIFY(!r);
        QCOMPARE(r.error().kind, Error::Kind::NotFound);
        auto l = service().list(id);
        QVERIFY(!l);
        QCOMPARE(l.error().kind, Error::Kind::NotFound);
    }
    QCOMPARE(rowCount(), 0);
}

void TestCredentialService::listAndRemove()
{
    const QString p = project();
    QVERIFY(service().set(p, QStringLiteral("openai"), QStringLiteral("sk-0123456789"), {}));
    QVERIFY(service().set(p, QStringLiteral("anthropic"), QStringLiteral("sk-ant-0123456789"), {}));
    QCOMPARE(service().list(p).value().size(), 2);
    QVERIFY(service().remove(p, QStringLiteral(" OpenAI")));
    const auto left = service().list(p).value();
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.first().provider, QStringLiteral("anthropic"));
    auto again = service().remove(p, QStringLiteral("openai"));
    QVERIFY(!again);
    QCOMPARE(again.error().kind, Error::Kind::NotFound);
}

QTEST_GUILESS_MAIN(TestCredentialService)
#include "TestCredentialService.moc"
