#include "MemoryCredentialStore.h"

#include <QPointer>
#include <QTimer>

MemoryCredentialStore::MemoryCredentialStore(bool backendAvailable, QObject* parent)
    : CredentialStore(parent)
    , m_available(backendAvailable)
{ }

void MemoryCredentialStore::read(const QString& key, QObject* context, ReadCallback callback)
{
    const bool available = m_available;
    const bool found = m_values.contains(key);
    const QString value = m_values.value(key);
    // Answer from the event loop, like the real keychain does.
    QTimer::singleShot(0, context, [=]() {
        if (!available)
            callback(Status::NoBackend, {}, tr("no keychain backend"));
        else if (!found)
            callback(Status::NotFound, {}, tr("not found"));
        else
            callback(Status::Ok, value, {});
    });
}

void MemoryCredentialStore::write(const QString& key, const QString& value, QObject* context, WriteCallback callback)
{
    if (m_available)
        m_values.insert(key, value);
    const bool available = m_available;
    QTimer::singleShot(0, context, [=]() {
        callback(available ? Status::Ok : Status::NoBackend, available ? QString() : tr("no keychain backend"));
    });
}

void MemoryCredentialStore::remove(const QString& key, QObject* context, WriteCallback callback)
{
    if (m_available)
        m_values.remove(key);
    const bool available = m_available;
    QTimer::singleShot(0, context, [=]() {
        callback(available ? Status::Ok : Status::NoBackend, available ? QString() : tr("no keychain backend"));
    });
}

QString MemoryCredentialStore::backendName() const
{
    return tr("memory");
}
