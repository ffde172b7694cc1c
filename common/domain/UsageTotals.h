#pragma once

#include <QString>

/** Aggregated usage for one period (a day or a month) of one project or provider. */
struct UsageTotals
{
    QString period; ///< YYYY-MM-DD (day) or YYYY-MM-01 (month)
    QString key; ///< project id or provider name
    qint64 inputTokens = 0;
    qint64 cachedTokens = 0;
    qint64 outputTokens = 0;
    qint64 reasoningTokens = 0;
    qint64 totalTokens = 0;
    qint64 costMicros = 0;
    qint64 requestCount = 0;
    qint64 errorCount = 0;
};
