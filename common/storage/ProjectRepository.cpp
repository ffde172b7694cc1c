#include "ProjectRepository.h"

#include "Database.h"
#include "SqlValues.h"
#include "util/Clock.h"

namespace {
const QString kColumns = QStringLiteral(
    "id, name, description, daily_token_limit, monthly_token_limit, daily_cost_limit_micros, "
    "monthly_cost_limit_micros, default_provider, default_capability, fallbacks, is_active, created_at, updated_at");

Project read(const QSqlQuery& q)
{
    using namespace SqlValues;
    Project p;
    p.id = q.value(0).toString();
    p.name = q.value(1).toString();
    p.description = q.value(2).toString();
    p.dailyTokenLimit = optionalInt64(q.value(3));
    p.monthlyTokenLimit = optionalInt64(q.value(4));
    p.dailyCostLimitMicros = optionalInt64(q.value(5));
    p.monthlyCostLimitMicros = optionalInt64(q.value(6));
    p.defaultProvider = q.value(7).toString();
    p.defaultCapability = q.value(8).toString();
    p.fallbacks = q.value(9).isNull() ? QStringList() : parseJsonList(q.value(9));
    p.active = q.value(10).toBool();
    p.createdAt = q.value(11).toLongLong();
    p.updatedAt = q.value(12).toLongLong();
    return p;
}

Result<QList<Project>> readAll(Result<QSqlQuery> r)
{
    if (!r)
        return r.error();
    QList<Project> out;
    while (r.value().next())
        out << read(r.value());
    return out;
}
} // namespace

ProjectRepository::ProjectRepository(const Database& db)
    : m_db(db)
{ }

Result<Project> ProjectRepository::create(const Project& input)
{
    using namespace SqlValues;
    Project p = input;
    p.createdAt = p.updatedAt = Clock::instance().nowMs();
    auto r
        = m_db.exec(QStringLiteral("INSERT INTO projects (") + kColumns
                        + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                    {p.id, text(p.name), text(p.description), fromOptional(p.dailyTokenLimit),
                     fromOptional(p.monthlyTokenLimit), fromOptional(p.dailyCostLimitMicros),
                     fromOptional(p.monthlyCostLimitMicros), nullIfEmpty(p.defaultProvider), p.defaultCapability,
                     p.fallbacks.isEmpty() ? QVariant() : jsonList(p.fallbacks), p.active, p.createdAt, p.updatedAt});
    if (!r)
        return r.error();
    return p;
}

Result<Project> ProjectRepository::findById(const QString& id) const
{
    if (!SqlValues::isUuid(id))
        return Error::notFound(QStringLiteral("project not found: %1").arg(id));
    auto r = m_db.exec(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM projects WHERE id = ?"), {id});
    if (!r)
        return r.error();
    if (!r.value().next())
        return Error::notFound(QStringLiteral("project not found: %1").arg(id));
    return read(r.value());
}

Result<QList<Project>> ProjectRepository::findByName(const QString& name) const
{
    return readAll(m_db.exec(QStringLiteral("SELECT ") + kColumns
                                 + QStringLiteral(" FROM projects WHERE name = ? ORDER BY created_at"),
                             {name}));
}

Result<QList<Project>> ProjectRepository::list(bool includeInactive) const
{
    return readAll(m_db.exec(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM projects")
                                 + (includeInactive ? QString() : QStringLiteral(" WHERE is_active = ?"))
                                 + QStringLiteral(" ORDER BY created_at, id"),
                             includeInactive ? QVariantList{} : QVariantList{true}));
}

Result<Project> ProjectRepository::update(const Project& input)
{
    using namespace SqlValues;
    Project p = input;
    if (!isUuid(p.id))
        return Error::notFound(QStringLiteral("project not found: %1").arg(p.id));
    p.updatedAt = Clock::instance().nowMs();
    auto r = m_db.exec(
        QStringLiteral("UPDATE projects SET name = ?, description = ?, daily_token_limit = ?, monthly_token_limit = ?, "
                       "daily_cost_limit_micros = ?, monthly_cost_limit_micros = ?, default_provider = ?, "
                       "default_capability = ?, fallbacks = ?, is_active = ?, updated_at = ? WHERE id = ?"),
        {text(p.name), text(p.description), fromOptional(p.dailyTokenLimit), fromOptional(p.monthlyTokenLimit),
         fromOptional(p.dailyCostLimitMicros), fromOptional(p.monthlyCostLimitMicros), nullIfEmpty(p.defaultProvider),
         p.defaultCapability, p.fallbacks.isEmpty() ? QVariant() : jsonList(p.fallbacks), p.active, p.updatedAt, p.id});
    if (!r)
        return r.error();
    if (r.value().numRowsAffected() == 0)
        return Error::notFound(QStringLiteral("project not found: %1").arg(p.id));
    return findById(p.id);
}

Result<void> ProjectRepository::setActive(const QString& id, bool active)
{
    if (!SqlValues::isUuid(id))
        return Error::notFound(QStringLiteral("project not found: %1").arg(id));
    auto r = m_db.exec(QStringLiteral("UPDATE projects SET is_active = ?, updated_at = ? WHERE id = ?"),
                       {active, Clock::instance().nowMs(), id});
    if (!r)
        return r.error();
    if (r.value().numRowsAffected() == 0)
        return Error::notFound(QStringLiteral("project not found: %1").arg(id));
    return {};
}
