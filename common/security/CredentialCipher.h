#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

/**
 * Encrypts provider API keys at rest with AES-256-GCM.
 *
 * Envelope (text, stored in provider_credentials.encrypted_key):
 *     v1:<key id>:<base64(nonce(12) || ciphertext || tag(16))>
 * The key id (8 hex digits derived from the key) lets several keys coexist during a rotation: the first
 * key encrypts, every key can decrypt. The AAD binds a ciphertext to its (project id, provider), so a
 * value copied to another project or provider row does not decrypt.
 */
class CredentialCipher
{
public:
    CredentialCipher() = default;
    /** keys.first() encrypts; all of them decrypt. Each must be 32 bytes. */
    explicit CredentialCipher(QList<QByteArray> keys);

    bool isValid() const;
    static QString keyId(QByteArrayView key);
    QString currentKeyId() const;

    Result<QString> encrypt(const QString& projectId, const QString& provider, const QByteArray& secret) const;
    Result<QByteArray> decrypt(const QString& projectId, const QString& provider, const QString& envelope) const;

    /** The key id named in an envelope, or an empty string if it is not one. */
    static QString envelopeKeyId(const QString& envelope);

private:
    QList<QByteArray> m_keys;
};
