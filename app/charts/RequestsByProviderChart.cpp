#include "RequestsByProviderChart.h"

#include "ChartStyle.h"

#include <QLegend>
#include <QLocale>
#include <QPieSeries>
#include <QPieSlice>

RequestsByProviderChart::RequestsByProviderChart(QWidget* parent)
    : QChartView(new QChart, parent)
{
    setObjectName(QStringLiteral("requestsByProviderChart"));
    ChartStyle::apply(this, tr("Requests by provider"));
    chart()->legend()->setAlignment(Qt::AlignRight);
}

void RequestsByProviderChart::setData(const QList<QPair<QString, qint64>>& rows)
{
    QChart* c = chart();
    c->removeAllSeries();
    c->setTitle(tr("Requests by provider"));
    qint64 total = 0;
    for (const auto& r : rows)
        total += r.second;
    m_slices = 0;
    if (total == 0) {
        ChartStyle::showEmpty(c, tr("Requests by provider"), tr("no requests yet"));
        return;
    }
    auto* series = new QPieSeries;
    series->setHoleSize(0.45);
    for (const auto& r : rows) {
        if (r.second == 0)
            continue;
        const double share = 100.0 * double(r.second) / double(total);
        auto* slice = series->append(QStringLiteral("%1  %2%").arg(r.first, QLocale().toString(share, 'f', 0)),
                                     double(r.second));
        slice->setColor(ChartStyle::colorFor(r.first));
        slice->setBorderColor(Qt::white);
        ++m_slices;
    }
    c->addSeries(series);
}
