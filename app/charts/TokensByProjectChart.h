#pragma once

#include <QChartView>

/** Tokens per project over the period: the largest projects as horizontal bars. */
class TokensByProjectChart final : public QChartView
{
    Q_OBJECT

public:
    static constexpr int MaxProjects = 8;

    explicit TokensByProjectChart(QWidget* parent = nullptr);

    void setData(const QList<QPair<QString, qint64>>& tokensByProject);
    int barCount() const { return m_bars; }

private:
    int m_bars = 0;
};
