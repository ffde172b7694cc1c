#include "LatencyChart.h"

#include "ChartStyle.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QValueAxis>

LatencyChart::LatencyChart(QWidget* parent)
    : QChartView(new QChart, parent)
{
    setObjectName(QStringLiteral("latencyChart"));
    ChartStyle::apply(this, tr("Latency percentiles"));
}

void LatencyChart::setData(const QList<RequestStatsRepository::LatencyPercentiles>& rows)
{
    QChart* c = chart();
    c->removeAllSeries();
    for (QAbstractAxis* a : c->axes())
        c->removeAxis(a);
    c->setTitle(tr("Latency percentiles"));
    m_providers = int(rows.size());
    if (rows.isEmpty()) {
        ChartStyle::showEmpty(c, tr("Latency percentiles"), tr("no successful requests yet"));
        return;
    }
    auto* p50 = new QBarSet(QStringLiteral("p50"));
    auto* p95 = new QBarSet(QStringLiteral("p95"));
    auto* p99 = new QBarSet(QStringLiteral("p99"));
    p50->setColor(QColor(0x8f, 0xbc, 0xe6));
    p95->setColor(QColor(0x35, 0x84, 0xe4));
    p99->setColor(QColor(0x1a, 0x4e, 0x8f));
    QStringList providers;
    int max = 0;
    for (const auto& r : rows) {
        providers << r.provider;
        *p50 << r.p50;
        *p95 << r.p95;
        *p99 << r.p99;
        max = qMax(max, r.p99);
    }
    auto* series = new QBarSeries;
    series->append(p50);
    series->append(p95);
    series->append(p99);
    c->addSeries(series);
    auto* x = new QBarCategoryAxis;
    x->append(providers);
    x->setGridLineVisible(false);
    QFont small = x->labelsFont();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    x->setLabelsFont(small);
    auto* y = new QValueAxis;
    y->setLabelFormat(tr("%.0f ms"));
    y->setRange(0, max * 1.1 + 1);
    y->applyNiceNumbers();
    c->addAxis(x, Qt::AlignBottom);
    c->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
}
