#pragma once

#include "util/Result.h"

#include <QList>
#include <QStringList>

class Database;

/**
 * Read-only aggregates over the request log for dashboards: latency percentiles per provider and the
 * distinct values that filter pickers offer. Every query is bounded by an indexed time range or
 * returns one row per distinct value, so none of them loads the request table.
 */
class RequestStatsRepository
{
public:
    /** Nearest-rank latency percentiles of the successful requests of one provider. */
    struct LatencyPercentiles
    {
        QString provider;
        qint64 count = 0;
        int p50 = 0;
        int p95 = 0;
        int p99 = 0;
    };

    explicit RequestStatsRepository(const Database& db);

    /** Per provider, successful requests created in [fromMs, toMs), sorted by provider. */
    Result<QList<LatencyPercentiles>> latencyByProvider(qint64 fromMs, qint64 toMs) const;
    /** The models that appear in the request log, sorted. */
    Result<QStringList> distinctModels() const;
    /** Requests and errors (status other than success) created in [fromMs, toMs). */
    Result<QPair<qint64, qint64>> requestAndErrorCount(qint64 fromMs, qint64 toMs) const;

private:
    const Database& m_db;
};
