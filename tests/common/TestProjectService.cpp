#include "TestDatabase.h"

#include "services/ProjectService.h"

#include <QRegularExpression>
#include <QTest>

#include <limits>

Q_DECLARE_METATYPE(Project)

/** Project validation, creation and lookup, on a real SQLite file or PostgreSQL database. */
class TestProjectService : public QObject
{
    Q_OBJECT

private slots:
    void validateNamesTheField_data();
    void validateNamesTheField();
    void validateAccepts_data();
    void validateAccepts();
    void createAssignsIdAndTrims();
    void invalidCreateWritesNothing();
    void updateValidates();
    void resolve();
    void resolveAmbiguousName();
    void deactivate();

private:
    static Project valid()
    {
        Project p;
        p.name = QStringLiteral("acme");
        return p;
    }
};

void TestProjectService::validateNamesTheField_data()
{
    QTest::addColumn<Project>("project");
    QTest::addColumn<QString>("field");

    const qint64 maxTokens = 1000000000000000LL;
    const qint64 maxCost = 1000000000LL * 1000000LL;
    Project p;
    p = valid(), p.name.clear();
    QTest::newRow("empty name") << p << QStringLiteral("name");
    p = valid(), p.name = QStringLiteral(" \t ");
    QTest::newRow("blank name") << p << QStringLiteral("name");
    p = valid(), p.name = QString(201, QLatin1Char('n'));
    QTest::newRow("name too long") << p << QStringLiteral("name");
    p = valid(), p.description = QString(4001, QLatin1Char('d'));
    QTest::newRow("description too long") << p << QStringLiteral("description");
    p = valid(), p.dailyTokenLimit = -1;
    QTest::newRow("negative daily tokens") << p << QStringLiteral("daily_token_limit");
    p = valid(), p.monthlyTokenLimit = maxTokens + 1;
    QTest::newRow("huge monthly tokens") << p << QStringLiteral("monthly_token_limit");
    p = valid(), p.dailyCostLimitMicros = -1;
    QTest::newRow("negative daily cost") << p << QStringLiteral("daily_cost_limit");
    p = valid(), p.monthlyCostLimitMicros = maxCost + 1;
    QTest::newRow("huge monthly cost") << p << QStringLiteral("monthly_cost_limit");
    p = valid(), p.monthlyCostLimitMicros = std::numeric_limits<qint64>::min();
    QTest::newRow("minimum qint64 cost") << p << QStringLiteral("monthly_cost_limit");
    p = valid(), p.defaultProvider = QStringLiteral("groq");
    QTest::newRow("unknown default provider") << p << QStringLiteral("default_provider");
    p = valid(), p.defaultProvider = QStringLiteral("OpenAI");
    QTest::newRow("provider case") << p << QStringLiteral("default_provider");
    p = valid(), p.defaultCapability = QStringLiteral("quality");
    QTest::newRow("unknown capability") << p << QStringLiteral("default_capability");
    p = valid(), p.defaultCapability.clear();
    QTest::newRow("empty capability") << p << QStringLiteral("default_capability");
    p = valid(), p.fallbacks = {QStringLiteral("openai")};
    QTest::newRow("fallback without model") << p << QStringLiteral("fallbacks");
    p = valid(), p.fallbacks = {QStringLiteral("openai/")};
    QTest::newRow("fallback with empty model") << p << QStringLiteral("fallbacks");
    p = valid(), p.fallbacks = {QStringLiteral("groq/llama-3")};
    QTest::newRow("fallback with unknown provider") << p << QStringLiteral("fallbacks");
    p = valid(), p.fallbacks = {QStringLiteral("openai/gpt-4.1"), QString()};
    QTest::newRow("empty fallback after a good one") << p << QStringLiteral("fallbacks");
    p = valid(), p.fallbacks = {QStringLiteral("/gpt-4.1")};
    QTest::newRow("fallback without provider") << p << QStringLiteral("fallbacks");
}

void TestProjectService::validateNamesTheField()
{
    QFETCH(Project, project);
    QFETCH(QString, field);
    auto r = ProjectService::validate(project);
    QVERIFY(!r);
    QCOMPARE(r.error().kind, Error::Kind::InvalidArgument);
    QCOMPARE(r.error().field, field);
    QVERIFY(!r.error().message.isEmpty());
    QVERIFY(!r.error().message.contains(QLatin1Char('\n')));
}

void TestProjectService::validateAccepts_data()
{
    QTest::addColumn<Project>("project");
    Project p = valid();
    QTest::newRow("minimal") << p;
    p.name = QString(200, QLatin1Char('n'));
    p.description = QString(4000, QLatin1Char('d'));
    p.dailyTokenLimit = 0;
    p.monthlyTokenLimit = 1000000000000000LL;
    p.dailyCostLimitMicros = 0;
    p.monthlyCostLimitMicros = 1000000000LL * 1000000LL;
    p.defaultProvider = QStringLiteral("gemini");
    p.defaultCapability = QStringLiteral("best");
    p.fallbacks = {QStringLiteral("anthropic/claude-sonnet-4-5"), QStringLiteral("openai/ft:gpt-4.1:org/x")};
    QTest::newRow("every field at its bound") << p;
    for (const QString& c : {QStringLiteral("fast"), QStringLiteral("balanced"), QStringLiteral("thinking")}) {
        Project q = valid();
        q.defaultCapability = c;
        QTest::newRow(qPrintable(c)) << q;
    }
    Project spaced = valid();
    spaced.name = QStringLiteral("  padded  "); // trimmed by create()
    QTest::newRow("padded name") << spaced;
}

void TestProjectService::validateAccepts()
{
    QFETCH(Project, project);
    auto r = ProjectService::validate(project);
    QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
}

void TestProjectService::createAssignsIdAndTrims()
{
    AIGW_TEST_DATABASE(t);
    ProjectService service(t->db());
    Project input = valid();
    input.id = QStringLiteral("caller-chosen");
    input.name = QStringLiteral("  Acme Corp \n");
    input.active = false;
    input.fallbacks = {QStringLiteral("openai/gpt-4.1")};
    auto created = service.create(input);
    QVERIFY2(created, qPrintable(created ? QString() : created.error().message));
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"))
                .match(created.value().id)
                .hasMatch());
    QCOMPARE(created.value().name, QStringLiteral("Acme Corp"));
    QVERIFY(created.value().active);
    auto stored = service.resolve(created.value().id);
    QVERIFY(stored);
    QCOMPARE(stored.value().name, QStringLiteral("Acme Corp"));
    QCOMPARE(stored.value().fallbacks, QStringList{QStringLiteral("openai/gpt-4.1")});
    QCOMPARE(service.create(valid()).value().id.size(), 36);
    QVERIFY(service.create(valid()).value().id != created.value().id);
}

void TestProjectService::invalidCreateWritesNothing()
{
    AIGW_TEST_DATABASE(t);
    ProjectService service(t->db());
    Project bad = valid();
    bad.dailyCostLimitMicros = -5;
    auto r = service.create(bad);
    QVERIFY(!r);
    QCOMPARE(r.error().field, QStringLiteral("daily_cost_limit"));
    QCOMPARE(service.list(true).value().size(), 0);
}

void TestProjectService::updateValidates()
{
    AIGW_TEST_DATABASE(t);
    ProjectService service(t->db());
    Project p = service.create(valid()).value();
    p.defaultProvider = QStringLiteral("mistral");
    auto bad = service.update(p);
    QVERIFY(!bad);
    QCOMPARE(bad.error().field, QStringLiteral("default_provider"));
    QVERIFY(service.resolve(p.id).value().defaultProvider.isEmpty());

    p.defaultProvider = QStringLiteral("openai");
    p.name = QStringLiteral(" renamed ");
    auto good = service.update(p);
    QVERIFY(good);
    QCOMPARE(good.value().name, QStringLiteral("renamed"));
    QCOMPARE(service.resolve(QStringLiteral("renamed")).value().defaultProvider, QStringLiteral("openai"));
}

void TestProjectService::resolve()
{
    AIGW_TEST_DATABASE(t);
    ProjectService service(t->db());
    const Project a = service.create(valid()).value();
    Project other = valid();
    other.name = QStringLiteral("other");
    const Project b = service.create(other).value();

    QCOMPARE(service.resolve(a.id).value().id, a.id);
    QCOMPARE(service.resolve(a.id.toUpper()).value().id, a.id); // ids are case-insensitive
    QCOMPARE(service.resolve(QStringLiteral("acme")).value().id, a.id);
    QCOMPARE(service.resolve(QStringLiteral("other")).value().id, b.id);

    for (const QString& missing : {QStringLiteral("ACME"), QStringLiteral("nobody"), QString(),
                                   QStringLiteral("00000000-0000-4000-8000-000000000000")}) {
        auto r = service.resolve(missing);
        QVERIFY2(!r, qPrintable(missing));
        QCOMPARE(r.error().kind, Error::Kind::NotFound);
        QCOMPARE(r.error().message, QStringLiteral("project not found: %1").arg(missing));
    }
    // A deactivated project still resolves (to be shown or reactivated).
    QVERIFY(service.deactivate(b.id));
    QCOMPARE(service.resolve(QStringLiteral("other")).value().active, false);
}

void TestProjectService::resolveAmbiguousName()
{
    AIGW_TEST_DATABASE(t);
    ProjectService service(t->db());
    const Project a = service.create(valid()).value();
    const Project b = service.create(valid()).value();
    auto r = service.resolve(QStringLiteral("acme"));
    QVERIFY(!r);
    QCOMPARE(r.error().kind, Error::Kind::InvalidArgument);
    QCOMPARE(r.error().field, QStringLiteral("project"));
    QCOMPARE(r.error().message, QStringLiteral("2 projects are named 'acme'; use the id"));
    QCOMPARE(service.resolve(a.id).value().id, a.id);
    QCOMPARE(service.resolve(b.id).value().id, b.id);
}

void TestProjectService::deactivate()
{
    AIGW_TEST_DATABASE(t);
    ProjectService service(t->db());
    const Project a = service.create(valid()).value();
    QVERIFY(service.deactivate(a.id));
    QCOMPARE(service.list(false).value().size(), 0);
    QCOMPARE(service.list(true).value().size(), 1);
    auto unknown = service.deactivate(QStringLiteral("acme"));
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().kind, Error::Kind::NotFound);
}

QTEST_GUILESS_MAIN(TestProjectService)
#include "TestProjectService.moc"
