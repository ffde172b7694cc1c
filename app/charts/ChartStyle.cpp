#include "ChartStyle.h"

#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QList>
#include <QValueAxis>

#include <cmath>

void ChartStyle::apply(QChartView* view, const QString& title)
{
    QChart* chart = view->chart();
    chart->setTitle(title);
    QFont f = chart->titleFont();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.05);
    chart->setTitleFont(f);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(6);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(240);
}

QColor ChartStyle::colorFor(const QString& name)
{
    if (name == QLatin1String("gemini"))
        return QColor(0x42, 0x85, 0xf4);
    if (name == QLatin1String("openai"))
        return QColor(0x10, 0xa3, 0x7f);
    if (name == QLatin1String("anthropic"))
        return QColor(0xd9, 0x77, 0x57);
    static const QList<QColor> palette{QColor(0x8e, 0x6c, 0xef), QColor(0xe5, 0xa5, 0x0a), QColor(0x2a, 0x9d, 0xb8),
                                       QColor(0xc0, 0x4f, 0x8a), QColor(0x6b, 0x8e, 0x23), QColor(0x70, 0x70, 0x80)};
    return palette.at(int(qHash(name) % uint(palette.size())));
}

void ChartStyle::showEmpty(QChart* chart, const QString& title, const QString& text)
{
    chart->setTitle(title + QStringLiteral(" — ") + text);
}

QString ChartStyle::labelFormat(double tickInterval, int minDecimals, const QString& prefix, const QString& suffix)
{
    int decimals = qBound(0, minDecimals, 6);
    if (tickInterval > 0) {
        for (; decimals < 6; ++decimals) {
            const double scaled = tickInterval * std::pow(10.0, decimals);
            if (scaled >= 0.999 && std::abs(scaled - std::round(scaled)) < 1e-6 * scaled)
                break;
        }
    }
    return prefix + QStringLiteral("%.") + QString::number(decimals) + QStringLiteral("f") + suffix;
}

void ChartStyle::fitLabelFormat(QValueAxis* axis, int minDecimals, const QString& prefix, const QString& suffix)
{
    const double interval = axis->tickCount() > 1 ? (axis->max() - axis->min()) / (axis->tickCount() - 1) : 0.0;
    axis->setLabelFormat(labelFormat(interval, minDecimals, prefix, suffix));
}
