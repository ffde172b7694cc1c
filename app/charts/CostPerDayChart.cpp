#include "CostPerDayChart.h"

#include "ChartStyle.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMap>
#include <QStackedBarSeries>
#include <QValueAxis>

CostPerDayChart::CostPerDayChart(QWidget* parent)
    : QChartView(new QChart, parent)
    , m_title(tr("Cost per day"))
{
    setObjectName(QStringLiteral("costPerDayChart"));
    ChartStyle::apply(this, m_title);
}

void CostPerDayChart::setData(const QList<UsageTotals>& rows, QDate from, QDate to)
{
    QChart* c = chart();
    c->removeAllSeries();
    for (QAbstractAxis* a : c->axes())
        c->removeAxis(a);
    c->setTitle(m_title);
    const int days = int(from.daysTo(to)) + 1;
    QMap<QString, QList<double>> byKey;
    double maxTotal = 0;
    QList<double> totals(days, 0.0);
    for (const UsageTotals& t : rows) {
        const int i = int(from.daysTo(QDate::fromString(t.period, Qt::ISODate)));
        if (i < 0 || i >= days)
            continue;
        auto& values = byKey[t.key];
        if (values.isEmpty())
            values.fill(0.0, days);
        values[i] += double(t.costMicros) / 1e6;
        totals[i] += double(t.costMicros) / 1e6;
    }
    for (double v : totals)
        maxTotal = qMax(maxTotal, v);
    m_sets = int(byKey.size());
    if (byKey.isEmpty()) {
        ChartStyle::showEmpty(c, m_title, tr("no requests in this period"));
        return;
    }
    auto* series = new QStackedBarSeries;
    series->setBarWidth(0.8);
    for (auto it = byKey.cbegin(); it != byKey.cend(); ++it) {
        auto* set = new QBarSet(it.key());
        set->setColor(ChartStyle::colorFor(it.key()));
        set->setBorderColor(ChartStyle::colorFor(it.key()));
        for (double v : it.value())
            *set << v;
        series->append(set);
    }
    c->addSeries(series);
    // The bars sit on a hidden category axis (one per day); the visible axis is a date axis over the same
    // span, because category labels would be elided to "…" in bars this narrow.
    QStringList categories;
    for (int i = 0; i < days; ++i)
        categories << from.addDays(i).toString(Qt::ISODate);
    auto* x = new QBarCategoryAxis;
    x->append(categories);
    x->setVisible(false);
    auto* dates = new QDateTimeAxis;
    dates->setFormat(QStringLiteral("MM-dd"));
    dates->setRange(QDateTime(from, QTime(0, 0)), QDateTime(to.addDays(1), QTime(0, 0)));
    dates->setTickCount(days <= 7 ? days + 1 : (days % 6 == 0 ? 7 : 6));
    dates->setGridLineVisible(false);
    auto* anchor = new QLineSeries; // an empty series that carries the date axis
    c->addSeries(anchor);
    auto* y = new QValueAxis;
    y->setRange(0, maxTotal > 0 ? maxTotal * 1.1 : 1.0);
    y->applyNiceNumbers();
    // Cents for real spend, more decimals for the fractions of a cent a few test requests cost.
    ChartStyle::fitLabelFormat(y, 2, QStringLiteral("$"));
    c->addAxis(x, Qt::AlignBottom);
    c->addAxis(dates, Qt::AlignBottom);
    c->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    anchor->attachAxis(dates);
    anchor->attachAxis(y);
    for (QLegendMarker* marker : c->legend()->markers(anchor))
        marker->setVisible(false);
}
