#pragma once

#include <QString>
#include <QStringList>

#include <optional>

/** A gateway key (gw_...). Only its SHA-256 and a display prefix are stored. */
struct ApiKey
{
    QString id;
    QString projectId;
    QString keyPrefix;
    QString keyHash; ///< lower-case hex SHA-256 of the whole key
    QString name;
    std::optional<int> rateLimitRpm; ///< unset: the configured default
    std::optional<qint64> rateLimitTpm; ///< unset: no token rate limit
    std::optional<QStringList> allowedModels; ///< unset: every model
    bool active = true;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    std::optional<qint64> revokedAt;
    std::optional<qint64> lastUsedAt;
};
