#pragma once

#include "domain/ProviderCredential.h"
#include "security/CredentialCipher.h"
#include "storage/CredentialRepository.h"
#include "storage/ProjectRepository.h"
#include "util/Result.h"

class Database;

/** Stores provider API keys encrypted (AES-256-GCM, bound to project and provider) and lists them masked. */
class CredentialService
{
public:
    CredentialService(const Database& db, CredentialCipher cipher);

    static Result<void> validate(const QString& provider, const QString& secret, const QString& baseUrl);

    Result<ProviderCredential> set(const QString& projectId, const QString& provider, const QString& secret,
                                   const QString& baseUrl);
    Result<QList<ProviderCredential>> list(const QString& projectId) const;
    Result<void> remove(const QString& projectId, const QString& provider);
    /** The plaintext key of a stored credential (for the gateway). */
    Result<QString> reveal(const ProviderCredential& credential) const;

private:
    const CredentialCipher m_cipher;
    CredentialRepository m_credentials;
    ProjectRepository m_projects;
};
