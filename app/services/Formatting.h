#pragma once

#include <QString>

#include <optional>

/** Display formats shared by the pages: money, token counts, timestamps and durations. */
class Formatting
{
public:
    /** "$12.34"; amounts below a cent keep up to six decimals ("$0.000125"). */
    static QString money(qint64 micros);
    static QString money(const std::optional<qint64>& micros);
    /** A single request's cost: "$0.0072", "<$0.0001", "–" when unknown; four decimals throughout. */
    static QString requestCost(const std::optional<qint64>& micros);
    /** "1,234,567" in the current locale. */
    static QString count(qint64 n);
    /** Compact: "1.2M", "34.5k". */
    static QString compactCount(qint64 n);
    /** Local date and time, minutes precision. */
    static QString dateTime(qint64 epochMs);
    static QString dateTime(const std::optional<qint64>& epochMs, const QString& none);
    static QString date(qint64 epochMs);
    /** "850 ms", "2.4 s". */
    static QString duration(qint64 ms);
};
