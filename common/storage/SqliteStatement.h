#pragma once

#include "util/Result.h"

#include <QString>
#include <QVariantList>

class Database;
struct sqlite3;
struct sqlite3_stmt;

/**
 * One prepared statement on the calling thread's QSQLITE connection, through SQLite's C API: for a statement
 * run many times in a row, where QSqlQuery costs more than SQLite itself (QSqlResult::bindValue formats a
 * placeholder name with QString::arg for every value, and exec() copies the bound values again). The request
 * log writer's row insert went from 27,000 to 39,000 rows per second with it (aigw-bench-logwriter).
 *
 * Values bind as QSqlQuery binds them on SQLite: a null QVariant, string or byte array as NULL, a string
 * as UTF-16 text, a byte array as a blob, a bool as 0 or 1, a double as a real, integers as 64-bit integers,
 * anything else as its text. Errors are mapped like QtSql's (Database::mapError, from
 * the extended result code), and the connection's busy timeout applies as it does to QSqlQuery.
 *
 * Debian's Qt links the system libsqlite3, so the driver's handle belongs to the library linked here.
 */
class SqliteStatement
{
public:
    static Result<SqliteStatement> prepare(const Database& db, const QString& sql);
    ~SqliteStatement();
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement& operator=(SqliteStatement&&) = delete;
    Q_DISABLE_COPY(SqliteStatement)

    /** Binds values to ?1..?n, runs the statement to completion and resets it; returns the rows it changed. */
    Result<int> run(const QVariantList& values);

private:
    SqliteStatement(const Database& db, sqlite3* connection, sqlite3_stmt* statement, QString context);
    Error error() const;

    const Database* m_db;
    sqlite3* m_connection;
    sqlite3_stmt* m_statement;
    QString m_context; ///< the statement's first words, for error messages
};
