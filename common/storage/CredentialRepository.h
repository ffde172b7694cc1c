#pragma once

#include "domain/ProviderCredential.h"
#include "util/Result.h"

#include <QList>

class Database;

/** Encrypted provider credentials, one per (project, provider). */
class CredentialRepository
{
public:
    explicit CredentialRepository(const Database& db);

    /** Inserts, or replaces the key and base URL of the existing (project, provider) row. */
    Result<ProviderCredential> upsert(const ProviderCredential& credential);
    Result<ProviderCredential> find(const QString& projectId, const QString& provider) const;
    Result<QList<ProviderCredential>> listByProject(const QString& projectId) const;
    /** Every credential of every active project, for the gateway's snapshot. */
    Result<QList<ProviderCredential>> listAllActive() const;
    /** NotFound when there was nothing to delete. */
    Result<void> remove(const QString& projectId, const QString& provider);

private:
    const Database& m_db;
};
