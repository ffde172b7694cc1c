#pragma once

#include "domain/UsageTotals.h"

#include <QChartView>
#include <QDate>

/** Cost per day, one stacked bar segment per key (provider or project), over [from, to]. */
class CostPerDayChart final : public QChartView
{
    Q_OBJECT

public:
    explicit CostPerDayChart(QWidget* parent = nullptr);

    void setTitleText(const QString& title) { m_title = title; }
    void setData(const QList<UsageTotals>& perKeyPerDay, QDate from, QDate to);
    /** How many bar sets (keys) the chart shows. */
    int seriesCount() const { return m_sets; }

private:
    QString m_title;
    int m_sets = 0;
};
