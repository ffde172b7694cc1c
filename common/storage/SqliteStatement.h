#pragma once

#include "util/Result.h"

#include <QString>
#include <QVariantList>

class Database;
class QSqlDatabase;
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
    /**
     * The statement for `sql` on the calling thread's connection, prepared on first use and kept for the next:
     * for statements a thread runs batch after batch (parsing one of the request log's counter upserts cost
     * more than a batch of ten rows). It stays valid until that connection closes: Database finalizes the
     * thread's cached statements before it closes a connection (SQLite refuses to close one with live
     * statements).
     */
    static Result<SqliteStatement*> cached(const Database& db, const QString& sql);
    /** Finalizes the calling thread's cached statements on `connection`; Database calls it before closing. */
    static void releaseCached(sqlite3* connection);
    /** How many statements the calling thread keeps on `connection` (for tests). */
    static int cachedCount(sqlite3* connection);
    /** The sqlite3 handle of the calling thread's connection, or an error when it is not QSQLITE. */
    static Result<sqlite3*> handle(const Database& db);
    /** The sqlite3 handle of an open connection, or nullptr when it is not QSQLITE's. */
    static sqlite3* driverHandle(const QSqlDatabase& db);
    ~SqliteStatement();
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement& operator=(SqliteStatement&&) = delete;
    Q_DISABLE_COPY(SqliteStatement)

    /**
     * Binds values to ?1..?n, runs the statement to completion and resets it; returns the rows it changed. A
     * cached statement may be gone after an error that closed its connection: look it up again.
     */
    Result<int> run(const QVariantList& values);

private:
    SqliteStatement(const Database& db, sqlite3* connection, sqlite3_stmt* statement, QString context);
    /** Resets the statement and maps the connection's error; `this` may be gone afterwards. */
    Error fail();

    const Database* m_db;
    sqlite3* m_connection;
    sqlite3_stmt* m_statement;
    QString m_context; ///< the statement's first words, for error messages
};
