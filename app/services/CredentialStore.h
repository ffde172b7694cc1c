#pragma once

#include <QObject>
#include <QString>

#include <functional>

/**
 * Where the app keeps secrets (database passwords, credential encryption keys, gw_ keys). Every call
 * is asynchronous and answers through the callback, invoked on the GUI thread while context lives.
 * There is deliberately no plaintext implementation: when no backend exists the app asks each time.
 */
class CredentialStore : public QObject
{
    Q_OBJECT

public:
    enum class Status {
        Ok,
        NotFound, ///< nothing stored under that key
        NoBackend, ///< no keychain service is reachable (no D-Bus session, no Secret Service)
        Failed, ///< the backend answered with an error (locked, denied, ...)
    };
    using ReadCallback = std::function<void(Status, const QString& value, const QString& message)>;
    using WriteCallback = std::function<void(Status, const QString& message)>;

    explicit CredentialStore(QObject* parent = nullptr);
    ~CredentialStore() override;

    /** Reads the secret stored under key. */
    virtual void read(const QString& key, QObject* context, ReadCallback callback) = 0;
    /** Stores value under key, replacing any previous value. */
    virtual void write(const QString& key, const QString& value, QObject* context, WriteCallback callback) = 0;
    /** Deletes key; deleting a missing key is not an error. */
    virtual void remove(const QString& key, QObject* context, WriteCallback callback) = 0;
    /** A short human-readable name of the backend, e.g. "Secret Service". */
    virtual QString backendName() const = 0;
};
