#pragma once

#include "gateway/GatewaySnapshot.h"
#include "security/CredentialCipher.h"
#include "util/Result.h"

#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>

class Database;

/**
 * Keeps the current GatewaySnapshot. A cheap change check (counts and sums of updated_at over projects,
 * api_keys and provider_credentials) runs every pollIntervalMs on the owning thread; when it differs, the
 * snapshot is rebuilt and swapped in atomically. So a revoked key, a deactivated project or a changed
 * limit takes effect within one interval on every worker thread, in every process sharing the database.
 */
class SnapshotStore : public QObject
{
    Q_OBJECT

public:
    SnapshotStore(const Database& db, CredentialCipher cipher, QHash<QString, GatewaySnapshot::ProviderAccess> global,
                  QObject* parent = nullptr);

    /** Loads the first snapshot (errors are fatal at start-up) and starts polling. */
    Result<void> start(int pollIntervalMs = 250);
    /** Rebuilds now if anything changed; returns whether a new snapshot was installed. */
    Result<bool> refresh();

    /** The current snapshot; safe from any thread. */
    std::shared_ptr<const GatewaySnapshot> current() const { return m_current.load(std::memory_order_acquire); }

Q_SIGNALS:
    void reloaded();

private:
    Result<QString> changeToken() const;
    Result<std::shared_ptr<GatewaySnapshot>> build() const;

    const Database& m_db;
    const CredentialCipher m_cipher;
    const QHash<QString, GatewaySnapshot::ProviderAccess> m_global;
    std::atomic<std::shared_ptr<const GatewaySnapshot>> m_current;
    QString m_token;
    QTimer m_timer;
};
