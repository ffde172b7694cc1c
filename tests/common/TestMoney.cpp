#include "domain/Money.h"

#include <QTest>

#include <limits>

/** Exact conversion between decimal dollar text and integer micro-dollars. */
class TestMoney : public QObject
{
    Q_OBJECT

private slots:
    void parseUsd_data();
    void parseUsd();
    void parseUsdRefuses_data();
    void parseUsdRefuses();
    void formatUsd_data();
    void formatUsd();
    void roundTrip_data();
    void roundTrip();
    void toDollars();
};

void TestMoney::parseUsd_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("micros");

    QTest::newRow("one micro-dollar") << QStringLiteral("0.000001") << qint64(1);
    QTest::newRow("whole dollars") << QStringLiteral("10") << qint64(10000000);
    QTest::newRow("one decimal") << QStringLiteral("10.5") << qint64(10500000);
    QTest::newRow("dollar sign") << QStringLiteral("$3.25") << qint64(3250000);
    QTest::newRow("six decimals") << QStringLiteral("1.234567") << qint64(1234567);
    QTest::newRow("zero") << QStringLiteral("0") << qint64(0);
    QTest::newRow("zero with decimals") << QStringLiteral("0.000000") << qint64(0);
    QTest::newRow("leading dot") << QStringLiteral(".5") << qint64(500000);
    QTest::newRow("leading zeros") << QStringLiteral("007.01") << qint64(7010000);
    QTest::newRow("surrounding spaces") << QStringLiteral("  2.5 ") << qint64(2500000);
    // 0.1 + 0.2 is not 0.3 in binary floating point; here it must be exact.
    QTest::newRow("no float rounding") << QStringLiteral("0.3") << qint64(300000);
    QTest::newRow("largest accepted") << QStringLiteral("999999999999.999999") << qint64(999999999999999999LL);
}

void TestMoney::parseUsd()
{
    QFETCH(QString, text);
    QFETCH(qint64, micros);
    const auto parsed = Money::parseUsd(text);
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, micros);
}

void TestMoney::parseUsdRefuses_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("seven decimals") << QStringLiteral("1.0000001");
    QTest::newRow("negative") << QStringLiteral("-1");
    QTest::newRow("negative with sign after $") << QStringLiteral("$-1");
    QTest::newRow("plus sign") << QStringLiteral("+1");
    QTest::newRow("letters") << QStringLiteral("abc");
    QTest::newRow("empty") << QString();
    QTest::newRow("only spaces") << QStringLiteral("   ");
    QTest::newRow("only a dollar sign") << QStringLiteral("$");
    QTest::newRow("only a dot") << QStringLiteral(".");
    QTest::newRow("trailing dot") << QStringLiteral("5.");
    QTest::newRow("exponent") << QStringLiteral("1e3");
    QTest::newRow("two dots") << QStringLiteral("1.2.3");
    QTest::newRow("thousands separator") << QStringLiteral("1,000");
    QTest::newRow("decimal comma") << QStringLiteral("1,5");
    QTest::newRow("hex") << QStringLiteral("0x10");
    QTest::newRow("inner space") << QStringLiteral("1 000");
    QTest::newRow("trailing letters") << QStringLiteral("12USD");
    QTest::newRow("non-ASCII digits") << QString::fromUtf8("\u0661\u0662");
    QTest::newRow("more than a trillion") << QStringLiteral("1000000000000");
    QTest::newRow("overflow") << QStringLiteral("99999999999999999999");
}

void TestMoney::parseUsdRefuses()
{
    QFETCH(QString, text);
    const auto parsed = Money::parseUsd(text);
    QVERIFY2(!parsed.has_value(), qPrintable(QString::number(parsed.value_or(-1))));
}

void TestMoney::formatUsd_data()
{
    QTest::addColumn<qint64>("micros");
    QTest::addColumn<QString>("full");
    QTest::addColumn<QString>("trimmed");

    QTest::newRow("zero") << qint64(0) << QStringLiteral("0.000000") << QStringLiteral("0");
    QTest::newRow("one micro") << qint64(1) << QStringLiteral("0.000001") << QStringLiteral("0.000001");
    QTest::newRow("ten and a half") << qint64(10500000) << QStringLiteral("10.500000") << QStringLiteral("10.5");
    QTest::newRow("whole") << qint64(100000000) << QStringLiteral("100.000000") << QStringLiteral("100");
    QTest::newRow("cents") << qint64(3250000) << QStringLiteral("3.250000") << QStringLiteral("3.25");
    QTest::newRow("negative") << qint64(-1500000) << QStringLiteral("-1.500000") << QStringLiteral("-1.5");
    QTest::newRow("negative micro") << qint64(-1) << QStringLiteral("-0.000001") << QStringLiteral("-0.000001");
    QTest::newRow("max") << std::numeric_limits<qint64>::max() << QStringLiteral("9223372036854.775807")
                         << QStringLiteral("9223372036854.775807");
    QTest::newRow("min") << std::numeric_limits<qint64>::min() << QStringLiteral("-9223372036854.775808")
                         << QStringLiteral("-9223372036854.775808");
}

void TestMoney::formatUsd()
{
    QFETCH(qint64, micros);
    QFETCH(QString, full);
    QFETCH(QString, trimmed);
    QCOMPARE(Money::formatUsd(micros), full);
    QCOMPARE(Money::formatUsd(micros, true), trimmed);
}

void TestMoney::roundTrip_data()
{
    QTest::addColumn<qint64>("micros");
    for (qint64 v : {qint64(0), qint64(1), qint64(9), qint64(10), qint64(999999), qint64(1000000), qint64(1000001),
                     qint64(123456789), qint64(10500000), qint64(999999999999999999LL)})
        QTest::newRow(qPrintable(QString::number(v))) << v;
}

void TestMoney::roundTrip()
{
    QFETCH(qint64, micros);
    QCOMPARE(Money::parseUsd(Money::formatUsd(micros)).value_or(-1), micros);
    QCOMPARE(Money::parseUsd(Money::formatUsd(micros, true)).value_or(-1), micros);
    QCOMPARE(Money::parseUsd(QLatin1Char('$') + Money::formatUsd(micros, true)).value_or(-1), micros);
}

void TestMoney::toDollars()
{
    QCOMPARE(Money::toDollars(10500000), 10.5);
    QCOMPARE(Money::toDollars(1), 0.000001);
    QCOMPARE(Money::toDollars(0), 0.0);
    QCOMPARE(Money::toDollars(-3250000), -3.25);
}

QTEST_GUILESS_MAIN(TestMoney)
#include "TestMoney.moc"
