#include "Session.h"

#include "config/Config.h"
#include "config/Secrets.h"
#include "storage/Database.h"
#include "storage/Migrator.h"

#include <QProcessEnvironment>

Session::Session(QObject* parent)
    : QObject(parent)
{ }

Session::~Session() = default;

Result<void> Session::open(const ConnectionProfile& profile, const QString& databasePassword,
                           const QString& encryptionKey, const QString& gatewayKey)
{
    close();
    if (auto v = profile.validate(); !v)
        return v.error();
    std::shared_ptr<Database> db;
    CredentialCipher cipher;
    QString problem;
    if (profile.hasDatabase()) {
        auto url = profile.databaseUrl(databasePassword);
        if (!url)
            return url.error();
        db = std::make_shared<Database>(url.value());
        if (auto ping = db->ping(); !ping)
            return ping.error();
        if (auto migrated = Migrator(*db).migrate(); !migrated)
            return migrated.error();
        if (!encryptionKey.trimmed().isEmpty()) {
            auto key = Secrets::decode(encryptionKey, tr("The encryption key"));
            if (!key)
                return key.error();
            cipher = CredentialCipher({key.value()});
        } else if (url.value().isSqlite()) {
            auto secrets
                = Secrets::load(Config::fromEnvironment(QProcessEnvironment::systemEnvironment()), url.value());
            if (secrets)
                cipher = CredentialCipher(secrets.value().encryptionKeys());
            else
                problem = secrets.error().message;
        } else {
            problem = tr("No credential encryption key was given for this PostgreSQL profile. Enter the gateway's "
                         "ENCRYPTION_KEY in the connection profile to manage provider credentials.");
        }
    }
    adopt(profile, std::move(db), std::move(cipher), gatewayKey);
    m_cipherProblem = problem;
    return {};
}

void Session::adopt(const ConnectionProfile& profile, std::shared_ptr<Database> db, CredentialCipher cipher,
                    const QString& gatewayKey)
{
    m_profile = profile;
    m_db = std::move(db);
    m_cipher = std::move(cipher);
    m_cipherProblem.clear();
    m_gatewayKey = gatewayKey;
    m_admin = {};
    m_open = true;
    emit opened();
}

void Session::close()
{
    if (!m_open)
        return;
    m_open = false;
    m_admin = {};
    m_gatewayKey.clear();
    m_cipher = CredentialCipher();
    if (m_db)
        m_db->releaseThreadConnection();
    m_db.reset();
    emit closed();
}

void Session::setAdmin(const Admin& admin)
{
    m_admin = admin;
    emit loggedIn();
}
