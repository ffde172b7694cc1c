#pragma once

#include <QString>

/** A project's encrypted API key for one provider, with an optional base URL override. */
struct ProviderCredential
{
    QString id;
    QString projectId;
    QString provider;
    QString encryptedKey; ///< CredentialCipher envelope
    QString keyHint; ///< last 4 characters of the key
    QString baseUrl; ///< empty: the provider's public endpoint
    qint64 createdAt = 0;
    qint64 updatedAt = 0;

    QString maskedKey() const { return keyHint.isEmpty() ? QStringLiteral("****") : QStringLiteral("****") + keyHint; }
};
