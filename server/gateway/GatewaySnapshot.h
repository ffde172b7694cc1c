#pragma once

#include "domain/ApiKey.h"
#include "domain/Project.h"

#include <QHash>
#include <QString>

#include <optional>

/**
 * An immutable picture of what the data plane needs from the database: active keys by hash, active
 * projects, and decrypted provider credentials. Workers read it without touching the database; a new one
 * replaces it whenever the tables change (SnapshotStore).
 */
struct GatewaySnapshot
{
    struct ProviderAccess
    {
        QString apiKey;
        QString baseUrl; ///< empty: the provider's default
        bool global = false; ///< from the environment, not the project's own credential
    };

    QHash<QString, ApiKey> keysByHash;
    QHash<QString, Project> projects; ///< active projects only
    QHash<QString, QHash<QString, ProviderAccess>> credentials; ///< project id → provider → access
    QHash<QString, ProviderAccess> globalAccess; ///< provider → access from OPENAI_API_KEY etc.
    qint64 loadedAtMs = 0;

    /** The project's own credential for provider, else the global key, else nothing. */
    std::optional<ProviderAccess> access(const QString& projectId, const QString& provider) const;
};
