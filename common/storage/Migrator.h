#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

class Database;
enum class SqlDialect;

/**
 * Applies the versioned, forward-only migrations embedded from sql/<dialect>/NNNN_name.sql and records
 * them in schema_migrations (version, name, checksum, applied_at). Safe when several processes start at
 * once: PostgreSQL serialises on an advisory lock, SQLite on its write lock. Refuses a database whose
 * schema is newer than this build, and one whose applied migration files were edited afterwards.
 */
class Migrator
{
public:
    struct Migration
    {
        int version = 0;
        QString name;
        QString sql;
        QString checksum; ///< hex SHA-256 of the file
    };

    explicit Migrator(const Database& db);

    static QList<Migration> available(SqlDialect dialect);
    static int latestVersion(SqlDialect dialect);

    /** Applies every pending migration; returns how many were applied. */
    Result<int> migrate();
    /** The highest applied version (0 for an empty database). */
    Result<int> currentVersion() const;
    /** Ok when every available migration is applied (used by /ready). */
    Result<void> checkUpToDate() const;

private:
    Result<void> ensureTable() const;
    Result<void> applyPending(int* applied);

    const Database& m_db;
};
