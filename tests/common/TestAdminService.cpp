#include "ManualClock.h"
#include "TestDatabase.h"

#include "security/PasswordHasher.h"
#include "services/AdminService.h"

#include <QTest>

/** Operator accounts: creation, authentication and password change, on a real SQLite file or PostgreSQL database. */
class TestAdminService : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void create();
    void createRefuses_data();
    void createRefuses();
    void duplicateEmailIgnoringCase();
    void authenticate();
    void wrongPasswordAndUnknownEmailLookTheSame();
    void inactiveAdminCannotAuthenticate();
    void changePassword();
    void changePasswordRefuses();

private:
    const QString m_password = QStringLiteral("correct horse battery staple");
    std::unique_ptr<TestDatabase> m_t;
    std::unique_ptr<ManualClock> m_clock;
};

void TestAdminService::init()
{
    AIGW_CREATE_TEST_DATABASE(m_t, true);
    m_clock = std::make_unique<ManualClock>(ManualClock::utc(2024, 8, 1, 9));
}

void TestAdminService::cleanup()
{
    m_clock.reset();
    m_t.reset();
}

void TestAdminService::create()
{
    AdminService service(m_t->db());
    auto created = service.create(QStringLiteral("  ops@example.com "), m_password, Admin::Role::Viewer);
    QVERIFY2(created, qPrintable(created ? QString() : created.error().message));
    QCOMPARE(created.value().email, QStringLiteral("ops@example.com"));
    QCOMPARE(created.value().role, Admin::Role::Viewer);
    QCOMPARE(created.value().tokenVersion, 0);

    const Admin stored = AdminRepository(m_t->db()).findById(created.value().id).value();
    QCOMPARE(stored.email, QStringLiteral("ops@example.com"));
    QCOMPARE(stored.role, Admin::Role::Viewer);
    QVERIFY(stored.passwordHash.startsWith(QStringLiteral("$scrypt$")));
    QVERIFY(!stored.passwordHash.contains(m_password));
    QVERIFY(PasswordHasher::verify(m_password, stored.passwordHash));
    QVERIFY(!PasswordHasher::verify(m_password + QLatin1Char('!'), stored.passwordHash));
    QCOMPARE(stored.createdAt, ManualClock::utc(2024, 8, 1, 9));

    // Exactly the minimum length is enough.
    QVERIFY(service.create(QStringLiteral("min@example.com"),
                           QString(AdminService::MinPasswordLength, QLatin1Char('p')), Admin::Role::Admin));
}

void TestAdminService::createRefuses_data()
{
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");

    const QString good = QStringLiteral("correct horse battery staple");
    QTest::newRow("no at sign") << QStringLiteral("ops.example.com") << good << QStringLiteral("email")
                                << QStringLiteral("not a valid e-mail address");
    QTest::newRow("no domain dot") << QStringLiteral("ops@localhost") << good << QStringLiteral("email")
                                   << QStringLiteral("not a valid e-mail address");
    QTest::newRow("space inside") << QStringLiteral("o ps@example.com") << good << QStringLiteral("email")
                                  << QStringLiteral("not a valid e-mail address");
    QTest::newRow("two at signs") << QStringLiteral("a@b@example.com") << good << QStringLiteral("email")
                                  << QStringLiteral("not a valid e-mail address");
    QTest::newRow("empty e-mail") << QString() << good << QStringLiteral("email")
                                  << QStringLiteral("not a valid e-mail address");
    QTest::newRow("too long e-mail") << QString(320, QLatin1Char('a')) + QStringLiteral("@example.com") << good
                                     << QStringLiteral("email") << QStringLiteral("not a valid e-mail address");
    QTest::newRow("11 characters") << QStringLiteral("ops@example.com") << QString(11, QLatin1Char('p'))
                                   << QStringLiteral("password") << QStringLiteral("at least 12 characters");
    QTest::newRow("empty password") << QStringLiteral("ops@example.com") << QString() << QStringLiteral("password")
                                    << QStringLiteral("at least 12 characters");
    QTest::newRow("too long password") << QStringLiteral("ops@example.com") << QString(1025, QLatin1Char('p'))
                                       << QStringLiteral("password") << QStringLiteral("at most 1024 characters");
}

void TestAdminService::createRefuses()
{
    QFETCH(QString, email);
    QFETCH(QString, password);
    QFETCH(QString, field);
    QFETCH(QString, message);
    auto r = AdminService(m_t->db()).create(email, password, Admin::Role::Admin);
    QVERIFY(!r);
    QCOMPARE(r.error().kind, Error::Kind::InvalidArgument);
    QCOMPARE(r.error().field, field);
    QVERIFY2(r.error().message.contains(message), qPrintable(r.error().message));
    if (!password.isEmpty())
        QVERIFY(!r.error().message.contains(password));
    QCOMPARE(AdminRepository(m_t->db()).count().value(), 0);
}

void TestAdminService::duplicateEmailIgnoringCase()
{
    AdminService service(m_t->db());
    QVERIFY(service.create(QStringLiteral("ops@example.com"), m_password, Admin::Role::Admin));
    auto dup = service.create(QStringLiteral("OPS@Example.COM"), QStringLiteral("another long password"),
                              Admin::Role::Viewer);
    QVERIFY(!dup);
    QCOMPARE(dup.error().kind, Error::Kind::Conflict);
    QVERIFY2(dup.error().message.contains(QStringLiteral("already exists")), qPrintable(dup.error().message));
    QCOMPARE(AdminRepository(m_t->db()).count().value(), 1);
}

void TestAdminService::authenticate()
{
    AdminService service(m_t->db());
    const Admin a = service.create(QStringLiteral("Ops@Example.com"), m_password, Admin::Role::Admin).value();
    m_clock->set(ManualClock::utc(2024, 8, 2, 10));
    auto in = service.authenticate(QStringLiteral(" ops@example.COM "), m_password);
    QVERIFY2(in, qPrintable(in ? QString() : in.error().message));
    QCOMPARE(in.value().id, a.id);
    QCOMPARE(AdminRepository(m_t->db()).findById(a.id).value().lastLoginAt,
             std::optional<qint64>(ManualClock::utc(2024, 8, 2, 10)));
}

void TestAdminService::wrongPasswordAndUnknownEmailLookTheSame()
{
    AdminService service(m_t->db());
    const Admin a = service.create(QStringLiteral("ops@example.com"), m_password, Admin::Role::Admin).value();
    const auto wrong = service.authenticate(QStringLiteral("ops@example.com"), QStringLiteral("correct horse battery"));
    const auto unknown = service.authenticate(QStringLiteral("nobody@example.com"), m_password);
    const auto empty = service.authenticate(QString(), QString());
    for (const auto* r : {&wrong, &unknown, &empty}) {
        QVERIFY(!*r);
        QCOMPARE(r->error().kind, Error::Kind::PermissionDenied);
        QCOMPARE(r->error().message, QStringLiteral("invalid e-mail or password"));
        QCOMPARE(r->error().field, QString());
    }
    // A failed attempt is not a login.
    QVERIFY(!AdminRepository(m_t->db()).findById(a.id).value().lastLoginAt);
}

void TestAdminService::inactiveAdminCannotAuthenticate()
{
    AdminService service(m_t->db());
    const Admin a = service.create(QStringLiteral("ops@example.com"), m_password, Admin::Role::Admin).value();
    QVERIFY(m_t->db().exec(QStringLiteral("UPDATE admins SET is_active = ? WHERE id = ?"), {false, a.id}));
    auto r = service.authenticate(QStringLiteral("ops@example.com"), m_password);
    QVERIFY(!r);
    QCOMPARE(r.error().kind, Error::Kind::PermissionDenied);
    QCOMPARE(r.error().message, QStringLiteral("invalid e-mail or password"));
    QVERIFY(!AdminRepository(m_t->db()).findById(a.id).value().lastLoginAt);
}

void TestAdminService::changePassword()
{
    AdminService service(m_t->db());
    const Admin a = service.create(QStringLiteral("ops@example.com"), m_password, Admin::Role::Admin).value();
    const QString next = QStringLiteral("a completely different one");
    QVERIFY(service.changePassword(a.id, m_password, next));
    const Admin after = AdminRepository(m_t->db()).findById(a.id).value();
    QCOMPARE(after.tokenVersion, a.tokenVersion + 1); // tokens issued before the change stop working
    QVERIFY(after.passwordHash != a.passwordHash);
    QVERIFY(!service.authenticate(QStringLiteral("ops@example.com"), m_password));
    QVERIFY(service.authenticate(QStringLiteral("ops@example.com"), next));
}

void TestAdminService::changePasswordRefuses()
{
    AdminService service(m_t->db());
    const Admin a = service.create(QStringLiteral("ops@example.com"), m_password, Admin::Role::Admin).value();

    auto wrongCurrent
        = service.changePassword(a.id, QStringLiteral("not the password"), QStringLiteral("new long password"));
    QVERIFY(!wrongCurrent);
    QCOMPARE(wrongCurrent.error().field, QStringLiteral("current_password"));

    auto tooShort = service.changePassword(a.id, m_password, QStringLiteral("short"));
    QVERIFY(!tooShort);
    QCOMPARE(tooShort.error().field, QStringLiteral("password"));
    QVERIFY(tooShort.error().message.contains(QStringLiteral("at least 12 characters")));

    for (const QString& id : {QStringLiteral("00000000-0000-4000-8000-000000000000"), QStringLiteral("ops")}) {
        auto unknown = service.changePassword(id, m_password, QStringLiteral("new long password"));
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().kind, Error::Kind::NotFound);
    }
    // Nothing changed.
    const Admin after = AdminRepository(m_t->db()).findById(a.id).value();
    QCOMPARE(after.tokenVersion, 0);
    QCOMPARE(after.passwordHash, a.passwordHash);
}

QTEST_GUILESS_MAIN(TestAdminService)
#include "TestAdminService.moc"
