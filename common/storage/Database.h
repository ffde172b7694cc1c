#pragma once

#include "config/DatabaseUrl.h"
#include "util/Result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>

#include <atomic>

/**
 * Owns the connection settings for one database and hands each thread its own QSqlDatabase
 * (QtSql forbids sharing a connection across threads). Connections open lazily, get their
 * per-dialect settings (WAL, foreign keys, busy timeout on SQLite; UTC on PostgreSQL) and
 * are reopened after the server dropped them.
 */
class Database
{
public:
    explicit Database(DatabaseUrl url);
    ~Database();
    Q_DISABLE_COPY_MOVE(Database)

    const DatabaseUrl& url() const { return m_url; }
    SqlDialect dialect() const { return m_url.dialect(); }
    bool isPostgres() const { return m_url.dialect() == SqlDialect::PostgreSQL; }

    /** The calling thread's connection, opened on first use. */
    Result<QSqlDatabase> connection() const;
    /** Closes and forgets the calling thread's connection (call before a worker thread ends). */
    void releaseThreadConnection() const;

    /** Runs one statement with positional (?) bindings. Errors name their cause in one line. */
    Result<QSqlQuery> exec(const QString& sql, const QVariantList& bindings = {}) const;
    /** Runs statements in one transaction; rolls back if fn fails. */
    template <typename Fn>
    auto transaction(Fn&& fn) const -> decltype(fn());

    Result<void> begin() const;
    Result<void> commit() const;
    void rollback() const;

    /**
     * SQLite: how many threads of this process are waiting in begin() for the write lock right now. The
     * request-log writer lets them go first (a budget lease waiting behind a low-priority batch stalls a
     * worker).
     */
    static int sqliteWriteWaiters() { return s_sqliteWriteWaiters.load(std::memory_order_relaxed); }

    /** A cheap round trip: SELECT 1. */
    Result<void> ping() const;

    /** Maps a QtSql error to our Error: connection loss → Unavailable, unique violation → Conflict. */
    Error mapError(const QSqlError& error, const QString& context) const;

private:
    QString connectionName() const;
    Result<void> configure(QSqlDatabase& db) const;
    Result<void> execVoid(const QString& sql) const;
    /** SQLite: runs `sql` through the thread's cached statement for it (SqliteStatement::cached). */
    Result<void> execCachedSqlite(const QString& sql) const;
    /** Closes one of this thread's connections, with the statements cached on it. */
    void close(QSqlDatabase& db) const;

    DatabaseUrl m_url;
    int m_serial;
    static std::atomic<int> s_nextSerial;
    static std::atomic<int> s_sqliteWriteWaiters;
};

template <typename Fn>
auto Database::transaction(Fn&& fn) const -> decltype(fn())
{
    if (auto b = begin(); !b)
        return b.error();
    auto result = fn();
    if (!result) {
        rollback();
        return result;
    }
    if (auto c = commit(); !c) {
        rollback();
        return c.error();
    }
    return result;
}
