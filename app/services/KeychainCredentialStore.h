#pragma once

#include "CredentialStore.h"

/**
 * CredentialStore on QtKeychain (Secret Service / KWallet). The insecure plaintext fallback of QtKeychain
 * is switched off; a missing backend is reported as Status::NoBackend so the caller can ask each time.
 */
class KeychainCredentialStore final : public CredentialStore
{
    Q_OBJECT

public:
    /** service: the keychain service name under which all keys of this app are grouped. */
    explicit KeychainCredentialStore(QString service, QObject* parent = nullptr);

    // CredentialStore
    void read(const QString& key, QObject* context, ReadCallback callback) override;
    void write(const QString& key, const QString& value, QObject* context, WriteCallback callback) override;
    void remove(const QString& key, QObject* context, WriteCallback callback) override;
    QString backendName() const override;

private:
    QString m_service;
};
