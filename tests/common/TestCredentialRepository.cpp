#include "ManualClock.h"
#include "TestDatabase.h"

#include "security/SecureRandom.h"
#include "storage/CredentialRepository.h"
#include "storage/ProjectRepository.h"

#include <QTest>

/** CredentialRepository on a real SQLite file or PostgreSQL database. */
class TestCredentialRepository : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void upsertInsertsAndFinds();
    void upsertReplacesTheSameProjectAndProvider();
    void baseUrlNullVersusValue();
    void listByProjectOrderedByProvider();
    void listAllActiveExcludesInactiveProjects();
    void remove();
    void unknownProjectRefused();
    void unknownAndMalformedIds_data();
    void unknownAndMalformedIds();

private:
    static ProviderCredential credential(const QString& projectId, const QString& provider, const QString& envelope)
    {
        ProviderCredential c;
        c.projectId = projectId;
        c.provider = provider;
        c.encryptedKey = envelope;
        c.keyHint = envelope.right(4);
        return c;
    }
    QString project(const QString& name)
    {
        Project p;
        p.id = SecureRandom::uuid();
        p.name = name;
        if (!ProjectRepository(m_t->db()).create(p))
            qFatal("cannot create project");
        return p.id;
    }
    qint64 rowCount() const
    {
        auto r = m_t->db().exec(QStringLiteral("SELECT COUNT(*) FROM provider_credentials"));
        return r && r.value().next() ? r.value().value(0).toLongLong() : -1;
    }

    std::unique_ptr<TestDatabase> m_t;
    std::unique_ptr<ManualClock> m_clock;
};

void TestCredentialRepository::init()
{
    AIGW_CREATE_TEST_DATABASE(m_t, true);
    m_clock = std::make_unique<ManualClock>(ManualClock::utc(2024, 3, 10, 9));
}

void TestCredentialRepository::cleanup()
{
    m_clock.reset();
    m_t.reset();
}

void TestCredentialRepository::upsertInsertsAndFinds()
{
    CredentialRepository repo(m_t->db());
    const QString p = project(QStringLiteral("p"));
    ProviderCredential c = credential(p, QStringLiteral("openai"), QStringLiteral("v1:00000000:AAAA1234"));
    c.baseUrl = QStringLiteral("http://127.0.0.1:8099");
    auto stored = repo.upsert(c);
    QVERIFY2(stored, qPrintable(stored ? QString() : stored.error().message));
    QVERIFY(!stored.value().id.isEmpty());
    QCOMPARE(stored.value().projectId, p);
    QCOMPARE(stored.value().provider, QStringLiteral("openai"));
    QCOMPARE(stored.value().encryptedKey, QStringLiteral("v1:00000000:AAAA1234"));
    QCOMPARE(stored.value().keyHint, QStringLiteral("1234"));
    QCOMPARE(stored.value().maskedKey(), QStringLiteral("****1234"));
    QCOMPARE(stored.value().baseUrl, QStringLiteral("http://127.0.0.1:8099"));
    QCOMPARE(stored.value().createdAt, ManualClock::utc(2024, 3, 10, 9));
    QCOMPARE(stored.value().updatedAt, ManualClock::utc(2024, 3, 10, 9));

    auto found = repo.find(p, QStringLiteral("openai"));
    QVERIFY(found);
    QCOMPARE(found.value().id, stored.value().id);
    QCOMPARE(found.value().encryptedKey, c.encryptedKey);
    QVERIFY(!repo.find(p, QStringLiteral("anthropic")));
    QCOMPARE(repo.find(p, QStringLiteral("anthropic")).error().kind, Error::Kind::NotFound);
    // Provider names are stored as given; the service lower-cases them.
    QVERIFY(!repo.find(p, QStringLiteral("OpenAI")));
}

void TestCredentialRepository::upsertReplacesTheSameProjectAndProvider()
{
    CredentialRepository repo(m_t->db());
    const QString p = project(QStringLiteral("p"));
    const QString q = project(QStringLiteral("q"));
    ProviderCredential first = credential(p, QStringLiteral("anthropic"), QStringLiteral("v1:11111111:first-WXYZ"));
    first.baseUrl = QStringLiteral("https://proxy.example.com");
    auto a = repo.upsert(first);
    QVERIFY(a);
    QVERIFY(repo.upsert(credential(q, QStringLiteral("anthropic"), QStringLiteral("v1:11111111:other-QQQQ"))));
    QVERIFY(repo.upsert(credential(p, QStringLiteral("openai"), QStringLiteral("v1:11111111:openai-OOOO"))));
    QCOMPARE(rowCount(), 3);

    m_clock->set(ManualClock::utc(2024, 3, 11));
    auto b = repo.upsert(credential(p, QStringLiteral("anthropic"), QStringLiteral("v1:22222222:second-ABCD")));
    QVERIFY2(b, qPrintable(b ? QString() : b.error().message));
    QCOMPARE(rowCount(), 3); // replaced, not added
    QCOMPARE(b.value().id, a.value().id);
    QCOMPARE(b.value().encryptedKey, QStringLiteral("v1:22222222:second-ABCD"));
    QCOMPARE(b.value().keyHint, QStringLiteral("ABCD"));
    QVERIFY(b.value().baseUrl.isEmpty()); // the base URL is replaced too
    QCOMPARE(b.value().createdAt, ManualClock::utc(2024, 3, 10, 9));
    QCOMPARE(b.value().updatedAt, ManualClock::utc(2024, 3, 11));
    // The other project's and provider's rows are untouched.
    QCOMPARE(repo.find(q, QStringLiteral("anthropic")).value().encryptedKey, QStringLiteral("v1:11111111:other-QQQQ"));
    QCOMPARE(repo.find(p, QStringLiteral("openai")).value().encryptedKey, QStringLiteral("v1:11111111:openai-OOOO"));
}

void TestCredentialRepository::baseUrlNullVersusValue()
{
    CredentialRepository repo(m_t->db());
    const QString p = project(QStringLiteral("p"));
    QVERIFY(repo.upsert(credential(p, QStringLiteral("gemini"), QStringLiteral("v1:00000000:x"))));
    auto raw = m_t->db().exec(
        QStringLiteral("SELECT base_url, key_hint FROM provider_credentials WHERE project_id = ?"), {p});
    QVERIFY(raw && raw.value().next());
    QVERIFY(raw.value().value(0).isNull());
    QVERIFY(!raw.value().value(1).isNull()); // NOT NULL column: '' rather than NULL
}

void TestCredentialRepository::listByProjectOrderedByProvider()
{
    CredentialRepository repo(m_t->db());
    const QString p = project(QStringLiteral("p"));
    for (const QString& provider : {QStringLiteral("openai"), QStringLiteral("gemini"), QStringLiteral("anthropic")})
        QVERIFY(repo.upsert(credential(p, provider, QStringLiteral("v1:00000000:") + provider)));
    QVERIFY(repo.upsert(credential(project(QStringLiteral("q")), QStringLiteral("openai"), QStringLiteral("v1:0:q"))));
    auto list = repo.listByProject(p);
    QVERIFY(list);
    QStringList providers;
    for (const auto& c : list.value())
        providers << c.provider;
    QCOMPARE(providers, (QStringList{QStringLiteral("anthropic"), QStringLiteral("gemini"), QStringLiteral("openai")}));
    QCOMPARE(repo.listByProject(SecureRandom::uuid()).value().size(), 0);
    auto malformed = repo.listByProject(QStringLiteral("p"));
    QVERIFY(malformed);
    QCOMPARE(malformed.value().size(), 0);
}

void TestCredentialRepository::listAllActiveExcludesInactiveProjects()
{
    CredentialRepository repo(m_t->db());
    const QString live = project(QStringLiteral("live"));
    const QString dead = project(QStringLiteral("dead"));
    QVERIFY(repo.upsert(credential(live, QStringLiteral("openai"), QStringLiteral("v1:0:live"))));
    QVERIFY(repo.upsert(credential(dead, QStringLiteral("openai"), QStringLiteral("v1:0:dead"))));
    QCOMPARE(repo.listAllActive().value().size(), 2);
    QVERIFY(ProjectRepository(m_t->db()).setActive(dead, false));
    auto active = repo.listAllActive();
    QVERIFY(active);
    QCOMPARE(active.value().size(), 1);
    QCOMPARE(active.value().first().projectId, live);
    QCOMPARE(active.value().first().encryptedKey, QStringLiteral("v1:0:live"));
}

void TestCredentialRepository::remove()
{
    CredentialRepository repo(m_t->db());
    const QString p = project(QStringLiteral("p"));
    QVERIFY(repo.upsert(credential(p, QStringLiteral("openai"), QStringLiteral("v1:0:a"))));
    QVERIFY(repo.upsert(credential(p, QStringLiteral("gemini"), QStringLiteral("v1:0:b"))));
    QVERIFY(repo.remove(p, QStringLiteral("openai")));
    QCOMPARE(rowCount(), 1);
    auto again = repo.remove(p, QStringLiteral("openai"));
    QVERIFY(!again);
    QCOMPARE(again.error().kind, Error::Kind::NotFound);
    QVERIFY2(again.error().message.contains(QStringLiteral("no openai credential")), qPrintable(again.error().message));
    QCOMPARE(rowCount(), 1);
}

void TestCredentialRepository::unknownProjectRefused()
{
    CredentialRepository repo(m_t->db());
    auto r = repo.upsert(credential(SecureRandom::uuid(), QStringLiteral("openai"), QStringLiteral("v1:0:x")));
    QVERIFY(!r);
    QCOMPARE(r.error().kind, Error::Kind::InvalidArgument); // the foreign key, the same on both back ends
    QCOMPARE(rowCount(), 0);
}

void TestCredentialRepository::unknownAndMalformedIds_data()
{
    QTest::addColumn<QString>("projectId");
    QTest::newRow("unknown") << SecureRandom::uuid();
    QTest::newRow("empty") << QString();
    QTest::newRow("name") << QStringLiteral("acme");
    QTest::newRow("almost") << QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950");
}

void TestCredentialRepository::unknownAndMalformedIds()
{
    QFETCH(QString, projectId);
    CredentialRepository repo(m_t->db());
    auto found = repo.find(projectId, QStringLiteral("openai"));
    QVERIFY(!found);
    QCOMPARE(found.error().kind, Error::Kind::NotFound);
    auto removed = repo.remove(projectId, QStringLiteral("openai"));
    QVERIFY(!removed);
    QCOMPARE(removed.error().kind, Error::Kind::NotFound);
    auto listed = repo.listByProject(projectId);
    QVERIFY(listed);
    QVERIFY(listed.value().isEmpty());
}

QTEST_GUILESS_MAIN(TestCredentialRepository)
#include "TestCredentialRepository.moc"
