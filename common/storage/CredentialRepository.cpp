#include "CredentialRepository.h"

#include "Database.h"
#include "SqlValues.h"
#include "security/SecureRandom.h"
#include "util/Clock.h"

namespace {
const QString kColumns
    = QStringLiteral("id, project_id, provider, encrypted_key, key_hint, base_url, created_at, updated_at");

ProviderCredential read(const QSqlQuery& q)
{
    ProviderCredential c;
    c.id = q.value(0).toString();
    c.projectId = q.value(1).toString();
    c.provider = q.value(2).toString();
    c.encryptedKey = q.value(3).toString();
    c.keyHint = q.value(4).toString();
    c.baseUrl = q.value(5).toString();
    c.createdAt = q.value(6).toLongLong();
    c.updatedAt = q.value(7).toLongLong();
    return c;
}

Result<QList<ProviderCredential>> readAll(Result<QSqlQuery> r)
{
    if (!r)
        return r.error();
    QList<ProviderCredential> out;
    while (r.value().next())
        out << read(r.value());
    return out;
}
} // namespace

CredentialRepository::CredentialRepository(const Database& db)
    : m_db(db)
{ }

Result<ProviderCredential> CredentialRepository::upsert(const ProviderCredential& input)
{
    if (!SqlValues::isUuid(input.projectId))
        return Error::notFound(QStringLiteral("project not found: %1").arg(input.projectId));
    const qint64 now = Clock::instance().nowMs();
    const QString id = input.id.isEmpty() ? SecureRandom::uuid() : input.id;
    auto r = m_db.exec(
        QStringLiteral("INSERT INTO provider_credentials (") + kColumns
            + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, provider) DO UPDATE SET "
                             "encrypted_key = excluded.encrypted_key, key_hint = excluded.key_hint, "
                             "base_url = excluded.base_url, updated_at = excluded.updated_at"),
        {id, input.projectId, input.provider, input.encryptedKey, SqlValues::text(input.keyHint),
         SqlValues::nullIfEmpty(input.baseUrl), now, now});
    if (!r)
        return r.error();
    return find(input.projectId, input.provider);
}

Result<ProviderCredential> CredentialRepository::find(const QString& projectId, const QString& provider) const
{
    if (!SqlValues::isUuid(projectId))
        return Error::notFound(QStringLiteral("project not found: %1").arg(projectId));
    auto r = m_db.exec(QStringLiteral("SELECT ") + kColumns
                           + QStringLiteral(" FROM provider_credentials WHERE project_id = ? AND provider = ?"),
                       {projectId, provider});
    if (!r)
        return r.error();
    if (!r.value().next())
        return Error::notFound(QStringLiteral("no %1 credential for project %2").arg(provider, projectId));
    return read(r.value());
}

Result<QList<ProviderCredential>> CredentialRepository::listByProject(const QString& projectId) const
{
    if (!SqlValues::isUuid(projectId))
        return QList<ProviderCredential>{};
    return readAll(m_db.exec(QStringLiteral("SELECT ") + kColumns
                                 + QStringLiteral(" FROM provider_credentials WHERE project_id = ? ORDER BY provider"),
                             {projectId}));
}

Result<QList<ProviderCredential>> CredentialRepository::listAllActive() const
{
    return readAll(m_db.exec(QStringLiteral("SELECT c.id, c.project_id, c.provider, c.encrypted_key, c.key_hint, "
                                            "c.base_url, c.created_at, c.updated_at FROM provider_credentials c "
                                            "JOIN projects p ON p.id = c.project_id WHERE p.is_active = ?"),
                             {true}));
}

Result<void> CredentialRepository::remove(const QString& projectId, const QString& provider)
{
    if (!SqlValues::isUuid(projectId))
        return Error::notFound(QStringLiteral("project not found: %1").arg(projectId));
    auto r = m_db.exec(QStringLiteral("DELETE FROM provider_credentials WHERE project_id = ? AND provider = ?"),
                       {projectId, provider});
    if (!r)
        return r.error();
    if (r.value().numRowsAffected() == 0)
        return Error::notFound(QStringLiteral("no %1 credential for project %2").arg(provider, projectId));
    return {};
}
