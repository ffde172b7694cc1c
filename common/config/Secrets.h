#pragma once

#include "config/Config.h"
#include "config/DatabaseUrl.h"
#include "util/Result.h"

#include <QByteArray>
#include <QList>

/**
 * The two server secrets: the credential encryption key(s) and the JWT signing secret.
 *
 * Each comes from ENCRYPTION_KEY / JWT_SECRET (or AIGW_ENCRYPTION_KEY / AIGW_JWT_SECRET, or the config
 * file) and must decode (base64, base64url or hex) to at least 32 random-looking bytes; anything weaker
 * is refused with a message saying how to generate one. ENCRYPTION_KEY_PREVIOUS (comma separated) lists
 * retired keys that may still decrypt during a rotation.
 *
 * With SQLite, a secret that is not configured is generated once into a 0600 file next to the database
 * (`<database>.secrets`, i.e. in the data directory for the embedded default) and reused from then on.
 * With PostgreSQL both must be configured, since every gateway process must share them.
 */
class Secrets
{
public:
    static Result<Secrets> load(const Config& config, const DatabaseUrl& database);
    /** Decodes one configured secret; name is used in the error message. */
    static Result<QByteArray> decode(const QString& text, const QString& name);
    static QString secretsFilePath(const DatabaseUrl& database);

    const QList<QByteArray>& encryptionKeys() const { return m_encryptionKeys; }
    const QByteArray& jwtSecret() const { return m_jwtSecret; }
    /** Where the secrets came from: "environment", "config file", or the generated file's path. */
    const QString& source() const { return m_source; }

private:
    QList<QByteArray> m_encryptionKeys;
    QByteArray m_jwtSecret;
    QString m_source;
};
