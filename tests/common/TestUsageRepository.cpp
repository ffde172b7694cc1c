#include "ManualClock.h"
#include "TestDatabase.h"

#include "security/SecureRandom.h"
#include "storage/ProjectRepository.h"
#include "storage/RequestLogRepository.h"
#include "storage/UsageRepository.h"

#include <QTest>

/** Reading the usage counters back, on a real SQLite file or PostgreSQL database. */
class TestUsageRepository : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void zeroWhenNothingRecorded();
    void projectDayAndMonth();
    void projectDaysRange();
    void providerDaysRange();
    void malformedProjectId();

private:
    RequestRecord row(const QString& projectId, qint64 at, const QString& provider, qint64 input, qint64 output,
                      std::optional<qint64> cost, const QString& status = QStringLiteral("success")) const
    {
        RequestRecord r;
        r.id = SecureRandom::uuid();
        r.projectId = projectId;
        r.provider = provider;
        r.model = QStringLiteral("m");
        r.status = status;
        r.inputTokens = input;
        r.cachedTokens = input / 2;
        r.outputTokens = output;
        r.reasoningTokens = output / 2;
        r.costMicros = cost;
        r.createdAt = at;
        return r;
    }
    QString createProject(const QString& name)
    {
        Project p;
        p.id = SecureRandom::uuid();
        p.name = name;
        if (!ProjectRepository(m_t->db()).create(p))
            qFatal("cannot create project");
        return p.id;
    }
    /** period|key|input|cached|output|reasoning|total|cost|requests|errors */
    static QString line(const UsageTotals& t)
    {
        return QStringList{t.period,
                           t.key,
                           QString::number(t.inputTokens),
                           QString::number(t.cachedTokens),
                           QString::number(t.outputTokens),
                           QString::number(t.reasoningTokens),
                           QString::number(t.totalTokens),
                           QString::number(t.costMicros),
                           QString::number(t.requestCount),
                           QString::number(t.errorCount)}
            .join(QLatin1Char('|'));
    }
    static QStringList lines(const Result<QList<UsageTotals>>& r)
    {
        if (!r)
            return {r.error().message};
        QStringList out;
        for (const UsageTotals& t : r.value())
            out << line(t);
        return out;
    }
    /**
     * P: 2024-02-28 openai 100/10 cost 5; 2024-02-29 openai 200/20 cost 7 (error) and anthropic 300/30 no price;
     *    2024-03-01 gemini 400/40 cost 11.
     * Q: 2024-02-29 openai 1000/100 cost 13; 2024-03-02 anthropic 2000/200 cost 17.
     * Cached is input/2 and reasoning output/2 in every row.
     */
    void record()
    {
        const QList<RequestRecord> rows{
            row(m_p, ManualClock::utc(2024, 2, 28, 23), QStringLiteral("openai"), 100, 10, 5),
            row(m_p, ManualClock::utc(2024, 2, 29, 0, 30), QStringLiteral("openai"), 200, 20, 7,
                QStringLiteral("error")),
            row(m_p, ManualClock::utc(2024, 2, 29, 22), QStringLiteral("anthropic"), 300, 30, std::nullopt),
            row(m_p, ManualClock::utc(2024, 3, 1, 12), QStringLiteral("gemini"), 400, 40, 11),
            row(m_q, ManualClock::utc(2024, 2, 29, 12), QStringLiteral("openai"), 1000, 100, 13),
            row(m_q, ManualClock::utc(2024, 3, 2, 12), QStringLiteral("anthropic"), 2000, 200, 17),
        };
        auto n = RequestLogRepository(m_t->db()).insertBatch(rows);
        if (!n || n.value() != rows.size())
            qFatal("cannot record usage");
    }

    std::unique_ptr<TestDatabase> m_t;
    std::unique_ptr<ManualClock> m_clock;
    QString m_p;
    QString m_q;
};

void TestUsageRepository::init()
{
    AIGW_CREATE_TEST_DATABASE(m_t, true);
    m_clock = std::make_unique<ManualClock>(ManualClock::utc(2024, 1, 1));
    m_p = createProject(QStringLiteral("p"));
    m_q = createProject(QStringLiteral("q"));
}

void TestUsageRepository::cleanup()
{
    m_clock.reset();
    m_t.reset();
}

void TestUsageRepository::zeroWhenNothingRecorded()
{
    UsageRepository usage(m_t->db());
    auto day = usage.projectDay(m_p, QDate(2024, 2, 29));
    QVERIFY2(day, qPrintable(day ? QString() : day.error().message));
    QCOMPARE(line(day.value()), QStringLiteral("2024-02-29|%1|0|0|0|0|0|0|0|0").arg(m_p));
    auto month = usage.projectMonth(m_p, QDate(2024, 2, 29));
    QVERIFY(month);
    QCOMPARE(line(month.value()), QStringLiteral("2024-02-01|%1|0|0|0|0|0|0|0|0").arg(m_p));
    QCOMPARE(lines(usage.projectDays(m_p, QDate(2024, 1, 1), QDate(2024, 12, 31))), QStringList{});
    QCOMPARE(lines(usage.projectDays({}, QDate(2024, 1, 1), QDate(2024, 12, 31))), QStringList{});
    QCOMPARE(lines(usage.providerDays(QDate(2024, 1, 1), QDate(2024, 12, 31))), QStringList{});

    // Recorded for another project or another day: still zero here.
    record();
    const QString unknown = SecureRandom::uuid();
    QCOMPARE(line(usage.projectDay(unknown, QDate(2024, 2, 29)).value()),
             QStringLiteral("2024-02-29|%1|0|0|0|0|0|0|0|0").arg(unknown));
    QCOMPARE(line(usage.projectDay(m_p, QDate(2024, 3, 2)).value()),
             QStringLiteral("2024-03-02|%1|0|0|0|0|0|0|0|0").arg(m_p));
    QCOMPARE(line(usage.projectMonth(m_p, QDate(2024, 4, 15)).value()),
             QStringLiteral("2024-04-01|%1|0|0|0|0|0|0|0|0").arg(m_p));
}

void TestUsageRepository::projectDayAndMonth()
{
    record();
    UsageRepository usage(m_t->db());
    // P on 2024-02-29: 200+300 in, 100+150 cached, 20+30 out, 10+15 reasoning, 550 total, cost 7, 2 requests, 1 error
    QCOMPARE(line(usage.projectDay(m_p, QDate(2024, 2, 29)).value()),
             QStringLiteral("2024-02-29|%1|500|250|50|25|550|7|2|1").arg(m_p));
    QCOMPARE(line(usage.projectDay(m_p, QDate(2024, 2, 28)).value()),
             QStringLiteral("2024-02-28|%1|100|50|10|5|110|5|1|0").arg(m_p));
    // P in February: 100+200+300 in, 10+20+30 out, cost 5+7
    QCOMPARE(line(usage.projectMonth(m_p, QDate(2024, 2, 1)).value()),
             QStringLiteral("2024-02-01|%1|600|300|60|30|660|12|3|1").arg(m_p));
    // Any day of the month finds the month.
    QCOMPARE(line(usage.projectMonth(m_p, QDate(2024, 2, 29)).value()),
             QStringLiteral("2024-02-01|%1|600|300|60|30|660|12|3|1").arg(m_p));
    QCOMPARE(line(usage.projectMonth(m_p, QDate(2024, 3, 31)).value()),
             QStringLiteral("2024-03-01|%1|400|200|40|20|440|11|1|0").arg(m_p));
    QCOMPARE(line(usage.projectMonth(m_q, QDate(2024, 3, 2)).value()),
             QStringLiteral("2024-03-01|%1|2000|1000|200|100|2200|17|1|0").arg(m_q));
}

void TestUsageRepository::projectDaysRange()
{
    record();
    UsageRepository usage(m_t->db());
    // Both ends inclusive, ordered by day.
    QCOMPARE(lines(usage.projectDays(m_p, QDate(2024, 2, 29), QDate(2024, 3, 1))),
             (QStringList{QStringLiteral("2024-02-29|%1|500|250|50|25|550|7|2|1").arg(m_p),
                          QStringLiteral("2024-03-01|%1|400|200|40|20|440|11|1|0").arg(m_p)}));
    QCOMPARE(lines(usage.projectDays(m_p, QDate(2024, 2, 28), QDate(2024, 2, 28))),
             QStringList{QStringLiteral("2024-02-28|%1|100|50|10|5|110|5|1|0").arg(m_p)});
    QCOMPARE(lines(usage.projectDays(m_q, QDate(2024, 2, 1), QDate(2024, 2, 28))), QStringList{});

    // Every project: by day, then project id.
    const QString first = qMin(m_p, m_q);
    const QString pLine = QStringLiteral("2024-02-29|%1|500|250|50|25|550|7|2|1").arg(m_p);
    const QString qLine = QStringLiteral("2024-02-29|%1|1000|500|100|50|1100|13|1|0").arg(m_q);
    QCOMPARE(lines(usage.projectDays({}, QDate(2024, 2, 29), QDate(2024, 2, 29))),
             (first == m_p ? QStringList{pLine, qLine} : QStringList{qLine, pLine}));
    QCOMPARE(lines(usage.projectDays({}, QDate(2024, 1, 1), QDate(2024, 12, 31))).size(), 5);
    // from after to: nothing
    QCOMPARE(lines(usage.projectDays({}, QDate(2024, 3, 2), QDate(2024, 2, 28))), QStringList{});
}

void TestUsageRepository::providerDaysRange()
{
    record();
    UsageRepository usage(m_t->db());
    // 2024-02-29: anthropic (P, no price) and openai (P error + Q), by day then provider name.
    QCOMPARE(lines(usage.providerDays(QDate(2024, 2, 29), QDate(2024, 2, 29))),
             (QStringList{QStringLiteral("2024-02-29|anthropic|300|150|30|15|330|0|1|0"),
                          QStringLiteral("2024-02-29|openai|1200|600|120|60|1320|20|2|1")}));
    QCOMPARE(lines(usage.providerDays(QDate(2024, 2, 28), QDate(2024, 3, 2))),
             (QStringList{QStringLiteral("2024-02-28|openai|100|50|10|5|110|5|1|0"),
                          QStringLiteral("2024-02-29|anthropic|300|150|30|15|330|0|1|0"),
                          QStringLiteral("2024-02-29|openai|1200|600|120|60|1320|20|2|1"),
                          QStringLiteral("2024-03-01|gemini|400|200|40|20|440|11|1|0"),
                          QStringLiteral("2024-03-02|anthropic|2000|1000|200|100|2200|17|1|0")}));
    QCOMPARE(lines(usage.providerDays(QDate(2024, 3, 3), QDate(2024, 3, 31))), QStringList{});
}

void TestUsageRepository::malformedProjectId()
{
    record();
    UsageRepository usage(m_t->db());
    auto day = usage.projectDay(QStringLiteral("p"), QDate(2024, 2, 29));
    QVERIFY(!day);
    QCOMPARE(day.error().kind, Error::Kind::NotFound);
    auto month = usage.projectMonth(QStringLiteral("p"), QDate(2024, 2, 29));
    QVERIFY(!month);
    QCOMPARE(month.error().kind, Error::Kind::NotFound);
    auto days = usage.projectDays(QStringLiteral("p"), QDate(2024, 1, 1), QDate(2024, 12, 31));
    QVERIFY2(days, qPrintable(days ? QString() : days.error().message));
    QVERIFY(days.value().isEmpty());
}

QTEST_GUILESS_MAIN(TestUsageRepository)
#include "TestUsageRepository.moc"
