#include "SnapshotStore.h"

#include "storage/ApiKeyRepository.h"
#include "storage/CredentialRepository.h"
#include "storage/Database.h"
#include "storage/ProjectRepository.h"
#include "util/Clock.h"
#include "util/LogCategories.h"

SnapshotStore::SnapshotStore(const Database& db, CredentialCipher cipher,
                             QHash<QString, GatewaySnapshot::ProviderAccess> global, QObject* parent)
    : QObject(parent)
    , m_db(db)
    , m_cipher(std::move(cipher))
    , m_global(std::move(global))
{
    connect(&m_timer, &QTimer::timeout, this, [this] {
        auto r = refresh();
        if (!r)
            qCWarning(lcGateway) << "snapshot refresh failed (keeping the previous one):" << r.error().message;
    });
}

Result<void> SnapshotStore::start(int pollIntervalMs)
{
    auto token = changeToken();
    if (!token)
        return token.error();
    auto snapshot = build();
    if (!snapshot)
        return snapshot.error();
    m_token = token.value();
    m_current.store(std::move(snapshot.value()), std::memory_order_release);
    m_timer.start(pollIntervalMs);
    return {};
}

Result<bool> SnapshotStore::refresh()
{
    auto token = changeToken();
    if (!token)
        return token.error();
    if (token.value() == m_token)
        return false;
    auto snapshot = build();
    if (!snapshot)
        return snapshot.error();
    m_token = token.value();
    m_current.store(std::move(snapshot.value()), std::memory_order_release);
    qCInfo(lcGateway) << "configuration reloaded:" << current()->keysByHash.size() << "keys,"
                      << current()->projects.size() << "projects";
    Q_EMIT reloaded();
    return true;
}

Result<QString> SnapshotStore::changeToken() const
{
    // SUM(updated_at) moves on every change even when two changes share a millisecond; COUNT catches inserts.
    auto r = m_db.exec(
        QStringLiteral("SELECT (SELECT COUNT(*) FROM projects), (SELECT COALESCE(SUM(updated_at), 0) FROM projects), "
                       "(SELECT COUNT(*) FROM api_keys), (SELECT COALESCE(SUM(updated_at), 0) FROM api_keys), "
                       "(SELECT COUNT(*) FROM provider_credentials), (SELECT COALESCE(SUM(updated_at), 0) FROM "
                       "provider_credentials)"));
    if (!r)
        return r.error();
    if (!r.value().next())
        return Error::internal(QStringLiteral("change check returned no row"));
    QStringList parts;
    for (int i = 0; i < 6; ++i)
        parts << r.value().value(i).toString();
    return parts.join(QLatin1Char(':'));
}

Result<std::shared_ptr<GatewaySnapshot>> SnapshotStore::build() const
{
    auto snapshot = std::make_shared<GatewaySnapshot>();
    auto projects = ProjectRepository(m_db).list(false);
    if (!projects)
        return projects.error();
    for (const Project& p : projects.value())
        snapshot->projects.insert(p.id, p);
    auto keys = ApiKeyRepository(m_db).listAllActive();
    if (!keys)
        return keys.error();
    for (const ApiKey& k : keys.value())
        snapshot->keysByHash.insert(k.keyHash, k);
    auto credentials = CredentialRepository(m_db).listAllActive();
    if (!credentials)
        return credentials.error();
    for (const ProviderCredential& c : credentials.value()) {
        auto plain = m_cipher.decrypt(c.projectId, c.provider, c.encryptedKey);
        if (!plain) {
            // One undecryptable row (e.g. a retired key) must not take the whole gateway down.
            qCWarning(lcGateway) << "cannot decrypt the" << c.provider << "credential of project" << c.projectId << ":"
                                 << plain.error().message;
            continue;
        }
        snapshot->credentials[c.projectId].insert(c.provider, {QString::fromUtf8(plain.value()), c.baseUrl, false});
    }
    snapshot->globalAccess = m_global;
    snapshot->loadedAtMs = Clock::instance().nowMs();
    return snapshot;
}
