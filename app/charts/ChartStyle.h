#pragma once

#include <QColor>
#include <QString>

class QChart;
class QChartView;
class QValueAxis;

/** The look shared by every dashboard chart: fonts, margins, legend, and stable colors per series. */
class ChartStyle
{
public:
    static void apply(QChartView* view, const QString& title);
    /** A fixed color for the known providers, and a palette color (stable per name) for anything else. */
    static QColor colorFor(const QString& name);
    /** Replaces the title by "title — text" to say why a chart is empty. */
    static void showEmpty(QChart* chart, const QString& title, const QString& text);
    /**
     * A printf label format for ticks tickInterval apart: as many decimals as the interval needs (at least
     * minDecimals, at most 6), so that neighbouring labels differ ("$%.5f" for ticks of $0.00005).
     */
    static QString labelFormat(double tickInterval, int minDecimals, const QString& prefix, const QString& suffix = {});
    /** Sets the axis's label format for its current range and tick count (call after applyNiceNumbers()). */
    static void fitLabelFormat(QValueAxis* axis, int minDecimals, const QString& prefix, const QString& suffix = {});
};
