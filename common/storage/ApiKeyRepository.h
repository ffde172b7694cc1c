#pragma once

#include "domain/ApiKey.h"
#include "util/Result.h"

#include <QHash>
#include <QList>

class Database;

/** Gateway keys: stored by hash, looked up through the UNIQUE index on key_hash. */
class ApiKeyRepository
{
public:
    explicit ApiKeyRepository(const Database& db);

    Result<ApiKey> create(const ApiKey& key);
    Result<ApiKey> findById(const QString& id) const;
    Result<ApiKey> findByHash(const QString& keyHash) const;
    Result<QList<ApiKey>> listByProject(const QString& projectId, bool includeRevoked) const;
    /** Every key of every active project, for the gateway's in-memory snapshot. */
    Result<QList<ApiKey>> listAllActive() const;
    Result<void> revoke(const QString& id);
    Result<ApiKey> update(const ApiKey& key);
    /** Records last use for many keys in one statement per key inside one transaction (batched by the caller). */
    Result<void> touchLastUsed(const QHash<QString, qint64>& lastUsedById);

private:
    const Database& m_db;
};
