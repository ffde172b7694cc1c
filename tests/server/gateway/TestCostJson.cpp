#include "pipeline/AccountingStage.h"
#include "pricing/PriceTable.h"
#include "providers/RawJsonObject.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

/**
 * The `cost` member of a non-streaming answer is written straight to text (AccountingStage::costJsonText); the
 * streaming path and the slow path build the object (costJson). Both must give the client the same bytes.
 */
class TestCostJson : public QObject
{
    Q_OBJECT

private slots:
    void textIsTheObjectSerialised()
    {
        auto prices = PriceTable::load();
        QVERIFY(prices);
        QStringList models = prices.value().models();
        QVERIFY(models.size() > 10);
        QRandomGenerator random(20261128);
        // Token counts from none to far beyond any answer, so the dollars run from 0 through six decimals to
        // numbers that 'g' writes with an exponent.
        const QList<qint64> scales{0, 1, 7, 1'000, 123'457, 10'000'000, 4'000'000'000'000LL, 90'000'000'000'000'000LL};
        int compared = 0;
        for (int i = 0; i < 3000; ++i) {
            const QString model = models.at(random.bounded(int(models.size())));
            Usage u;
            u.promptTokens = random.bounded(scales.at(random.bounded(int(scales.size()))) + 1);
            u.cachedTokens = random.bounded(u.promptTokens + 1);
            u.completionTokens = random.bounded(scales.at(random.bounded(int(scales.size()))) + 1);
            u.reasoningTokens = random.bounded(u.completionTokens + 1);
            u.reported = true;
            const QJsonValue object = AccountingStage::costJson(prices.value(), model, u);
            const QByteArray text = AccountingStage::costJsonText(prices.value(), model, u);
            QCOMPARE(text, RawJsonObject::serialize(object));
            // And exactly what QJsonDocument writes for that object.
            QCOMPARE(text, QJsonDocument(object.toObject()).toJson(QJsonDocument::Compact));
            ++compared;
        }
        QCOMPARE(compared, 3000);
        const QByteArray none = AccountingStage::costJsonText(prices.value(), QStringLiteral("no-such-model"), {});
        QCOMPARE(none, QByteArray("null"));
        QVERIFY(AccountingStage::costJson(prices.value(), QStringLiteral("no-such-model"), {}).isNull());
    }

    void numbersAreWrittenAsSerializeWritesThem()
    {
        QRandomGenerator random(7);
        QList<double> values{0.0,  -0.0,  1.0,     0.000001, 6e-06,   0.1 + 0.2, 1e15, 1e16, 9007199254740993.0,
                             1e21, -1e-7, 123.456, qInf(),   qQNaN(), 2.5e-320};
        for (int i = 0; i < 2000; ++i)
            values << double(random.bounded(1'000'000'000)) / 1e6 << random.generateDouble() * 1e12;
        for (const double d : std::as_const(values)) {
            QByteArray out;
            RawJsonObject::appendNumber(out, d);
            QCOMPARE(out, RawJsonObject::serialize(QJsonValue(d)));
        }
    }
};

QTEST_GUILESS_MAIN(TestCostJson)
#include "TestCostJson.moc"
