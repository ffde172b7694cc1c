#pragma once

#include "domain/RequestRecord.h"
#include "domain/UsageTotals.h"
#include "storage/RequestStatsRepository.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QString>

/** Everything the dashboard shows, computed in one go off the GUI thread. */
struct DashboardData
{
    QString error; ///< non-empty: loading failed, the rest is empty
    int days = 30;
    QDate from; ///< first UTC day of the chart range
    QDate to; ///< today (UTC)

    qint64 requestsToday = 0;
    qint64 costTodayMicros = 0;
    qint64 requestsMonth = 0;
    qint64 costMonthMicros = 0;
    qint64 errorsToday = 0;
    int activeProjects = 0;

    QList<UsageTotals> providerDays; ///< per provider per day in [from, to]
    QList<QPair<QString, qint64>> requestsByProvider; ///< over the range, largest first
    QList<QPair<QString, qint64>> tokensByProject; ///< project name → tokens over the range, largest first
    QList<RequestStatsRepository::LatencyPercentiles> latency; ///< over the range
    QList<RequestRecord> recent; ///< the newest requests
    QHash<QString, QString> projectNames; ///< id → name

    double errorRateToday() const { return requestsToday > 0 ? double(errorsToday) / double(requestsToday) : 0.0; }
};
