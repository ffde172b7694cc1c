#pragma once

#include "domain/UsageTotals.h"
#include "util/Result.h"

#include <QDate>
#include <QList>

class Database;

/** Reads the usage counters that RequestLogRepository maintains. */
class UsageRepository
{
public:
    explicit UsageRepository(const Database& db);

    /** A project's totals for one UTC day (zeros when nothing was recorded). */
    Result<UsageTotals> projectDay(const QString& projectId, QDate day) const;
    /** A project's totals for the UTC month containing day. */
    Result<UsageTotals> projectMonth(const QString& projectId, QDate day) const;
    /** Per project per day in [from, to]; projectId empty: every project. */
    Result<QList<UsageTotals>> projectDays(const QString& projectId, QDate from, QDate to) const;
    /** Per provider per day in [from, to]. */
    Result<QList<UsageTotals>> providerDays(QDate from, QDate to) const;

private:
    const Database& m_db;
};
