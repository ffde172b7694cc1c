#pragma once

#include "CredentialStore.h"

#include <QHash>

/**
 * A CredentialStore that lives in memory only (tests, and the screenshot tool). It can pretend that no
 * backend exists, to exercise the ask-each-time path.
 */
class MemoryCredentialStore final : public CredentialStore
{
    Q_OBJECT

public:
    explicit MemoryCredentialStore(bool backendAvailable = true, QObject* parent = nullptr);

    // CredentialStore
    void read(const QString& key, QObject* context, ReadCallback callback) override;
    void write(const QString& key, const QString& value, QObject* context, WriteCallback callback) override;
    void remove(const QString& key, QObject* context, WriteCallback callback) override;
    QString backendName() const override;

    const QHash<QString, QString>& values() const { return m_values; }

private:
    bool m_available;
    QHash<QString, QString> m_values;
};
