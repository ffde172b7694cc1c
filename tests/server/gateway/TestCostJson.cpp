#include "domain/Money.h"
#include "pipeline/AccountingStage.h"
#include "pricing/PriceTable.h"
#include "providers/RawJsonObject.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <limits>

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

    void dollarsAreWrittenAsQtWritesTheDouble()
    {
        const auto check = [](qint64 micros) {
            QByteArray text;
            AccountingStage::appendDollars(text, micros);
            const QByteArray qt = RawJsonObject::serialize(QJsonValue(Money::toDollars(micros)));
            if (text != qt)
                qWarning() << micros << text << qt;
            return text == qt;
        };
        // Every amount up to $1.5, which covers each form below a dollar: "5e-05", "0.00012", "1e-04", "0.5".
        // Whole dollars are integers ("2"), as QJsonValue keeps them.
        for (qint64 micros = 0; micros <= 1'500'000; ++micros)
            QVERIFY(check(micros));
        // Every digit pattern at every magnitude.
        QList<qint64> amounts;
        for (qint64 scale = 1; scale <= 1'000'000'000'000'000LL; scale *= 10) {
            for (const qint64 head : {1, 2, 9, 10, 12, 99, 100, 101, 123, 1000, 1001, 12345, 99999})
                amounts << head * scale << head * scale + 1 << head * scale - 1;
        }
        QRandomGenerator random(20261207);
        for (int i = 0; i < 200'000; ++i) {
            const int digits = random.bounded(1, 17);
            qint64 limit = 1;
            for (int d = 0; d < digits; ++d)
                limit *= 10;
            amounts << random.bounded(limit);
        }
        // Outside the worked-out range: Qt formats them.
        amounts << 1'000'000'000'000'001LL << 9'007'199'254'740'993LL << std::numeric_limits<qint64>::max() << -1
                << -587 << std::numeric_limits<qint64>::min();
        for (const qint64 micros : std::as_const(amounts))
            QVERIFY2(check(micros), qPrintable(QString::number(micros)));
        QByteArray text;
        AccountingStage::appendDollars(text, 587);
        QCOMPARE(text, QByteArray("0.000587"));
        text.clear();
        AccountingStage::appendDollars(text, 50);
        QCOMPARE(text, QByteArray("5e-05"));
        text.clear();
        AccountingStage::appendDollars(text, 1'000'000'000'000);
        QCOMPARE(text, QByteArray("1000000"));
        text.clear();
        AccountingStage::appendDollars(text, 100);
        QCOMPARE(text, QByteArray("1e-04"));
        text.clear();
        AccountingStage::appendDollars(text, 123'456'789'012'345LL);
        QCOMPARE(text, QByteArray("123456789.012345"));
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
