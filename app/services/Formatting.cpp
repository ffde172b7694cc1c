#include "Formatting.h"

#include "domain/Money.h"

#include <QDateTime>
#include <QLocale>

QString Formatting::money(qint64 micros)
{
    const qint64 absMicros = micros < 0 ? -micros : micros;
    QString text;
    if (absMicros == 0)
        text = QStringLiteral("0.00");
    else if (absMicros < 10000) // below a cent: show what there is
        text = Money::formatUsd(absMicros, true);
    else
        text = QLocale::c().toString(double(absMicros) / double(Money::MicrosPerDollar), 'f', 2);
    return (micros < 0 ? QStringLiteral("-$") : QStringLiteral("$")) + text;
}

QString Formatting::money(const std::optional<qint64>& micros)
{
    return micros ? money(*micros) : QStringLiteral("–");
}

QString Formatting::requestCost(const std::optional<qint64>& micros)
{
    if (!micros)
        return QStringLiteral("–");
    if (*micros > 0 && *micros < 100)
        return QStringLiteral("<$0.0001");
    return QStringLiteral("$") + QLocale::c().toString(double(*micros) / double(Money::MicrosPerDollar), 'f', 4);
}

QString Formatting::count(qint64 n)
{
    return QLocale().toString(n);
}

QString Formatting::compactCount(qint64 n)
{
    if (n >= 1000000000)
        return QLocale().toString(double(n) / 1e9, 'f', 1) + QLatin1Char('G');
    if (n >= 1000000)
        return QLocale().toString(double(n) / 1e6, 'f', 1) + QLatin1Char('M');
    if (n >= 10000)
        return QLocale().toString(double(n) / 1e3, 'f', 1) + QLatin1Char('k');
    return QLocale().toString(n);
}

QString Formatting::dateTime(qint64 epochMs)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(epochMs).toLocalTime(),
                              QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString Formatting::dateTime(const std::optional<qint64>& epochMs, const QString& none)
{
    return epochMs ? dateTime(*epochMs) : none;
}

QString Formatting::date(qint64 epochMs)
{
    return QDateTime::fromMSecsSinceEpoch(epochMs).toLocalTime().date().toString(Qt::ISODate);
}

QString Formatting::duration(qint64 ms)
{
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    return QLocale().toString(double(ms) / 1000.0, 'f', 1) + QStringLiteral(" s");
}
