#include "ProjectService.h"

#include "domain/Providers.h"
#include "security/SecureRandom.h"
#include "storage/SqlValues.h"

namespace {
// Limits above this are surely typos (a billion dollars a day, or a quadrillion tokens).
constexpr qint64 kMaxTokenLimit = 1000000000000000LL;
constexpr qint64 kMaxCostLimitMicros = 1000000000LL * 1000000LL;

Result<void> checkLimit(const std::optional<qint64>& v, qint64 max, const QString& field)
{
    if (v && (*v < 0 || *v > max))
        return Error::invalid(QStringLiteral("%1 must be between 0 and %2").arg(field).arg(max), field);
    return {};
}
} // namespace

ProjectService::ProjectService(const Database& db)
    : m_projects(db)
{ }

Result<void> ProjectService::validate(const Project& p)
{
    const QString name = p.name.trimmed();
    if (name.isEmpty())
        return Error::invalid(QStringLiteral("name must not be empty"), QStringLiteral("name"));
    if (name.size() > 200)
        return Error::invalid(QStringLiteral("name must be at most 200 characters"), QStringLiteral("name"));
    if (p.description.size() > 4000)
        return Error::invalid(QStringLiteral("description must be at most 4000 characters"),
                              QStringLiteral("description"));
    if (auto r = checkLimit(p.dailyTokenLimit, kMaxTokenLimit, QStringLiteral("daily_token_limit")); !r)
        return r;
    if (auto r = checkLimit(p.monthlyTokenLimit, kMaxTokenLimit, QStringLiteral("monthly_token_limit")); !r)
        return r;
    if (auto r = checkLimit(p.dailyCostLimitMicros, kMaxCostLimitMicros, QStringLiteral("daily_cost_limit")); !r)
        return r;
    if (auto r = checkLimit(p.monthlyCostLimitMicros, kMaxCostLimitMicros, QStringLiteral("monthly_cost_limit")); !r)
        return r;
    if (!p.defaultProvider.isEmpty() && !Providers::isKnown(p.defaultProvider))
        return Error::invalid(QStringLiteral("default_provider '%1' is not one of: %2")
                                  .arg(p.defaultProvider, Providers::all().join(QStringLiteral(", "))),
                              QStringLiteral("default_provider"));
    if (!Providers::isCapability(p.defaultCapability))
        return Error::invalid(QStringLiteral("default_capability '%1' is not one of: %2")
                                  .arg(p.defaultCapability, Providers::capabilities().join(QStringLiteral(", "))),
                              QStringLiteral("default_capability"));
    for (const QString& f : p.fallbacks) {
        const QString provider = f.section(QLatin1Char('/'), 0, 0);
        const QString model = f.section(QLatin1Char('/'), 1);
        if (!Providers::isKnown(provider) || model.isEmpty())
            return Error::invalid(
                QStringLiteral("fallback '%1' must be written provider/model with provider one of: %2")
                    .arg(f, Providers::all().join(QStringLiteral(", "))),
                QStringLiteral("fallbacks"));
    }
    return {};
}

Result<Project> ProjectService::create(Project p)
{
    p.name = p.name.trimmed();
    if (auto v = validate(p); !v)
        return v.error();
    p.id = SecureRandom::uuid();
    p.active = true;
    return m_projects.create(p);
}

Result<Project> ProjectService::update(const Project& input)
{
    Project p = input;
    p.name = p.name.trimmed();
    if (auto v = validate(p); !v)
        return v.error();
    return m_projects.update(p);
}

Result<void> ProjectService::deactivate(const QString& id)
{
    return m_projects.setActive(id, false);
}

Result<Project> ProjectService::resolve(const QString& idOrName) const
{
    if (SqlValues::isUuid(idOrName))
        return m_projects.findById(idOrName.toLower());
    auto byName = m_projects.findByName(idOrName);
    if (!byName)
        return byName.error();
    if (byName.value().isEmpty())
        return Error::notFound(QStringLiteral("project not found: %1").arg(idOrName));
    if (byName.value().size() > 1)
        return Error::invalid(
            QStringLiteral("%1 projects are named '%2'; use the id").arg(byName.value().size()).arg(idOrName),
            QStringLiteral("project"));
    return byName.value().first();
}

Result<QList<Project>> ProjectService::list(bool includeInactive) const
{
    return m_projects.list(includeInactive);
}
