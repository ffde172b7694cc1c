#include "TokensByProjectChart.h"

#include "ChartStyle.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QHorizontalBarSeries>
#include <QLegend>
#include <QValueAxis>

#include <algorithm>

TokensByProjectChart::TokensByProjectChart(QWidget* parent)
    : QChartView(new QChart, parent)
{
    setObjectName(QStringLiteral("tokensByProjectChart"));
    ChartStyle::apply(this, tr("Tokens by project"));
    chart()->legend()->hide();
}

void TokensByProjectChart::setData(const QList<QPair<QString, qint64>>& rows)
{
    QChart* c = chart();
    c->removeAllSeries();
    for (QAbstractAxis* a : c->axes())
        c->removeAxis(a);
    c->setTitle(tr("Tokens by project"));
    QList<QPair<QString, qint64>> top;
    for (const auto& r : rows)
        if (r.second > 0 && top.size() < MaxProjects)
            top << r;
    m_bars = int(top.size());
    if (top.isEmpty()) {
        ChartStyle::showEmpty(c, tr("Tokens by project"), tr("no usage yet"));
        return;
    }
    // Largest at the top: horizontal bar categories run bottom to top.
    std::reverse(top.begin(), top.end());
    auto* set = new QBarSet(tr("Tokens"));
    set->setColor(QColor(0x35, 0x84, 0xe4));
    set->setBorderColor(QColor(0x35, 0x84, 0xe4));
    // Plain counts below 10,000 tokens, else thousands or millions.
    qint64 largest = 0;
    for (const auto& r : top)
        largest = qMax(largest, r.second);
    const double unit = largest >= 10000000 ? 1e6 : largest >= 10000 ? 1e3 : 1.0;
    const QString suffix = unit == 1e6 ? QStringLiteral("M") : unit == 1e3 ? QStringLiteral("k") : QString();
    QStringList names;
    double max = 0;
    for (const auto& r : top) {
        *set << double(r.second) / unit;
        names << (r.first.size() > 22 ? r.first.left(21) + QStringLiteral("…") : r.first);
        max = qMax(max, double(r.second) / unit);
    }
    auto* series = new QHorizontalBarSeries;
    series->append(set);
    series->setBarWidth(0.6);
    c->addSeries(series);
    auto* y = new QBarCategoryAxis;
    y->append(names);
    y->setGridLineVisible(false);
    auto* x = new QValueAxis;
    x->setRange(0, max * 1.1);
    x->applyNiceNumbers();
    ChartStyle::fitLabelFormat(x, 0, QString(), suffix);
    c->addAxis(y, Qt::AlignLeft);
    c->addAxis(x, Qt::AlignBottom);
    series->attachAxis(y);
    series->attachAxis(x);
}
