#pragma once

#include <QColor>
#include <QString>

class QChart;
class QChartView;

/** The look shared by every dashboard chart: fonts, margins, legend, and stable colors per series. */
class ChartStyle
{
public:
    static void apply(QChartView* view, const QString& title);
    /** A fixed color for the known providers, and a palette color (stable per name) for anything else. */
    static QColor colorFor(const QString& name);
    /** Replaces the title by "title — text" to say why a chart is empty. */
    static void showEmpty(QChart* chart, const QString& title, const QString& text);
};
