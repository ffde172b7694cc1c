#pragma once

#include <QChartView>

/** Share of requests per provider (a donut). */
class RequestsByProviderChart final : public QChartView
{
    Q_OBJECT

public:
    explicit RequestsByProviderChart(QWidget* parent = nullptr);

    void setData(const QList<QPair<QString, qint64>>& requestsByProvider);
    int sliceCount() const { return m_slices; }

private:
    int m_slices = 0;
};
