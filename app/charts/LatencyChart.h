#pragma once

#include "storage/RequestStatsRepository.h"

#include <QChartView>

/** Latency percentiles (p50, p95, p99) per provider, as grouped bars in milliseconds. */
class LatencyChart final : public QChartView
{
    Q_OBJECT

public:
    explicit LatencyChart(QWidget* parent = nullptr);

    void setData(const QList<RequestStatsRepository::LatencyPercentiles>& rows);
    int providerCount() const { return m_providers; }

private:
    int m_providers = 0;
};
