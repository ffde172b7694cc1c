#pragma once

#include "ConnectionProfile.h"
#include "domain/Admin.h"
#include "security/CredentialCipher.h"
#include "util/Result.h"

#include <QObject>

#include <memory>

class Database;

/**
 * The live connection the pages work on: the profile, the open and migrated database (shared with
 * worker threads, each of which uses its own QtSql connection), the credential cipher when the
 * encryption key is known, the logged-in admin, and the gateway endpoint and key for chat.
 */
class Session final : public QObject
{
    Q_OBJECT

public:
    explicit Session(QObject* parent = nullptr);
    ~Session() override;

    /**
     * Opens the profile's database (applying pending migrations, as the CLI does) and derives the
     * credential cipher: from encryptionKey when given, else, for SQLite, from the secrets file the
     * gateway keeps next to the database. A missing key only disables the credentials page.
     */
    Result<void> open(const ConnectionProfile& profile, const QString& databasePassword, const QString& encryptionKey,
                      const QString& gatewayKey);
    /** Uses an already open database (tests, screenshot tool). */
    void adopt(const ConnectionProfile& profile, std::shared_ptr<Database> db, CredentialCipher cipher,
               const QString& gatewayKey);
    void close();

    bool isOpen() const { return m_open; }
    bool hasDatabase() const { return bool(m_db); }
    const ConnectionProfile& profile() const { return m_profile; }
    const Database& database() const { return *m_db; }
    std::shared_ptr<const Database> sharedDatabase() const { return m_db; }

    bool hasCipher() const { return m_cipher.isValid(); }
    const CredentialCipher& cipher() const { return m_cipher; }
    /** Why there is no cipher, in plain words. */
    QString cipherProblem() const { return m_cipherProblem; }

    bool isLoggedIn() const { return !m_admin.id.isEmpty(); }
    const Admin& admin() const { return m_admin; }
    void setAdmin(const Admin& admin);

    QString gatewayUrl() const { return m_profile.gatewayUrl; }
    QString gatewayKey() const { return m_gatewayKey; }
    void setGatewayKey(const QString& key) { m_gatewayKey = key; }

signals:
    void opened();
    void loggedIn();
    void closed();

private:
    bool m_open = false;
    ConnectionProfile m_profile;
    std::shared_ptr<Database> m_db;
    CredentialCipher m_cipher;
    QString m_cipherProblem;
    Admin m_admin;
    QString m_gatewayKey;
};
