// Dashboard aggregates over the request log: latency percentiles, distinct models, error counts, and the
// sortable page query, on SQLite and PostgreSQL.

#include "TestDatabase.h"

#include "security/SecureRandom.h"
#include "services/ProjectService.h"
#include "storage/RequestLogRepository.h"
#include "storage/RequestStatsRepository.h"

#include <QTest>

class TestRequestStatsRepository : public QObject
{
    Q_OBJECT

private:
    static RequestRecord row(const QString& projectId, const QString& provider, const QString& model, int latency,
                             qint64 at, const QString& status = QStringLiteral("success"))
    {
        RequestRecord r;
        r.id = SecureRandom::uuid();
        r.projectId = projectId;
        r.provider = provider;
        r.model = model;
        r.latencyMs = latency;
        r.status = status;
        r.inputTokens = latency;
        r.costMicros = latency * 10;
        r.createdAt = at;
        return r;
    }

private slots:
    void percentilesModelsAndCounts()
    {
        AIGW_TEST_DATABASE(t);
        Project p;
        p.name = QStringLiteral("stats");
        auto project = ProjectService(t->db()).create(p);
        QVERIFY2(project, qPrintable(project ? QString() : project.error().message));
        const QString pid = project.value().id;
        const qint64 base = 1700000000000LL;
        QList<RequestRecord> rows;
        // openai: latencies 1..100 → p50 = 50, p95 = 95, p99 = 99 (nearest rank).
        for (int i = 1; i <= 100; ++i)
            rows << row(pid, QStringLiteral("openai"), QStringLiteral("gpt-4.1"), i, base + i);
        // gemini: a single request; every percentile is that value.
        rows << row(pid, QStringLiteral("gemini"), QStringLiteral("gemini-2.0-flash"), 700, base + 5);
        // An error and a request outside the range do not count towards latency.
        rows << row(pid, QStringLiteral("gemini"), QStringLiteral("gemini-2.0-flash"), 9999, base + 6,
                    QStringLiteral("error"));
        rows << row(pid, QStringLiteral("anthropic"), QStringLiteral("claude-haiku-4-5"), 5, base + 100000);
        auto inserted = RequestLogRepository(t->db()).insertBatch(rows);
        QVERIFY2(inserted, qPrintable(inserted ? QString() : inserted.error().message));

        RequestStatsRepository stats(t->db());
        auto lat = stats.latencyByProvider(base, base + 1000);
        QVERIFY2(lat, qPrintable(lat ? QString() : lat.error().message));
        QCOMPARE(lat.value().size(), 2);
        QCOMPARE(lat.value().at(0).provider, QStringLiteral("gemini"));
        QCOMPARE(lat.value().at(0).count, qint64(1));
        QCOMPARE(lat.value().at(0).p50, 700);
        QCOMPARE(lat.value().at(0).p99, 700);
        QCOMPARE(lat.value().at(1).provider, QStringLiteral("openai"));
        QCOMPARE(lat.value().at(1).count, qint64(100));
        QCOMPARE(lat.value().at(1).p50, 50);
        QCOMPARE(lat.value().at(1).p95, 95);
        QCOMPARE(lat.value().at(1).p99, 99);

        auto models = stats.distinctModels();
        QVERIFY(models);
        QCOMPARE(models.value(),
                 (QStringList{QStringLiteral("claude-haiku-4-5"), QStringLiteral("gemini-2.0-flash"),
                              QStringLiteral("gpt-4.1")}));

        auto counts = stats.requestAndErrorCount(base, base + 1000);
        QVERIFY(counts);
        QCOMPARE(counts.value().first, qint64(102));
        QCOMPARE(counts.value().second, qint64(1));

        // Sorted pages: by latency ascending, the first is the 1 ms openai request; descending, the 9999 ms error.
        RequestLogRepository log(t->db());
        RequestLogRepository::Sort byLatency{RequestLogRepository::SortColumn::Latency, true};
        auto page = log.list({}, 3, 0, byLatency);
        QVERIFY(page);
        QCOMPARE(page.value().size(), 3);
        QCOMPARE(page.value().at(0).latencyMs, 1);
        QCOMPARE(page.value().at(2).latencyMs, 3);
        byLatency.ascending = false;
        page = log.list({}, 2, 1, byLatency);
        QVERIFY(page);
        QCOMPARE(page.value().at(0).latencyMs, 700);
        RequestLogRepository::Filter onlyGemini;
        onlyGemini.provider = QStringLiteral("gemini");
        page = log.list(onlyGemini, 10, 0, RequestLogRepository::Sort{RequestLogRepository::SortColumn::Cost, false});
        QVERIFY(page);
        QCOMPARE(page.value().size(), 2);
        QCOMPARE(page.value().at(0).latencyMs, 9999);
    }
};

QTEST_GUILESS_MAIN(TestRequestStatsRepository)
#include "TestRequestStatsRepository.moc"
