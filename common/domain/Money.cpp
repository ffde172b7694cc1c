#include "Money.h"

#include <limits>

std::optional<qint64> Money::parseUsd(const QString& input)
{
    QString text = input.trimmed();
    if (text.startsWith(QLatin1Char('$')))
        text = text.mid(1);
    if (text.isEmpty())
        return std::nullopt;
    const qsizetype dot = text.indexOf(QLatin1Char('.'));
    const QString whole = dot < 0 ? text : text.left(dot);
    QString frac = dot < 0 ? QString() : text.mid(dot + 1);
    if ((whole.isEmpty() && frac.isEmpty()) || frac.size() > 6 || (dot >= 0 && frac.isEmpty()))
        return std::nullopt;
    for (QChar c : QString(whole + frac))
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
    if (whole.size() > 12) // up to a trillion dollars
        return std::nullopt;
    frac = frac.leftJustified(6, QLatin1Char('0'));
    const qint64 dollars = whole.isEmpty() ? 0 : whole.toLongLong();
    return dollars * MicrosPerDollar + frac.toLongLong();
}

QString Money::formatUsd(qint64 micros, bool trim)
{
    const bool negative = micros < 0;
    const quint64 abs = negative ? quint64(0) - quint64(micros) : quint64(micros);
    QString s = QStringLiteral("%1.%2").arg(abs / MicrosPerDollar).arg(abs % MicrosPerDollar, 6, 10, QLatin1Char('0'));
    if (trim) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(QLatin1Char('.')))
            s.chop(1);
    }
    return negative ? QLatin1Char('-') + s : s;
}
