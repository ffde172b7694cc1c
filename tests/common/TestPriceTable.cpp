// The price table: catalogue lookups, snapshot names, overrides, and exact integer cost arithmetic.

#include "pricing/PriceTable.h"

#include <QTemporaryDir>
#include <QTest>

class TestPriceTable : public QObject
{
    Q_OBJECT

private slots:
    void builtInCoversTheCapabilityMapAndTheOriginalTable()
    {
        auto table = PriceTable::load();
        QVERIFY2(table, table ? "" : qPrintable(table.error().message));
        const QStringList required
            = {// capability map
               QStringLiteral("gemini-2.0-flash"), QStringLiteral("gpt-4.1-mini"), QStringLiteral("claude-haiku-4-5"),
               QStringLiteral("gemini-2.5-pro"), QStringLiteral("gpt-4.1"), QStringLiteral("claude-sonnet-4-5"),
               QStringLiteral("gemini-2.5-flash"), QStringLiteral("o3"), QStringLiteral("claude-opus-4-5"),
               // the original's table
               QStringLiteral("gpt-4o"), QStringLiteral("o4-mini"), QStringLiteral("gemini-2.5-flash-thinking"),
               QStringLiteral("llama-3.3-70b-versatile"), QStringLiteral("qwen-qwq-32b")};
        for (const QString& m : required)
            QVERIFY2(table.value().price(m).has_value(), qPrintable(m));
    }

    void snapshotsResolveToTheirBaseModel_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("openai dated") << "gpt-4.1-2025-04-14"
                                      << "gpt-4.1";
        QTest::newRow("openai mini dated") << "gpt-4o-mini-2024-07-18"
                                           << "gpt-4o-mini";
        QTest::newRow("anthropic dated") << "claude-sonnet-4-5-20250929"
                                         << "claude-sonnet-4-5";
        QTest::newRow("latest") << "claude-3-5-haiku-latest"
                                << "claude-3-5-haiku";
        QTest::newRow("case and prefix") << "OpenAI/GPT-4.1"
                                         << "gpt-4.1";
        QTest::newRow("alias") << "gemini-2.5-flash-thinking"
                               << "gemini-2.5-flash";
        QTest::newRow("unknown") << "my-model-2025-01-01"
                                 << "";
        QTest::newRow("not a snapshot of an unknown model") << "gpt-4.1-turbo"
                                                            << "";
    }

    void snapshotsResolveToTheirBaseModel()
    {
        QFETCH(QString, model);
        QFETCH(QString, canonical);
        QCOMPARE(PriceTable::load().value().canonicalName(model), canonical);
    }

    void costIsExactIntegerArithmetic()
    {
        auto table = PriceTable::load().value();
        // gpt-4.1: $2.00 in, $0.50 cached, $8.00 out per 1M.
        Usage u;
        u.promptTokens = 1000000;
        u.cachedTokens = 400000;
        u.completionTokens = 250000;
        u.reasoningTokens = 100000;
        auto c = table.cost(QStringLiteral("gpt-4.1-2025-04-14"), u);
        QVERIFY(c);
        QCOMPARE(c->inputMicros, qint64(1400000)); // 600,000 uncached × $2 + 400,000 cached × $0.50
        QCOMPARE(c->outputMicros, qint64(2000000)); // reasoning billed as output
        QCOMPARE(c->totalMicros(), qint64(3400000));

        // One token at $0.10/M is 0.1 µ$: rounds to 0; five tokens 0.5 µ$ round half up to 1.
        Usage tiny;
        tiny.promptTokens = 1;
        QCOMPARE(table.cost(QStringLiteral("gemini-2.0-flash"), tiny)->totalMicros(), qint64(0));
        tiny.promptTokens = 5;
        QCOMPARE(table.cost(QStringLiteral("gemini-2.0-flash"), tiny)->totalMicros(), qint64(1));

        // Anthropic cache reads and writes at their own rates: claude-sonnet-4-5 $3 in, $0.30 read, $3.75 write.
        Usage cached;
        cached.promptTokens = 10000;
        cached.cachedTokens = 6000;
        cached.cacheWriteTokens = 2000;
        cached.completionTokens = 100;
        c = table.cost(QStringLiteral("claude-sonnet-4-5"), cached);
        // 2000 × $3 + 6000 × $0.30 + 2000 × $3.75 per 1M = 6000 + 1800 + 7500 µ$
        QCOMPARE(c->inputMicros, qint64(15300));
        QCOMPARE(c->outputMicros, qint64(1500)); // 100 × $15 per 1M
        QVERIFY(!table.cost(QStringLiteral("mystery-model"), cached).has_value());
    }

    void operatorFileOverridesWithoutARebuild()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("prices.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"models": {"gpt-4.1": {"provider": "openai", "input": "1.00", "output": "4.00"},
                               "house-model": {"provider": "openai", "input": "0.000001", "output": "0"}}})");
        f.close();
        auto table = PriceTable::load(path);
        QVERIFY2(table, table ? "" : qPrintable(table.error().message));
        Usage u;
        u.promptTokens = 1000000;
        u.completionTokens = 1000000;
        QCOMPARE(table.value().cost(QStringLiteral("gpt-4.1"), u)->totalMicros(), qint64(5000000));
        QCOMPARE(table.value().cost(QStringLiteral("house-model"), u)->totalMicros(), qint64(1));
        QVERIFY(table.value().price(QStringLiteral("claude-opus-4-5"))); // the rest stays

        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(R"({"models": {"bad": {"provider": "openai", "input": "-1", "output": "1"}}})");
        f.close();
        auto bad = PriceTable::load(path);
        QVERIFY(!bad);
        QVERIFY(bad.error().message.contains(QStringLiteral("bad")));
        QVERIFY(!PriceTable::load(dir.filePath(QStringLiteral("missing.json"))));
    }

    void dearestPriceIsWhatUnpricedModelsReserve()
    {
        auto table = PriceTable::load().value();
        const auto dearest = table.dearest();
        QVERIFY(dearest);
        // Claude Opus 4.1 / Claude 3 Opus: $15 in + $75 out per 1M are the highest in the table.
        QCOMPARE(dearest->input + dearest->output, qint64(90000000));
        for (const QString& m : table.models())
            QVERIFY(table.price(m)->input + table.price(m)->output <= dearest->input + dearest->output);
    }

    void providerOfKnownAndGuessedModels()
    {
        auto table = PriceTable::load().value();
        QCOMPARE(table.providerOf(QStringLiteral("claude-sonnet-4-5-20250929")), QStringLiteral("anthropic"));
        QCOMPARE(table.providerOf(QStringLiteral("gpt-6-preview")), QStringLiteral("openai"));
        QCOMPARE(table.providerOf(QStringLiteral("o4-mini-high")), QStringLiteral("openai"));
        QCOMPARE(table.providerOf(QStringLiteral("gemini-9")), QStringLiteral("gemini"));
        QCOMPARE(table.providerOf(QStringLiteral("llama-3.3-70b-versatile")), QStringLiteral("openai"));
        QCOMPARE(table.providerOf(QStringLiteral("mistral-large")), QString());
    }
};

QTEST_GUILESS_MAIN(TestPriceTable)
#include "TestPriceTable.moc"
