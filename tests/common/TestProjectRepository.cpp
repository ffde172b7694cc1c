#include "ManualClock.h"
#include "TestDatabase.h"

#include "security/SecureRandom.h"
#include "storage/ProjectRepository.h"

#include <QSqlRecord>
#include <QTest>

/** ProjectRepository on a real SQLite file or PostgreSQL database. */
class TestProjectRepository : public QObject
{
    Q_OBJECT

private slots:
    void createAndFindEveryField();
    void optionalFieldsStayNull();
    void zeroIsNotNull();
    void findByName();
    void listActiveAndAll();
    void updateWritesEveryField();
    void setActive();
    void unknownAndMalformedIds_data();
    void unknownAndMalformedIds();
    void nameConstraint();

private:
    static Project full(const QString& name)
    {
        Project p;
        p.id = SecureRandom::uuid();
        p.name = name;
        p.description = QStringLiteral("Ünïcode description; with 'quotes'");
        p.dailyTokenLimit = 1000;
        p.monthlyTokenLimit = 1000000000000000LL;
        p.dailyCostLimitMicros = 10500000;
        p.monthlyCostLimitMicros = 1;
        p.defaultProvider = QStringLiteral("anthropic");
        p.defaultCapability = QStringLiteral("thinking");
        p.fallbacks = {QStringLiteral("openai/gpt-4.1"), QStringLiteral("gemini/gemini-2.5-pro")};
        return p;
    }
    static Project minimal(const QString& name)
    {
        Project p;
        p.id = SecureRandom::uuid();
        p.name = name;
        return p;
    }
    static void compareProjects(const Project& a, const Project& b)
    {
        QCOMPARE(a.id, b.id);
        QCOMPARE(a.name, b.name);
        QCOMPARE(a.description, b.description);
        QCOMPARE(a.dailyTokenLimit, b.dailyTokenLimit);
        QCOMPARE(a.monthlyTokenLimit, b.monthlyTokenLimit);
        QCOMPARE(a.dailyCostLimitMicros, b.dailyCostLimitMicros);
        QCOMPARE(a.monthlyCostLimitMicros, b.monthlyCostLimitMicros);
        QCOMPARE(a.defaultProvider, b.defaultProvider);
        QCOMPARE(a.defaultCapability, b.defaultCapability);
        QCOMPARE(a.fallbacks, b.fallbacks);
        QCOMPARE(a.active, b.active);
        QCOMPARE(a.createdAt, b.createdAt);
        QCOMPARE(a.updatedAt, b.updatedAt);
    }
    static QVariantList rawRow(const Database& db, const QString& id, const QString& columns)
    {
        QVariantList out;
        auto r = db.exec(QStringLiteral("SELECT ") + columns + QStringLiteral(" FROM projects WHERE id = ?"), {id});
        if (r && r.value().next())
            for (int i = 0; i < r.value().record().count(); ++i)
                out << r.value().value(i);
        return out;
    }
};

void TestProjectRepository::createAndFindEveryField()
{
    AIGW_TEST_DATABASE(t);
    ManualClock clock(ManualClock::utc(2024, 5, 17, 8, 30));
    ProjectRepository repo(t->db());
    const Project input = full(QStringLiteral("acme"));
    auto created = repo.create(input);
    QVERIFY2(created, qPrintable(created ? QString() : created.error().message));
    QCOMPARE(created.value().createdAt, ManualClock::utc(2024, 5, 17, 8, 30));
    QCOMPARE(created.value().updatedAt, created.value().createdAt);

    auto found = repo.findById(input.id);
    QVERIFY(found);
    compareProjects(found.value(), created.value());
    QCOMPARE(found.value().monthlyTokenLimit, std::optional<qint64>(1000000000000000LL));
    QCOMPARE(found.value().fallbacks.size(), 2);
    QVERIFY(found.value().active);
}

void TestProjectRepository::optionalFieldsStayNull()
{
    AIGW_TEST_DATABASE(t);
    ProjectRepository repo(t->db());
    const Project input = minimal(QStringLiteral("bare"));
    QVERIFY(repo.create(input));
    auto found = repo.findById(input.id);
    QVERIFY(found);
    QVERIFY(!found.value().dailyTokenLimit);
    QVERIFY(!found.value().monthlyTokenLimit);
    QVERIFY(!found.value().dailyCostLimitMicros);
    QVERIFY(!found.value().monthlyCostLimitMicros);
    QVERIFY(found.value().defaultProvider.isEmpty());
    QCOMPARE(found.value().defaultCapability, QStringLiteral("balanced"));
    QVERIFY(found.value().fallbacks.isEmpty());
    QCOMPARE(found.value().description, QString());

    // Stored as SQL NULL, not 0 or '' or '[]'.
    const QVariantList raw = rawRow(t->db(), input.id,
                                    QStringLiteral("daily_token_limit, monthly_token_limit, daily_cost_limit_micros, "
                                                   "monthly_cost_limit_micros, default_provider, fallbacks"));
    QCOMPARE(raw.size(), 6);
    for (const QVariant& v : raw)
        QVERIFY2(v.isNull(), qPrintable(v.toString()));
}

void TestProjectRepository::zeroIsNotNull()
{
    // A limit of 0 blocks everything; no limit allows everything. The two must never be confused.
    AIGW_TEST_DATABASE(t);
    ProjectRepository repo(t->db());
    Project input = minimal(QStringLiteral("zero"));
    input.dailyTokenLimit = 0;
    input.monthlyTokenLimit = 0;
    input.dailyCostLimitMicros = 0;
    input.monthlyCostLimitMicros = 0;
    QVERIFY(repo.create(input));
    auto found = repo.findById(input.id);
    QVERIFY(found);
    QCOMPARE(found.value().dailyTokenLimit, std::optional<qint64>(0));
    QCOMPARE(found.value().monthlyTokenLimit, std::optional<qint64>(0));
    QCOMPARE(found.value().dailyCostLimitMicros, std::optional<qint64>(0));
    QCOMPARE(found.value().monthlyCostLimitMicros, std::optional<qint64>(0));
}

void TestProjectRepository::findByName()
{
    AIGW_TEST_DATABASE(t);
    ManualClock clock(ManualClock::utc(2024, 1, 1));
    ProjectRepository repo(t->db());
    const Project a = minimal(QStringLiteral("shared"));
    QVERIFY(repo.create(a));
    clock.advance(1000);
    const Project b = minimal(QStringLiteral("shared"));
    QVERIFY(repo.create(b));
    QVERIFY(repo.setActive(b.id, false));
    QVERIFY(repo.create(minimal(QStringLiteral("Shared"))));
    QVERIFY(repo.create(minimal(QStringLiteral("shared "))));

    auto both = repo.findByName(QStringLiteral("shared"));
    QVERIFY(both);
    QCOMPARE(both.value().size(), 2); // exact: case and trailing space matter; inactive included
    QCOMPARE(both.value().at(0).id, a.id); // oldest first
    QCOMPARE(both.value().at(1).id, b.id);
    QCOMPARE(both.value().at(1).active, false);

    auto none = repo.findByName(QStringLiteral("nobody"));
    QVERIFY(none);
    QVERIFY(none.value().isEmpty());
    auto injection = repo.findByName(QStringLiteral("x' OR '1'='1"));
    QVERIFY(injection);
    QVERIFY(injection.value().isEmpty());
}

void TestProjectRepository::listActiveAndAll()
{
    AIGW_TEST_DATABASE(t);
    ManualClock clock(ManualClock::utc(2024, 1, 1));
    ProjectRepository repo(t->db());
    QStringList ids;
    for (int i = 0; i < 4; ++i) {
        const Project p = minimal(QStringLiteral("p%1").arg(i));
        QVERIFY(repo.create(p));
        ids << p.id;
        clock.advance(10);
    }
    QVERIFY(repo.setActive(ids.at(1), false));

    auto active = repo.list(false);
    QVERIFY(active);
    QStringList activeIds;
    for (const Project& p : active.value())
        activeIds << p.id;
    QCOMPARE(activeIds, (QStringList{ids.at(0), ids.at(2), ids.at(3)}));

    auto all = repo.list(true);
    QVERIFY(all);
    QStringList allIds;
    for (const Project& p : all.value())
        allIds << p.id;
    QCOMPARE(allIds, ids); // in creation order
}

void TestProjectRepository::updateWritesEveryField()
{
    AIGW_TEST_DATABASE(t);
    ManualClock clock(ManualClock::utc(2024, 1, 1));
    ProjectRepository repo(t->db());
    const Project original = full(QStringLiteral("before"));
    QVERIFY(repo.create(original));

    clock.set(ManualClock::utc(2024, 2, 1));
    Project changed = minimal(QStringLiteral("after"));
    changed.id = original.id;
    changed.description = QStringLiteral("new");
    changed.dailyCostLimitMicros = 5;
    changed.createdAt = 42; // ignored: created_at never changes
    auto updated = repo.update(changed);
    QVERIFY2(updated, qPrintable(updated ? QString() : updated.error().message));
    QCOMPARE(updated.value().name, QStringLiteral("after"));
    QCOMPARE(updated.value().description, QStringLiteral("new"));
    QVERIFY(!updated.value().dailyTokenLimit); // cleared
    QVERIFY(!updated.value().monthlyTokenLimit);
    QCOMPARE(updated.value().dailyCostLimitMicros, std::optional<qint64>(5));
    QVERIFY(!updated.value().monthlyCostLimitMicros);
    QVERIFY(updated.value().defaultProvider.isEmpty());
    QCOMPARE(updated.value().defaultCapability, QStringLiteral("balanced"));
    QVERIFY(updated.value().fallbacks.isEmpty());
    QCOMPARE(updated.value().createdAt, ManualClock::utc(2024, 1, 1));
    QCOMPARE(updated.value().updatedAt, ManualClock::utc(2024, 2, 1));
    compareProjects(repo.findById(original.id).value(), updated.value());
    const QVariantList raw
        = rawRow(t->db(), original.id, QStringLiteral("daily_token_limit, default_provider, fallbacks"));
    QCOMPARE(raw.size(), 3);
    for (const QVariant& v : raw)
        QVERIFY(v.isNull());

    Project deactivated = updated.value();
    deactivated.active = false;
    QCOMPARE(repo.update(deactivated).value().active, false);
}

void TestProjectRepository::setActive()
{
    AIGW_TEST_DATABASE(t);
    ManualClock clock(ManualClock::utc(2024, 1, 1));
    ProjectRepository repo(t->db());
    const Project p = minimal(QStringLiteral("toggle"));
    QVERIFY(repo.create(p));
    clock.set(ManualClock::utc(2024, 1, 2));
    QVERIFY(repo.setActive(p.id, false));
    auto off = repo.findById(p.id);
    QVERIFY(off);
    QCOMPARE(off.value().active, false);
    QCOMPARE(off.value().updatedAt, ManualClock::utc(2024, 1, 2));
    QVERIFY(repo.setActive(p.id, false)); // idempotent
    QVERIFY(repo.setActive(p.id, true));
    QCOMPARE(repo.findById(p.id).value().active, true);
}

void TestProjectRepository::unknownAndMalformedIds_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("unknown") << SecureRandom::uuid();
    QTest::newRow("empty") << QString();
    QTest::newRow("word") << QStringLiteral("acme");
    QTest::newRow("bad hex digit") << QStringLiteral("00000000-0000-0000-0000-00000000000z");
    QTest::newRow("no dashes") << QStringLiteral("0f8fad5bd9cb469fa16570867728950e");
    QTest::newRow("braces") << QStringLiteral("{0f8fad5b-d9cb-469f-a165-70867728950e}");
    QTest::newRow("too long") << QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e0");
    QTest::newRow("injection") << QStringLiteral("x'; DROP TABLE projects; --");
}

void TestProjectRepository::unknownAndMalformedIds()
{
    QFETCH(QString, id);
    AIGW_TEST_DATABASE(t);
    ProjectRepository repo(t->db());
    const Project existing = minimal(QStringLiteral("there"));
    QVERIFY(repo.create(existing));

    auto found = repo.findById(id);
    QVERIFY(!found);
    QCOMPARE(found.error().kind, Error::Kind::NotFound);
    QCOMPARE(found.error().message, QStringLiteral("project not found: %1").arg(id));

    Project p = minimal(QStringLiteral("x"));
    p.id = id;
    auto updated = repo.update(p);
    QVERIFY(!updated);
    QCOMPARE(updated.error().kind, Error::Kind::NotFound);

    auto toggled = repo.setActive(id, false);
    QVERIFY(!toggled);
    QCOMPARE(toggled.error().kind, Error::Kind::NotFound);

    // Nothing else changed.
    auto all = repo.list(true);
    QVERIFY(all);
    QCOMPARE(all.value().size(), 1);
    QCOMPARE(all.value().first().name, QStringLiteral("there"));
    QVERIFY(all.value().first().active);
}

void TestProjectRepository::nameConstraint()
{
    // The schema refuses what validation should have caught: an empty or over-long name.
    AIGW_TEST_DATABASE(t);
    ProjectRepository repo(t->db());
    for (const QString& name : {QString(), QString(201, QLatin1Char('n'))}) {
        auto r = repo.create(minimal(name));
        QVERIFY(!r);
        QCOMPARE(r.error().kind, Error::Kind::InvalidArgument);
    }
    auto longest = repo.create(minimal(QString(200, QLatin1Char('n'))));
    QVERIFY(longest);
    // Duplicate ids are a conflict.
    Project dup = minimal(QStringLiteral("dup"));
    dup.id = longest.value().id;
    auto conflict = repo.create(dup);
    QVERIFY(!conflict);
    QCOMPARE(conflict.error().kind, Error::Kind::Conflict);
}

QTEST_GUILESS_MAIN(TestProjectRepository)
#include "TestProjectRepository.moc"
