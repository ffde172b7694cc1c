#include "KeychainCredentialStore.h"

#include <QPointer>

#include <qt6keychain/keychain.h>

namespace {
CredentialStore::Status statusOf(QKeychain::Error error, const QString& message)
{
    switch (error) {
    case QKeychain::NoError:
        return CredentialStore::Status::Ok;
    case QKeychain::EntryNotFound:
        return CredentialStore::Status::NotFound;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return CredentialStore::Status::NoBackend;
    default:
        break;
    }
    // libsecret reports a missing session bus or Secret Service as OtherError; for the user that is the
    // same situation as "no backend": nothing can be stored.
    if (message.contains(QLatin1String("D-Bus"), Qt::CaseInsensitive)
        || message.startsWith(QLatin1String("Could not connect"), Qt::CaseInsensitive)
        || message.contains(QLatin1String("org.freedesktop.secrets"), Qt::CaseInsensitive)
        || message.contains(QLatin1String("ServiceUnknown"), Qt::CaseInsensitive)
        || message.contains(QLatin1String("/org/freedesktop/secrets"), Qt::CaseInsensitive))
        return CredentialStore::Status::NoBackend;
    return CredentialStore::Status::Failed;
}
} // namespace

KeychainCredentialStore::KeychainCredentialStore(QString service, QObject* parent)
    : CredentialStore(parent)
    , m_service(std::move(service))
{ }

void KeychainCredentialStore::read(const QString& key, QObject* context, ReadCallback callback)
{
    auto* job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [guard, callback](QKeychain::Job* j) {
        if (!guard)
            return;
        auto* r = static_cast<QKeychain::ReadPasswordJob*>(j);
        const Status s = statusOf(r->error(), r->errorString());
        callback(s, s == Status::Ok ? r->textData() : QString(), s == Status::Ok ? QString() : r->errorString());
    });
    job->start();
}

void KeychainCredentialStore::write(const QString& key, const QString& value, QObject* context, WriteCallback callback)
{
    auto* job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    job->setTextData(value);
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [guard, callback](QKeychain::Job* j) {
        if (!guard)
            return;
        const Status s = statusOf(j->error(), j->errorString());
        callback(s, s == Status::Ok ? QString() : j->errorString());
    });
    job->start();
}

void KeychainCredentialStore::remove(const QString& key, QObject* context, WriteCallback callback)
{
    auto* job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [guard, callback](QKeychain::Job* j) {
        if (!guard)
            return;
        Status s = statusOf(j->error(), j->errorString());
        if (s == Status::NotFound)
            s = Status::Ok;
        callback(s, s == Status::Ok ? QString() : j->errorString());
    });
    job->start();
}

QString KeychainCredentialStore::backendName() const
{
    return tr("system keychain");
}
