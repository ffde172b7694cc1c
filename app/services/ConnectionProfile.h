#pragma once

#include "config/DatabaseUrl.h"
#include "util/Result.h"

#include <QString>

/**
 * A saved way to reach a gateway: its database (SQLite file or PostgreSQL server) for operators, or only
 * its HTTP endpoint and a gw_ key for chat. Secrets are never part of a profile; they live in the
 * CredentialStore under secretKey(...).
 */
struct ConnectionProfile
{
    enum class Kind { Sqlite, Postgres, ChatOnly };
    enum class Secret { DatabasePassword, EncryptionKey, GatewayKey };

    QString id;
    QString name;
    Kind kind = Kind::Sqlite;
    QString sqlitePath;
    QString host = QStringLiteral("localhost");
    int port = 5432;
    QString databaseName = QStringLiteral("aigw");
    QString userName = QStringLiteral("aigw");
    QString sslMode = QStringLiteral("prefer");
    QString gatewayUrl = QStringLiteral("http://127.0.0.1:8080"); ///< used by the chat page

    bool hasDatabase() const { return kind != Kind::ChatOnly; }
    /** The database URL with the given password (PostgreSQL) or the file (SQLite). */
    Result<DatabaseUrl> databaseUrl(const QString& password) const;
    /** The key under which a secret of this profile is stored. */
    QString secretKey(Secret secret) const;
    /** Which secrets the profile uses. */
    QList<Secret> secrets() const;
    /** Checks the fields a connection needs; the error names the field. */
    Result<void> validate() const;

    static QString kindName(Kind kind);
    static Kind parseKind(const QString& name);
};
