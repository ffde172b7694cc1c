#pragma once

#include <QString>

#include <optional>

/** Money is integer micro-dollars (1 USD = 1,000,000). These convert to and from decimal text exactly. */
class Money
{
public:
    static constexpr qint64 MicrosPerDollar = 1000000;

    /** "12", "12.5", "0.000001", "$3.25" → micro-dollars; nullopt for negatives, >6 decimals or junk. */
    static std::optional<qint64> parseUsd(const QString& text);
    /** micro-dollars → "12.500000" (six decimals) or with fewer digits when trim is true ("12.5"). */
    static QString formatUsd(qint64 micros, bool trim = false);
    /** JSON number for the API: micro-dollars / 1e6 (exact for any amount below 2^53 micro-dollars). */
    static double toDollars(qint64 micros) { return double(micros) / double(MicrosPerDollar); }
};
