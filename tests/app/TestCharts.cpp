// The dashboard charts' value axes: labels stay readable and distinct at every scale, from the fractions
// of a cent and the few dozen tokens of a first test request to thousands of dollars and millions of tokens.

#include "charts/ChartStyle.h"
#include "charts/CostPerDayChart.h"
#include "charts/TokensByProjectChart.h"

#include <QChart>
#include <QSet>
#include <QTest>
#include <QValueAxis>

namespace {
/** The labels the axis shows: its label format applied to each tick value. */
QStringList tickLabels(const QValueAxis* axis)
{
    QStringList labels;
    const int n = axis->tickCount();
    for (int i = 0; i < n; ++i) {
        const double v = axis->min() + (axis->max() - axis->min()) * i / (n - 1);
        labels << QString::asprintf(axis->labelFormat().toLatin1().constData(), v);
    }
    return labels;
}

QValueAxis* valueAxis(QChart* chart, Qt::Orientation orientation)
{
    for (QAbstractAxis* a : chart->axes(orientation))
        if (auto* v = qobject_cast<QValueAxis*>(a))
            return v;
    return nullptr;
}
} // namespace

class TestCharts : public QObject
{
    Q_OBJECT

private slots:
    void labelFormatHasTheDecimalsTheTicksNeed_data()
    {
        QTest::addColumn<double>("interval");
        QTest::addColumn<int>("minDecimals");
        QTest::addColumn<QString>("format");
        QTest::newRow("dollars") << 25.0 << 2 << QStringLiteral("$%.2f");
        QTest::newRow("quarters") << 0.25 << 2 << QStringLiteral("$%.2f");
        QTest::newRow("tenth of a cent") << 0.001 << 2 << QStringLiteral("$%.3f");
        QTest::newRow("sub-cent") << 0.00005 << 2 << QStringLiteral("$%.5f");
        QTest::newRow("tokens") << 20.0 << 0 << QStringLiteral("$%.0f");
        QTest::newRow("half") << 2.5 << 0 << QStringLiteral("$%.1f");
        QTest::newRow("capped") << 1e-9 << 2 << QStringLiteral("$%.6f");
    }

    void labelFormatHasTheDecimalsTheTicksNeed()
    {
        QFETCH(double, interval);
        QFETCH(int, minDecimals);
        QFETCH(QString, format);
        QCOMPARE(ChartStyle::labelFormat(interval, minDecimals, QStringLiteral("$")), format);
    }

    void costAxisOfASubCentDayHasDistinctLabels()
    {
        // One request of $0.000228 today, as after the first chat through the fake provider.
        const QDate today(2026, 11, 27);
        UsageTotals t;
        t.period = today.toString(Qt::ISODate);
        t.key = QStringLiteral("openai");
        t.costMicros = 228;
        t.requestCount = 1;
        CostPerDayChart chart;
        chart.setData({t}, today.addDays(-29), today);
        const QValueAxis* y = valueAxis(chart.chart(), Qt::Vertical);
        QVERIFY(y);
        const QStringList labels = tickLabels(y);
        QCOMPARE(QSet<QString>(labels.cbegin(), labels.cend()).size(), labels.size()); // was "$0.00" on every tick
        QVERIFY2(y->max() >= 0.000228, qPrintable(labels.join(QLatin1Char(' '))));
    }

    void costAxisOfLargeSpendKeepsCents()
    {
        const QDate today(2026, 11, 27);
        UsageTotals t;
        t.period = today.toString(Qt::ISODate);
        t.key = QStringLiteral("openai");
        t.costMicros = 1234000000; // $1,234
        CostPerDayChart chart;
        chart.setData({t}, today.addDays(-6), today);
        const QValueAxis* y = valueAxis(chart.chart(), Qt::Vertical);
        QVERIFY(y);
        QCOMPARE(y->labelFormat(), QStringLiteral("$%.2f"));
    }

    void tokenAxisCountsSmallUsageInTokens()
    {
        TokensByProjectChart chart;
        chart.setData({{QStringLiteral("acme"), 87}});
        const QValueAxis* x = valueAxis(chart.chart(), Qt::Horizontal);
        QVERIFY(x);
        const QStringList labels = tickLabels(x);
        QCOMPARE(QSet<QString>(labels.cbegin(), labels.cend()).size(), labels.size()); // was "0k" on every tick
        QVERIFY(!x->labelFormat().contains(QLatin1Char('k')));
    }

    void tokenAxisUsesThousandsAndMillions()
    {
        TokensByProjectChart chart;
        chart.setData({{QStringLiteral("acme"), 250000}, {QStringLiteral("beta"), 40000}});
        const QValueAxis* x = valueAxis(chart.chart(), Qt::Horizontal);
        QVERIFY(x);
        QVERIFY2(x->labelFormat().endsWith(QLatin1Char('k')), qPrintable(x->labelFormat()));
        QVERIFY(x->max() >= 250.0 && x->max() < 1000.0);
        chart.setData({{QStringLiteral("acme"), 42000000}});
        x = valueAxis(chart.chart(), Qt::Horizontal);
        QVERIFY(x);
        QVERIFY2(x->labelFormat().endsWith(QLatin1Char('M')), qPrintable(x->labelFormat()));
        const QStringList labels = tickLabels(x);
        QCOMPARE(QSet<QString>(labels.cbegin(), labels.cend()).size(), labels.size());
    }
};

QTEST_MAIN(TestCharts)
#include "TestCharts.moc"
