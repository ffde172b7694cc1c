#pragma once

#include "domain/ApiKey.h"
#include "storage/ApiKeyRepository.h"
#include "storage/ProjectRepository.h"
#include "util/Result.h"

class Database;

/** Issues and revokes gateway keys. The plaintext key exists only in the value create() returns. */
class ApiKeyService
{
public:
    struct Issued
    {
        ApiKey key;
        QString plaintext; ///< gw_<5 id chars>_<32 random [a-z0-9]>; shown once
    };
    struct Options
    {
        QString name;
        std::optional<int> rateLimitRpm;
        std::optional<qint64> rateLimitTpm;
        std::optional<QStringList> allowedModels;
    };

    explicit ApiKeyService(const Database& db);

    /** The gw_ key format of the original: 41 characters, about 165 bits of randomness. */
    static QString generate(const QString& projectId);
    /** Lower-case hex SHA-256, the stored form. */
    static QString hash(const QString& plaintext);
    static QString prefixOf(const QString& plaintext) { return plaintext.left(12); }
    static Result<void> validate(const Options& options);

    Result<Issued> create(const QString& projectId, const Options& options);
    Result<void> revoke(const QString& keyId);
    Result<QList<ApiKey>> list(const QString& projectId, bool includeRevoked) const;

private:
    ApiKeyRepository m_keys;
    ProjectRepository m_projects;
};
