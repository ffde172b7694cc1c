#include "BudgetRepository.h"

#include "Database.h"
#include "SqlValues.h"
#include "util/Clock.h"

BudgetRepository::BudgetRepository(const Database& db)
    : m_db(db)
{ }

bool BudgetRepository::hasLimits(const Project& p)
{
    return p.dailyTokenLimit || p.monthlyTokenLimit || p.dailyCostLimitMicros || p.monthlyCostLimitMicros;
}

Result<BudgetRepository::Outcome> BudgetRepository::reserve(const Project& project, const QString& holdId,
                                                            const Estimate& estimate, qint64 nowMs, qint64 ttlMs)
{
    return lease(project, holdId, estimate, estimate, {}, nowMs, ttlMs);
}

Result<void> BudgetRepository::giveBack(const Giveback& giveback)
{
    if (giveback.holdId.isEmpty())
        return {};
    if (!SqlValues::isUuid(giveback.holdId))
        return Error::invalid(QStringLiteral("malformed hold id"));
    auto r = m_db.exec(QStringLiteral("UPDATE budget_holds SET tokens = tokens - ?, cost_micros = cost_micros - ? "
                                      "WHERE id = ?"),
                       {giveback.amount.tokens, giveback.amount.costMicros, giveback.holdId});
    if (!r)
        return r.error();
    auto d = m_db.exec(QStringLiteral("DELETE FROM budget_holds WHERE id = ? AND tokens <= 0 AND cost_micros <= 0"),
                       {giveback.holdId});
    if (!d)
        return d.error();
    return {};
}

Result<BudgetRepository::Outcome> BudgetRepository::lease(const Project& project, const QString& holdId,
                                                          const Estimate& estimate, const Estimate& wanted,
                                                          const QList<Giveback>& givebacks, qint64 nowMs, qint64 ttlMs)
{
    if (!SqlValues::isUuid(project.id) || !SqlValues::isUuid(holdId))
        return Error::invalid(QStringLiteral("malformed id in budget reservation"));
    const QDate today = Clock::utcDay(nowMs);
    const QString day = today.toString(Qt::ISODate);
    const QString month = QDate(today.year(), today.month(), 1).toString(Qt::ISODate);
    return m_db.transaction([&]() -> Result<Outcome> {
        if (m_db.isPostgres()) {
            auto lock = m_db.exec(QStringLiteral("SELECT id FROM projects WHERE id = ? FOR UPDATE"), {project.id});
            if (!lock)
                return lock.error();
        }
        for (const Giveback& giveback : givebacks)
            if (auto g = giveBack(giveback); !g)
                return g.error();
        const auto sumOf
            = [&](const QString& sql, const QVariantList& binds, qint64* tokens, qint64* cost) -> Result<void> {
            auto r = m_db.exec(sql, binds);
            if (!r)
                return r.error();
            if (r.value().next()) {
                *tokens += r.value().value(0).toLongLong();
                *cost += r.value().value(1).toLongLong();
            }
            return {};
        };
        qint64 dayTokens = 0, dayCost = 0, monthTokens = 0, monthCost = 0;
        if (auto r = sumOf(
                QStringLiteral("SELECT total_tokens, cost_micros FROM usage_counters WHERE project_id = ? AND day = ?"),
                {project.id, day}, &dayTokens, &dayCost);
            !r)
            return r.error();
        if (auto r = sumOf(QStringLiteral("SELECT total_tokens, cost_micros FROM usage_counters_monthly "
                                          "WHERE project_id = ? AND month = ?"),
                           {project.id, month}, &monthTokens, &monthCost);
            !r)
            return r.error();
        if (auto r
            = sumOf(QStringLiteral("SELECT COALESCE(SUM(tokens), 0), COALESCE(SUM(cost_micros), 0) FROM budget_holds "
                                   "WHERE project_id = ? AND day = ? AND expires_at > ?"),
                    {project.id, day, nowMs}, &dayTokens, &dayCost);
            !r)
            return r.error();
        if (auto r
            = sumOf(QStringLiteral("SELECT COALESCE(SUM(tokens), 0), COALESCE(SUM(cost_micros), 0) FROM budget_holds "
                                   "WHERE project_id = ? AND month = ? AND expires_at > ?"),
                    {project.id, month, nowMs}, &monthTokens, &monthCost);
            !r)
            return r.error();

        const qint64 nextDay = Clock::startOfNextUtcDay(nowMs);
        const qint64 nextMonth = Clock::startOfNextUtcMonth(nowMs);
        const struct
        {
            const char* name;
            const std::optional<qint64>& limit;
            qint64 used;
            qint64 requested;
            qint64 resets;
            bool isTokens;
        } checks[] = {
            {"daily_token_limit", project.dailyTokenLimit, dayTokens, estimate.tokens, nextDay, true},
            {"daily_cost_limit", project.dailyCostLimitMicros, dayCost, estimate.costMicros, nextDay, false},
            {"monthly_token_limit", project.monthlyTokenLimit, monthTokens, estimate.tokens, nextMonth, true},
            {"monthly_cost_limit", project.monthlyCostLimitMicros, monthCost, estimate.costMicros, nextMonth, false},
        };
        Estimate granted = wanted;
        for (const auto& c : checks) {
            if (!c.limit)
                continue;
            if (c.used + c.requested > *c.limit) {
                Outcome refused;
                refused.refusal = {QString::fromLatin1(c.name), *c.limit, c.used, c.requested, c.resets};
                return refused;
            }
            // Room beyond the minimum: take at most half of it.
            const qint64 spare = (*c.limit - c.used - c.requested) / 2;
            qint64& g = c.isTokens ? granted.tokens : granted.costMicros;
            g = qMin(g, c.requested + spare);
        }
        granted.tokens = qMax(granted.tokens, estimate.tokens);
        granted.costMicros = qMax(granted.costMicros, estimate.costMicros);
        auto insert
            = m_db.exec(QStringLiteral("INSERT INTO budget_holds (id, project_id, tokens, cost_micros, day, month, "
                                       "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                        {holdId, project.id, granted.tokens, granted.costMicros, day, month, nowMs, nowMs + ttlMs});
        if (!insert)
            return insert.error();
        Outcome ok;
        ok.reserved = true;
        ok.granted = granted;
        return ok;
    });
}

Result<int> BudgetRepository::purgeExpired(qint64 nowMs)
{
    auto r = m_db.exec(QStringLiteral("DELETE FROM budget_holds WHERE expires_at <= ?"), {nowMs});
    if (!r)
        return r.error();
    return r.value().numRowsAffected();
}
