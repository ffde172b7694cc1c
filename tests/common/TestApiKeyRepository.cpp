#include "ManualClock.h"
#include "TestDatabase.h"

#include "security/SecureRandom.h"
#include "storage/ApiKeyRepository.h"
#include "storage/ProjectRepository.h"

#include <QTest>

/** ApiKeyRepository on a real SQLite file or PostgreSQL database. */
class TestApiKeyRepository : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void createAndFind();
    void optionalFieldsNullVersusValue();
    void keyHashIsUnique();
    void unknownProjectRefused();
    void listByProject();
    void listAllActiveExcludesRevokedAndInactiveProjects();
    void revoke();
    void update();
    void touchLastUsedNeverMovesBackwards();
    void touchLastUsedIgnoresUnknownAndMalformedIds();
    void unknownAndMalformedIds_data();
    void unknownAndMalformedIds();

private:
    ApiKey key(const QString& projectId, const QString& name = {})
    {
        ApiKey k;
        k.id = SecureRandom::uuid();
        k.projectId = projectId;
        k.keyHash = SecureRandom::token(64, QStringLiteral("0123456789abcdef"));
        k.keyPrefix = QStringLiteral("gw_") + projectId.left(5) + QStringLiteral("_abcd");
        k.name = name;
        return k;
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
    static QStringList ids(const QList<ApiKey>& keys)
    {
        QStringList out;
        for (const ApiKey& k : keys)
            out << k.id;
        return out;
    }

    std::unique_ptr<TestDatabase> m_t;
    std::unique_ptr<ManualClock> m_clock;
};

void TestApiKeyRepository::init()
{
    AIGW_CREATE_TEST_DATABASE(m_t, true);
    m_clock = std::make_unique<ManualClock>(ManualClock::utc(2024, 6, 1, 12));
}

void TestApiKeyRepository::cleanup()
{
    m_clock.reset();
    m_t.reset();
}

void TestApiKeyRepository::createAndFind()
{
    ApiKeyRepository repo(m_t->db());
    const QString p = project(QStringLiteral("p"));
    ApiKey k = key(p, QStringLiteral("ci"));
    k.rateLimitRpm = 120;
    k.rateLimitTpm = 5000000000LL; // beyond 32 bits
    k.allowedModels = QStringList{QStringLiteral("gpt-4.1"), QStringLiteral("claude-haiku-4-5")};
    auto created = repo.create(k);
    QVERIFY2(created, qPrintable(created ? QString() : created.error().message));
    QCOMPARE(created.value().createdAt, ManualClock::utc(2024, 6, 1, 12));

    for (const auto& found : {repo.findById(k.id), repo.findByHash(k.keyHash)}) {
        QVERIFY(found);
        const ApiKey& f = found.value();
        QCOMPARE(f.id, k.id);
        QCOMPARE(f.projectId, p);
        QCOMPARE(f.keyPrefix, k.keyPrefix);
        QCOMPARE(f.keyHash, k.keyHash);
        QCOMPARE(f.name, QStringLiteral("ci"));
        QCOMPARE(f.rateLimitRpm, std::optional<int>(120));
        QCOMPARE(f.rateLimitTpm, std::optional<qint64>(5000000000LL));
        QCOMPARE(f.allowedModels, k.allowedModels);
        QVERIFY(f.active);
        QCOMPARE(f.createdAt, ManualClock::utc(2024, 6, 1, 12));
        QVERIFY(!f.revokedAt);
        QVERIFY(!f.lastUsedAt);
    }
}

void TestApiKeyRepository::optionalFieldsNullVersusValue()
{
    ApiKeyRepository repo(m_t->db());
    const QString p = project(QStringLiteral("p"));
    const ApiKey unset = key(p);
    ApiKey none = key(p);
    none.allowedModels = QStringList{}; // an empty allow-list permits no model: not the same as "every model"
    QVERIFY(repo.create(unset));
    QVERIFY(repo.create(none));

    auto u = repo.findById(unset.id);
    QVERIFY(u);
    QVERIFY(!u.value().rateLimitRpm);
    QVERIFY(!u.value().rateLimitTpm);
    QVERIFY(!u.value().allowedModels.has_value());
    QCOMPARE(u.value().name, QString());
    auto raw = m_t->db().exec(
        QStringLiteral("SELECT rate_limit_rpm, rate_limit_tpm, allowed_models FROM api_keys WHERE id = ?"), {unset.id});
    QVERIFY(raw && raw.value().next());
    QVERIFY(raw.value().value(0).isNull());
    QVERIFY(raw.value().value(1).isNull());
    QVERIFY(raw.value().value(2).isNull());

    auto n = repo.findById(none.id);
    QVERIFY(n);
    QVERIFY(n.value().allowedModels.has_value());
    QVERIFY(n.value().allowedModels->isEmpty());
}

void TestApiKeyRepository::keyHashIsUnique()
{
    ApiKeyRepository repo(m_t->db());
    const QString p = project(QStringLiteral("p"));
    const ApiKey first = key(p);
    QVERIFY(repo.create(first));
    ApiKey second = key(project(QStringLiteral("other")));
    second.keyHash = first.keyHash;
    auto r = repo.create(second);
    QVERIFY(!r);
    QCOMPARE(r.error().kind, Error::Kind::Conflict);
    QVERIFY(!repo.findById(second.id));
    QCOMPARE(repo.findByHash(first.keyHash).value().id, first.id);
}

void TestApiKeyRepository::unknownProjectRefused()
{
    ApiKeyRepository repo(m_t->db());
    auto r = repo.create(key(SecureRandom::uuid()));
    QVERIFY(!r);
    // The foreign key, reported the same way on both back ends.
    QCOMPARE(r.error().kind, Error::Kind::InvalidArgument);
}

void TestApiKeyRepository::listByProject()
{
    ApiKeyRepository repo(m_t->db());
    const QString p = project(QStringLiteral("p"));
    const QString q = project(QStringLiteral("q"));
    QStringList pKeys;
    for (int i = 0; i < 3; ++i) {
        const ApiKey k = key(p);
        QVERIFY(repo.create(k));
        pKeys << k.id;
        m_clock->advance(1);
    }
    QVERIFY(repo.create(key(q)));
    QVERIFY(repo.revoke(pKeys.at(1)));

    QCOMPARE(ids(repo.listByProject(p, false).value()), (QStringList{pKeys.at(0), pKeys.at(2)}));
    QCOMPARE(ids(repo.listByProject(p, true).value()), pKeys);
    QCOMPARE(repo.listByProject(q, true).value().size(), 1);
    QCOMPARE(repo.listByProject(SecureRandom::uuid(), true).value().size(), 0);
    auto malformed = repo.listByProject(QStringLiteral("nope"), true);
    QVERIFY(malformed);
    QCOMPARE(malformed.value().size(), 0);
}

void TestApiKeyRepository::listAllActiveExcludesRevokedAndInactiveProjects()
{
    ApiKeyRepository repo(m_t->db());
    const QString live = project(QStringLiteral("live"));
    const QString dead = project(QStringLiteral("dead"));
    const ApiKey good = key(live), revoked = key(live), orphan = key(dead);
    QVERIFY(repo.create(good));
    QVERIFY(repo.create(revoked));
    QVERIFY(repo.create(orphan));
    QCOMPARE(repo.listAllActive().value().size(), 3);

    QVERIFY(repo.revoke(revoked.id));
    QVERIFY(ProjectRepository(m_t->db()).setActive(dead, false));
    auto active = repo.listAllActive();
    QVERIFY(active);
    QCOMPARE(ids(active.value()), QStringList{good.id});
    // Every column came through the join.
    QCOMPARE(active.value().first().keyHash, good.keyHash);
    QCOMPARE(active.value().first().projectId, live);

    QVERIFY(ProjectRepository(m_t->db()).setActive(dead, true));
    QCOMPARE(repo.listAllActive().value().size(), 2);
}

void TestApiKeyRepository::revoke()
{
    ApiKeyRepository repo(m_t->db());
    const ApiKey k = key(project(QStringLiteral("p")));
    QVERIFY(repo.create(k));
    m_clock->set(ManualClock::utc(2024, 6, 2));
    QVERIFY(repo.revoke(k.id));
    auto r = repo.findById(k.id);
    QVERIFY(r);
    QVERIFY(!r.value().active);
    QCOMPARE(r.value().revokedAt, std::optional<qint64>(ManualClock::utc(2024, 6, 2)));
    // Revoking again succeeds and keeps the first revocation time.
    m_clock->set(ManualClock::utc(2024, 6, 3));
    QVERIFY(repo.revoke(k.id));
    QCOMPARE(repo.findById(k.id).value().revokedAt, std::optional<qint64>(ManualClock::utc(2024, 6, 2)));
}

void TestApiKeyRepository::update()
{
    ApiKeyRepository repo(m_t->db());
    ApiKey k = key(project(QStringLiteral("p")), QStringLiteral("old"));
    k.rateLimitRpm = 60;
    k.allowedModels = QStringList{QStringLiteral("a")};
    QVERIFY(repo.create(k));

    ApiKey changed = k;
    changed.name = QStringLiteral("new");
    changed.rateLimitRpm.reset();
    changed.rateLimitTpm = 1000;
    changed.allowedModels.reset();
    changed.keyHash = QStringLiteral("ignored"); // update() never rewrites the hash or the project
    changed.projectId = SecureRandom::uuid();
    auto u = repo.update(changed);
    QVERIFY2(u, qPrintable(u ? QString() : u.error().message));
    QCOMPARE(u.value().name, QStringLiteral("new"));
    QVERIFY(!u.value().rateLimitRpm);
    QCOMPARE(u.value().rateLimitTpm, std::optional<qint64>(1000));
    QVERIFY(!u.value().allowedModels);
    QCOMPARE(u.value().keyHash, k.keyHash);
    QCOMPARE(u.value().projectId, k.projectId);
    QCOMPARE(u.value().createdAt, ManualClock::utc(2024, 6, 1, 12));
}

void TestApiKeyRepository::touchLastUsedNeverMovesBackwards()
{
    ApiKeyRepository repo(m_t->db());
    const QString p = project(QStringLiteral("p"));
    const ApiKey a = key(p), b = key(p);
    QVERIFY(repo.create(a));
    QVERIFY(repo.create(b));

    QVERIFY(repo.touchLastUsed({{a.id, 1000}, {b.id, 5000}}));
    QCOMPARE(repo.findById(a.id).value().lastUsedAt, std::optional<qint64>(1000));
    QCOMPARE(repo.findById(b.id).value().lastUsedAt, std::optional<qint64>(5000));

    // A late flush from another instance carries older times: only the newer one moves.
    QVERIFY(repo.touchLastUsed({{a.id, 2000}, {b.id, 4000}}));
    QCOMPARE(repo.findById(a.id).value().lastUsedAt, std::optional<qint64>(2000));
    QCOMPARE(repo.findById(b.id).value().lastUsedAt, std::optional<qint64>(5000));

    QVERIFY(repo.touchLastUsed({{b.id, 5000}})); // equal: unchanged
    QCOMPARE(repo.findById(b.id).value().lastUsedAt, std::optional<qint64>(5000));
    QVERIFY(repo.touchLastUsed({}));
}

void TestApiKeyRepository::touchLastUsedIgnoresUnknownAndMalformedIds()
{
    ApiKeyRepository repo(m_t->db());
    const ApiKey a = key(project(QStringLiteral("p")));
    QVERIFY(repo.create(a));
    auto r = repo.touchLastUsed({{a.id, 7000}, {SecureRandom::uuid(), 8000}, {QStringLiteral("not-a-key"), 9000}});
    QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
    // The valid key was still recorded: one bad entry does not lose the batch.
    QCOMPARE(repo.findById(a.id).value().lastUsedAt, std::optional<qint64>(7000));
}

void TestApiKeyRepository::unknownAndMalformedIds_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("unknown") << SecureRandom::uuid();
    QTest::newRow("empty") << QString();
    QTest::newRow("word") << QStringLiteral("key");
    QTest::newRow("bad digit") << QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950g");
    QTest::newRow("injection") << QStringLiteral("' OR 1=1 --");
}

void TestApiKeyRepository::unknownAndMalformedIds()
{
    QFETCH(QString, id);
    ApiKeyRepository repo(m_t->db());
    const ApiKey existing = key(project(QStringLiteral("p")));
    QVERIFY(repo.create(existing));

    auto found = repo.findById(id);
    QVERIFY(!found);
    QCOMPARE(found.error().kind, Error::Kind::NotFound);
    auto revoked = repo.revoke(id);
    QVERIFY(!revoked);
    QCOMPARE(revoked.error().kind, Error::Kind::NotFound);
    ApiKey k = existing;
    k.id = id;
    auto updated = repo.update(k);
    QVERIFY(!updated);
    QCOMPARE(updated.error().kind, Error::Kind::NotFound);
    auto byHash = repo.findByHash(id);
    QVERIFY(!byHash);
    QCOMPARE(byHash.error().kind, Error::Kind::NotFound);
    QVERIFY(repo.findById(existing.id).value().active);
}

QTEST_GUILESS_MAIN(TestApiKeyRepository)
#include "TestApiKeyRepository.moc"
