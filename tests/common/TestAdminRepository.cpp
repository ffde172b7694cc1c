#include "ManualClock.h"
#include "TestDatabase.h"

#include "security/SecureRandom.h"
#include "storage/AdminRepository.h"

#include <QTest>

/** AdminRepository on a real SQLite file or PostgreSQL database. */
class TestAdminRepository : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void createAndFind();
    void emailUniqueIgnoringCase();
    void findByEmailIgnoresCase();
    void listAndCount();
    void setPasswordHashBumpsTokenVersion();
    void bumpTokenVersion();
    void recordLogin();
    void remove();
    void unknownAndMalformedIds_data();
    void unknownAndMalformedIds();

private:
    static Admin admin(const QString& email, Admin::Role role = Admin::Role::Admin)
    {
        Admin a;
        a.id = SecureRandom::uuid();
        a.email = email;
        a.passwordHash = QStringLiteral("$scrypt$ln=15,r=8,p=1$c2FsdA==$aGFzaA==");
        a.role = role;
        return a;
    }

    std::unique_ptr<TestDatabase> m_t;
    std::unique_ptr<ManualClock> m_clock;
};

void TestAdminRepository::init()
{
    AIGW_CREATE_TEST_DATABASE(m_t, true);
    m_clock = std::make_unique<ManualClock>(ManualClock::utc(2024, 7, 4, 18));
}

void TestAdminRepository::cleanup()
{
    m_clock.reset();
    m_t.reset();
}

void TestAdminRepository::createAndFind()
{
    AdminRepository repo(m_t->db());
    const Admin input = admin(QStringLiteral("Ops@Example.com"), Admin::Role::Viewer);
    auto created = repo.create(input);
    QVERIFY2(created, qPrintable(created ? QString() : created.error().message));
    auto found = repo.findById(input.id);
    QVERIFY(found);
    const Admin& a = found.value();
    QCOMPARE(a.id, input.id);
    QCOMPARE(a.email, QStringLiteral("Ops@Example.com")); // stored as written
    QCOMPARE(a.passwordHash, input.passwordHash);
    QCOMPARE(a.role, Admin::Role::Viewer);
    QCOMPARE(a.tokenVersion, 0);
    QVERIFY(a.active);
    QCOMPARE(a.createdAt, ManualClock::utc(2024, 7, 4, 18));
    QCOMPARE(a.updatedAt, ManualClock::utc(2024, 7, 4, 18));
    QVERIFY(!a.lastLoginAt);
}

void TestAdminRepository::emailUniqueIgnoringCase()
{
    AdminRepository repo(m_t->db());
    QVERIFY(repo.create(admin(QStringLiteral("ops@example.com"))));
    for (const QString& email :
         {QStringLiteral("ops@example.com"), QStringLiteral("OPS@EXAMPLE.COM"), QStringLiteral("Ops@example.Com")}) {
        auto dup = repo.create(admin(email));
        QVERIFY2(!dup, qPrintable(email));
        QCOMPARE(dup.error().kind, Error::Kind::Conflict);
        QCOMPARE(dup.error().message, QStringLiteral("an admin with e-mail %1 already exists").arg(email));
    }
    QCOMPARE(repo.count().value(), 1);
    QVERIFY(repo.create(admin(QStringLiteral("ops2@example.com"))));
    QCOMPARE(repo.count().value(), 2);
}

void TestAdminRepository::findByEmailIgnoresCase()
{
    AdminRepository repo(m_t->db());
    const Admin a = admin(QStringLiteral("Mixed.Case@Example.org"));
    QVERIFY(repo.create(a));
    for (const QString& email : {QStringLiteral("mixed.case@example.org"), QStringLiteral("MIXED.CASE@EXAMPLE.ORG"),
                                 QStringLiteral("Mixed.Case@Example.org")}) {
        auto found = repo.findByEmail(email);
        QVERIFY2(found, qPrintable(email));
        QCOMPARE(found.value().id, a.id);
    }
    auto none = repo.findByEmail(QStringLiteral("mixed.case@example.com"));
    QVERIFY(!none);
    QCOMPARE(none.error().kind, Error::Kind::NotFound);
    auto wildcard = repo.findByEmail(QStringLiteral("%"));
    QVERIFY(!wildcard);
    QCOMPARE(wildcard.error().kind, Error::Kind::NotFound);
}

void TestAdminRepository::listAndCount()
{
    AdminRepository repo(m_t->db());
    QCOMPARE(repo.count().value(), 0);
    QVERIFY(repo.list().value().isEmpty());
    QStringList ids;
    for (int i = 0; i < 3; ++i) {
        const Admin a = admin(QStringLiteral("a%1@example.com").arg(i));
        QVERIFY(repo.create(a));
        ids << a.id;
        m_clock->advance(1000);
    }
    QCOMPARE(repo.count().value(), 3);
    auto all = repo.list();
    QVERIFY(all);
    QStringList listed;
    for (const Admin& a : all.value())
        listed << a.id;
    QCOMPARE(listed, ids);
}

void TestAdminRepository::setPasswordHashBumpsTokenVersion()
{
    AdminRepository repo(m_t->db());
    const Admin a = admin(QStringLiteral("a@example.com"));
    QVERIFY(repo.create(a));
    m_clock->set(ManualClock::utc(2024, 7, 5));
    QVERIFY(repo.setPasswordHash(a.id, QStringLiteral("$scrypt$new")));
    auto after = repo.findById(a.id);
    QVERIFY(after);
    QCOMPARE(after.value().passwordHash, QStringLiteral("$scrypt$new"));
    QCOMPARE(after.value().tokenVersion, 1);
    QCOMPARE(after.value().updatedAt, ManualClock::utc(2024, 7, 5));
    QCOMPARE(after.value().createdAt, ManualClock::utc(2024, 7, 4, 18));
    QVERIFY(repo.setPasswordHash(a.id, QStringLiteral("$scrypt$newer")));
    QCOMPARE(repo.findById(a.id).value().tokenVersion, 2);
}

void TestAdminRepository::bumpTokenVersion()
{
    AdminRepository repo(m_t->db());
    const Admin a = admin(QStringLiteral("a@example.com"));
    const Admin b = admin(QStringLiteral("b@example.com"));
    QVERIFY(repo.create(a));
    QVERIFY(repo.create(b));
    QVERIFY(repo.bumpTokenVersion(a.id));
    QVERIFY(repo.bumpTokenVersion(a.id));
    QCOMPARE(repo.findById(a.id).value().tokenVersion, 2);
    QCOMPARE(repo.findById(b.id).value().tokenVersion, 0);
    QCOMPARE(repo.findById(a.id).value().passwordHash, a.passwordHash);
}

void TestAdminRepository::recordLogin()
{
    AdminRepository repo(m_t->db());
    const Admin a = admin(QStringLiteral("a@example.com"));
    QVERIFY(repo.create(a));
    QVERIFY(repo.recordLogin(a.id, ManualClock::utc(2024, 7, 4, 19, 5)));
    QCOMPARE(repo.findById(a.id).value().lastLoginAt, std::optional<qint64>(ManualClock::utc(2024, 7, 4, 19, 5)));
    QCOMPARE(repo.findById(a.id).value().tokenVersion, 0);
}

void TestAdminRepository::remove()
{
    AdminRepository repo(m_t->db());
    const Admin a = admin(QStringLiteral("a@example.com"));
    QVERIFY(repo.create(a));
    QVERIFY(repo.remove(a.id));
    QCOMPARE(repo.count().value(), 0);
    auto again = repo.remove(a.id);
    QVERIFY(!again);
    QCOMPARE(again.error().kind, Error::Kind::NotFound);
    // The e-mail is free again.
    QVERIFY(repo.create(admin(QStringLiteral("A@example.com"))));
}

void TestAdminRepository::unknownAndMalformedIds_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("unknown") << SecureRandom::uuid();
    QTest::newRow("empty") << QString();
    QTest::newRow("email") << QStringLiteral("a@example.com");
    QTest::newRow("bad digit") << QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950x");
}

void TestAdminRepository::unknownAndMalformedIds()
{
    QFETCH(QString, id);
    AdminRepository repo(m_t->db());
    const Admin a = admin(QStringLiteral("a@example.com"));
    QVERIFY(repo.create(a));
    const QList<Result<void>> results{repo.setPasswordHash(id, QStringLiteral("h")), repo.bumpTokenVersion(id),
                                      repo.recordLogin(id, 1), repo.remove(id)};
    for (const auto& r : results) {
        QVERIFY(!r);
        QCOMPARE(r.error().kind, Error::Kind::NotFound);
        QCOMPARE(r.error().message, QStringLiteral("admin not found: %1").arg(id));
    }
    auto found = repo.findById(id);
    QVERIFY(!found);
    QCOMPARE(found.error().kind, Error::Kind::NotFound);
    // The existing admin is untouched.
    const Admin after = repo.findById(a.id).value();
    QCOMPARE(after.passwordHash, a.passwordHash);
    QCOMPARE(after.tokenVersion, 0);
}

QTEST_GUILESS_MAIN(TestAdminRepository)
#include "TestAdminRepository.moc"
