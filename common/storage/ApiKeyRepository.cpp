#include "ApiKeyRepository.h"

#include "Database.h"
#include "SqlValues.h"
#include "util/Clock.h"

namespace {
const QString kColumns = QStringLiteral("id, project_id, key_prefix, key_hash, name, rate_limit_rpm, rate_limit_tpm, "
                                        "allowed_models, is_active, created_at, updated_at, revoked_at, last_used_at");

ApiKey read(const QSqlQuery& q)
{
    using namespace SqlValues;
    ApiKey k;
    k.id = q.value(0).toString();
    k.projectId = q.value(1).toString();
    k.keyPrefix = q.value(2).toString();
    k.keyHash = q.value(3).toString();
    k.name = q.value(4).toString();
    k.rateLimitRpm = optionalInt(q.value(5));
    k.rateLimitTpm = optionalInt64(q.value(6));
    if (!q.value(7).isNull())
        k.allowedModels = parseJsonList(q.value(7));
    k.active = q.value(8).toBool();
    k.createdAt = q.value(9).toLongLong();
    k.updatedAt = q.value(10).toLongLong();
    k.revokedAt = optionalInt64(q.value(11));
    k.lastUsedAt = optionalInt64(q.value(12));
    return k;
}

Result<QList<ApiKey>> readAll(Result<QSqlQuery> r)
{
    if (!r)
        return r.error();
    QList<ApiKey> out;
    while (r.value().next())
        out << read(r.value());
    return out;
}

Result<ApiKey> readOne(Result<QSqlQuery> r, const QString& what)
{
    if (!r)
        return r.error();
    if (!r.value().next())
        return Error::notFound(QStringLiteral("API key not found: %1").arg(what));
    return read(r.value());
}
} // namespace

ApiKeyRepository::ApiKeyRepository(const Database& db)
    : m_db(db)
{ }

Result<ApiKey> ApiKeyRepository::create(const ApiKey& input)
{
    using namespace SqlValues;
    ApiKey k = input;
    k.createdAt = k.updatedAt = Clock::instance().nowMs();
    auto r = m_db.exec(QStringLiteral("INSERT INTO api_keys (") + kColumns
                           + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                       {k.id, k.projectId, k.keyPrefix, k.keyHash, text(k.name), fromOptional(k.rateLimitRpm),
                        fromOptional(k.rateLimitTpm), k.allowedModels ? jsonList(*k.allowedModels) : QVariant(),
                        k.active, k.createdAt, k.updatedAt, fromOptional(k.revokedAt), fromOptional(k.lastUsedAt)});
    if (!r)
        return r.error();
    return k;
}

Result<ApiKey> ApiKeyRepository::findById(const QString& id) const
{
    if (!SqlValues::isUuid(id))
        return Error::notFound(QStringLiteral("API key not found: %1").arg(id));
    return readOne(
        m_db.exec(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM api_keys WHERE id = ?"), {id}), id);
}

Result<ApiKey> ApiKeyRepository::findByHash(const QString& keyHash) const
{
    return readOne(m_db.exec(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM api_keys WHERE key_hash = ?"),
                             {keyHash}),
                   QStringLiteral("(by hash)"));
}

Result<QList<ApiKey>> ApiKeyRepository::listByProject(const QString& projectId, bool includeRevoked) const
{
    if (!SqlValues::isUuid(projectId))
        return QList<ApiKey>{};
    return readAll(m_db.exec(QStringLiteral("SELECT ") + kColumns
                                 + QStringLiteral(" FROM api_keys WHERE project_id = ?")
                                 + (includeRevoked ? QString() : QStringLiteral(" AND is_active = ?"))
                                 + QStringLiteral(" ORDER BY created_at, id"),
                             includeRevoked ? QVariantList{projectId} : QVariantList{projectId, true}));
}

Result<QList<ApiKey>> ApiKeyRepository::listAllActive() const
{
    return readAll(m_db.exec(QStringLiteral("SELECT k.")
                                 + QString(kColumns).replace(QStringLiteral(", "), QStringLiteral(", k."))
                                 + QStringLiteral(" FROM api_keys k JOIN projects p ON p.id = k.project_id "
                                                  "WHERE k.is_active = ? AND p.is_active = ?"),
                             {true, true}));
}

Result<void> ApiKeyRepository::revoke(const QString& id)
{
    if (!SqlValues::isUuid(id))
        return Error::notFound(QStringLiteral("API key not found: %1").arg(id));
    auto r = m_db.exec(
        QStringLiteral(
            "UPDATE api_keys SET is_active = ?, revoked_at = COALESCE(revoked_at, ?), updated_at = ? WHERE id = ?"),
        {false, Clock::instance().nowMs(), Clock::instance().nowMs(), id});
    if (!r)
        return r.error();
    if (r.value().numRowsAffected() == 0)
        return Error::notFound(QStringLiteral("API key not found: %1").arg(id));
    return {};
}

Result<ApiKey> ApiKeyRepository::update(const ApiKey& k)
{
    using namespace SqlValues;
    if (!isUuid(k.id))
        return Error::notFound(QStringLiteral("API key not found: %1").arg(k.id));
    auto r = m_db.exec(QStringLiteral("UPDATE api_keys SET name = ?, rate_limit_rpm = ?, rate_limit_tpm = ?, "
                                      "allowed_models = ?, updated_at = ? WHERE id = ?"),
                       {text(k.name), fromOptional(k.rateLimitRpm), fromOptional(k.rateLimitTpm),
                        k.allowedModels ? jsonList(*k.allowedModels) : QVariant(), Clock::instance().nowMs(), k.id});
    if (!r)
        return r.error();
    if (r.value().numRowsAffected() == 0)
        return Error::notFound(QStringLiteral("API key not found: %1").arg(k.id));
    return findById(k.id);
}

Result<void> ApiKeyRepository::touchLastUsed(const QHash<QString, qint64>& lastUsedById)
{
    if (lastUsedById.isEmpty())
        return {};
    return m_db.transaction([&]() -> Result<void> {
        for (auto it = lastUsedById.cbegin(); it != lastUsedById.cend(); ++it) {
            // Not a key id, so nothing to update; PostgreSQL would refuse it and lose the whole batch.
            if (!SqlValues::isUuid(it.key()))
                continue;
            auto r = m_db.exec(QStringLiteral("UPDATE api_keys SET last_used_at = ? WHERE id = ? AND "
                                              "(last_used_at IS NULL OR last_used_at < ?)"),
                               {it.value(), it.key(), it.value()});
            if (!r)
                return r.error();
        }
        return {};
    });
}
