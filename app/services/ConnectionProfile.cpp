#include "ConnectionProfile.h"

#include <QCoreApplication>
#include <QUrl>

Result<DatabaseUrl> ConnectionProfile::databaseUrl(const QString& password) const
{
    if (kind == Kind::Sqlite)
        return DatabaseUrl::parse(QStringLiteral("sqlite:") + sqlitePath);
    if (kind == Kind::ChatOnly)
        return Error::invalid(QCoreApplication::translate("ConnectionProfile", "a chat-only profile has no database"));
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setHost(host);
    url.setPort(port);
    url.setUserName(userName);
    if (!password.isEmpty())
        url.setPassword(password);
    url.setPath(QLatin1Char('/') + databaseName);
    if (!sslMode.isEmpty())
        url.setQuery(QStringLiteral("sslmode=") + sslMode);
    return DatabaseUrl::parse(url.toString(QUrl::FullyEncoded));
}

QString ConnectionProfile::secretKey(Secret secret) const
{
    switch (secret) {
    case Secret::DatabasePassword:
        return id + QStringLiteral("/database-password");
    case Secret::EncryptionKey:
        return id + QStringLiteral("/encryption-key");
    case Secret::GatewayKey:
        return id + QStringLiteral("/gateway-key");
    }
    return id;
}

QList<ConnectionProfile::Secret> ConnectionProfile::secrets() const
{
    switch (kind) {
    case Kind::Sqlite:
        return {Secret::EncryptionKey, Secret::GatewayKey};
    case Kind::Postgres:
        return {Secret::DatabasePassword, Secret::EncryptionKey, Secret::GatewayKey};
    case Kind::ChatOnly:
        return {Secret::GatewayKey};
    }
    return {};
}

Result<void> ConnectionProfile::validate() const
{
    const auto tr = [](const char* text) { return QCoreApplication::translate("ConnectionProfile", text); };
    if (name.trimmed().isEmpty())
        return Error::invalid(tr("Give the profile a name."), QStringLiteral("name"));
    switch (kind) {
    case Kind::Sqlite:
        if (sqlitePath.trimmed().isEmpty())
            return Error::invalid(tr("Choose the SQLite database file."), QStringLiteral("sqlitePath"));
        break;
    case Kind::Postgres:
        if (host.trimmed().isEmpty())
            return Error::invalid(tr("Enter the PostgreSQL host."), QStringLiteral("host"));
        if (databaseName.trimmed().isEmpty())
            return Error::invalid(tr("Enter the database name."), QStringLiteral("databaseName"));
        if (userName.trimmed().isEmpty())
            return Error::invalid(tr("Enter the database user."), QStringLiteral("userName"));
        break;
    case Kind::ChatOnly: {
        const QUrl url(gatewayUrl.trimmed());
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
            || url.host().isEmpty())
            return Error::invalid(tr("Enter the gateway URL, e.g. http://127.0.0.1:8080."),
                                  QStringLiteral("gatewayUrl"));
        break;
    }
    }
    return {};
}

QString ConnectionProfile::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Sqlite:
        return QStringLiteral("sqlite");
    case Kind::Postgres:
        return QStringLiteral("postgresql");
    case Kind::ChatOnly:
        return QStringLiteral("chat");
    }
    return QStringLiteral("sqlite");
}

ConnectionProfile::Kind ConnectionProfile::parseKind(const QString& name)
{
    if (name == QLatin1String("postgresql"))
        return Kind::Postgres;
    if (name == QLatin1String("chat"))
        return Kind::ChatOnly;
    return Kind::Sqlite;
}
