#include "UsageRepository.h"

#include "Database.h"
#include "SqlValues.h"

namespace {
const QString kSums = QStringLiteral("input_tokens, cached_tokens, output_tokens, reasoning_tokens, total_tokens, "
                                     "cost_micros, request_count, error_count");

UsageTotals read(const QSqlQuery& q)
{
    UsageTotals t;
    t.key = q.value(0).toString();
    t.period = SqlValues::isoDate(q.value(1));
    t.inputTokens = q.value(2).toLongLong();
    t.cachedTokens = q.value(3).toLongLong();
    t.outputTokens = q.value(4).toLongLong();
    t.reasoningTokens = q.value(5).toLongLong();
    t.totalTokens = q.value(6).toLongLong();
    t.costMicros = q.value(7).toLongLong();
    t.requestCount = q.value(8).toLongLong();
    t.errorCount = q.value(9).toLongLong();
    return t;
}

Result<QList<UsageTotals>> readAll(Result<QSqlQuery> r)
{
    if (!r)
        return r.error();
    QList<UsageTotals> out;
    while (r.value().next())
        out << read(r.value());
    return out;
}

Result<UsageTotals> readOneOrZero(Result<QSqlQuery> r, const QString& key, const QString& period)
{
    auto all = readAll(std::move(r));
    if (!all)
        return all.error();
    if (all.value().isEmpty()) {
        UsageTotals zero;
        zero.key = key;
        zero.period = period;
        return zero;
    }
    return all.value().first();
}
} // namespace

UsageRepository::UsageRepository(const Database& db)
    : m_db(db)
{ }

Result<UsageTotals> UsageRepository::projectDay(const QString& projectId, QDate day) const
{
    const QString d = day.toString(Qt::ISODate);
    if (!SqlValues::isUuid(projectId))
        return Error::notFound(QStringLiteral("project not found: %1").arg(projectId));
    return readOneOrZero(m_db.exec(QStringLiteral("SELECT project_id, day, ") + kSums
                                       + QStringLiteral(" FROM usage_counters WHERE project_id = ? AND day = ?"),
                                   {projectId, d}),
                         projectId, d);
}

Result<UsageTotals> UsageRepository::projectMonth(const QString& projectId, QDate day) const
{
    const QString m = QDate(day.year(), day.month(), 1).toString(Qt::ISODate);
    if (!SqlValues::isUuid(projectId))
        return Error::notFound(QStringLiteral("project not found: %1").arg(projectId));
    return readOneOrZero(
        m_db.exec(QStringLiteral("SELECT project_id, month, ") + kSums
                      + QStringLiteral(" FROM usage_counters_monthly WHERE project_id = ? AND month = ?"),
                  {projectId, m}),
        projectId, m);
}

Result<QList<UsageTotals>> UsageRepository::projectDays(const QString& projectId, QDate from, QDate to) const
{
    QVariantList binds{from.toString(Qt::ISODate), to.toString(Qt::ISODate)};
    QString where = QStringLiteral(" WHERE day >= ? AND day <= ?");
    if (!projectId.isEmpty()) {
        if (!SqlValues::isUuid(projectId))
            return QList<UsageTotals>{};
        where += QStringLiteral(" AND project_id = ?");
        binds << projectId;
    }
    return readAll(m_db.exec(QStringLiteral("SELECT project_id, day, ") + kSums + QStringLiteral(" FROM usage_counters")
                                 + where + QStringLiteral(" ORDER BY day, project_id"),
                             binds));
}

Result<QList<UsageTotals>> UsageRepository::providerDays(QDate from, QDate to) const
{
    return readAll(
        m_db.exec(QStringLiteral("SELECT provider, day, ") + kSums
                      + QStringLiteral(" FROM provider_usage WHERE day >= ? AND day <= ? ORDER BY day, provider"),
                  {from.toString(Qt::ISODate), to.toString(Qt::ISODate)}));
}
