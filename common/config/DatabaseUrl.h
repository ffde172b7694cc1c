#pragma once

#include "util/Result.h"

#include <QProcessEnvironment>
#include <QString>

enum class SqlDialect { SQLite, PostgreSQL };

/**
 * Where the data lives: `sqlite:PATH` (the embedded default) or
 * `postgresql://user:password@host:port/database?sslmode=...` (also `postgres://`).
 */
class DatabaseUrl
{
public:
    static Result<DatabaseUrl> parse(const QString& url);
    /**
     * The URL in force: an explicit one (from --database) wins, then AIGW_DATABASE_URL, then the original
     * project's DB_HOST / DB_PORT / DB_NAME / DB_USER / DB_PASSWORD, then SQLite in the data directory.
     */
    static Result<DatabaseUrl> resolve(const QString& explicitUrl, const QProcessEnvironment& env);
    static DatabaseUrl sqlite(const QString& path);

    SqlDialect dialect() const { return m_dialect; }
    bool isSqlite() const { return m_dialect == SqlDialect::SQLite; }
    /** True for the SQLite file in the data directory that is used when nothing is configured. */
    bool isEmbeddedDefault() const { return m_embeddedDefault; }

    QString sqlitePath() const { return m_path; }
    QString host() const { return m_host; }
    int port() const { return m_port; }
    QString databaseName() const { return m_database; }
    QString userName() const { return m_user; }
    QString password() const { return m_password; }
    /** libpq connection options such as sslmode=require;connect_timeout=5 (QPSQL syntax). */
    QString connectOptions() const { return m_options; }

    /** The URL with the password replaced by ***, for logs and error messages. */
    QString redacted() const;
    QString toString() const;

private:
    SqlDialect m_dialect = SqlDialect::SQLite;
    bool m_embeddedDefault = false;
    QString m_path;
    QString m_host;
    int m_port = 5432;
    QString m_database;
    QString m_user;
    QString m_password;
    QString m_options;
};
