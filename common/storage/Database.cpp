#include "Database.h"

#include "SqliteStatement.h"
#include "config/DataPaths.h"
#include "util/LogCategories.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>

#include <sqlite3.h>
#include <unistd.h>

std::atomic<int> Database::s_nextSerial{1};
std::atomic<int> Database::s_sqliteWriteWaiters{0};

namespace {
constexpr int kSqliteBusyTimeoutMs = 10000;

/** SQLITE_BUSY or SQLITE_LOCKED, also as extended codes (the low byte is the primary code). */
bool isSqliteBusy(const QSqlError& error)
{
    const int primary = error.nativeErrorCode().toInt() & 0xff;
    return primary == 5 || primary == 6;
}

/**
 * SQLite's own busy handler (sqlite3_busy_timeout) sleeps 1, 2, 5, ... up to 100 ms between tries, so a
 * budget lease queued behind the request-log writer's batch found the lock free only at its next try, up
 * to 100 ms after the batch ended, and a writer that starts its next batch at once could keep it out for
 * longer. This one tries again every 0.2 ms for the first 50 ms, then every millisecond, 10 s in all.
 */
int busyWait(void*, int tries)
{
    constexpr int kFineTries = 250; // 250 x 0.2 ms
    if (tries < kFineTries) {
        ::usleep(200);
        return 1;
    }
    if (tries < kFineTries + kSqliteBusyTimeoutMs - 50) {
        ::usleep(1000);
        return 1;
    }
    return 0;
}
} // namespace

Database::Database(DatabaseUrl url)
    : m_url(std::move(url))
    , m_serial(s_nextSerial.fetch_add(1))
{ }

Database::~Database()
{
    // Only the calling thread's connection can be removed here; worker threads release their own.
    releaseThreadConnection();
}

QString Database::connectionName() const
{
    return QStringLiteral("aigw-%1-%2").arg(m_serial).arg(quintptr(QThread::currentThreadId()));
}

Result<QSqlDatabase> Database::connection() const
{
    const QString name = connectionName();
    QSqlDatabase db = QSqlDatabase::database(name, false);
    if (db.isValid() && db.isOpen())
        return db;
    if (!db.isValid()) {
        db = QSqlDatabase::addDatabase(isPostgres() ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"), name);
        if (!db.isValid())
            return Error::unavailable(QStringLiteral("the Qt SQL driver for %1 is not installed")
                                          .arg(isPostgres() ? QStringLiteral("PostgreSQL") : QStringLiteral("SQLite")));
        if (isPostgres()) {
            db.setHostName(m_url.host());
            db.setPort(m_url.port());
            db.setDatabaseName(m_url.databaseName());
            db.setUserName(m_url.userName());
            db.setPassword(m_url.password());
            db.setConnectOptions(m_url.connectOptions());
        } else {
            QString error;
            const QString dir = QFileInfo(m_url.sqlitePath()).absolutePath();
            if (!DataPaths::ensureDir(dir, &error))
                return Error::unavailable(error);
            db.setDatabaseName(m_url.sqlitePath());
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kSqliteBusyTimeoutMs));
        }
    }
    if (!db.open()) {
        const QString reason = db.lastError().text().simplified();
        return Error::unavailable(QStringLiteral("cannot open database %1: %2").arg(m_url.redacted(), reason));
    }
    if (auto c = configure(db); !c) {
        close(db);
        return c.error();
    }
    return db;
}

Result<void> Database::configure(QSqlDatabase& db) const
{
    QStringList statements;
    if (isPostgres()) {
        statements << QStringLiteral("SET TIME ZONE 'UTC'") << QStringLiteral("SET application_name = 'aigw'")
                   << QStringLiteral("SET client_min_messages = warning");
    } else {
        statements << QStringLiteral("PRAGMA journal_mode=WAL") << QStringLiteral("PRAGMA synchronous=NORMAL")
                   << QStringLiteral("PRAGMA foreign_keys=ON")
                   << QStringLiteral("PRAGMA busy_timeout=%1").arg(kSqliteBusyTimeoutMs);
    }
    for (const QString& sql : statements) {
        QSqlQuery q(db);
        bool ok = q.exec(sql);
        // Switching a new SQLite database to WAL needs an exclusive lock, and when two connections do it at
        // once SQLite reports SQLITE_BUSY straight away instead of calling the busy handler (waiting could
        // deadlock). The statement has released its locks by then: try again within the busy timeout.
        const QDeadlineTimer deadline(kSqliteBusyTimeoutMs);
        while (!ok && !isPostgres() && isSqliteBusy(q.lastError()) && !deadline.hasExpired()) {
            QThread::msleep(10);
            ok = q.exec(sql);
        }
        if (!ok)
            return Error::unavailable(QStringLiteral("cannot configure database %1 (%3): %2")
                                          .arg(m_url.redacted(), q.lastError().text().simplified(), sql));
    }
    if (!isPostgres()) {
        // Replaces the busy timeout set above (which stays the fallback if the handle is not SQLite's).
        if (sqlite3* handle = SqliteStatement::driverHandle(db))
            sqlite3_busy_handler(handle, &busyWait, nullptr);
    }
    return {};
}

void Database::releaseThreadConnection() const
{
    const QString name = connectionName();
    if (!QSqlDatabase::contains(name))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        close(db);
    }
    QSqlDatabase::removeDatabase(name);
}

void Database::close(QSqlDatabase& db) const
{
    // SQLite refuses to close a connection that still has statements (QSQLITE calls sqlite3_close and
    // leaves the connection open): the statements this thread cached on it go first.
    if (!isPostgres() && db.isOpen()) {
        if (sqlite3* handle = SqliteStatement::driverHandle(db))
            SqliteStatement::releaseCached(handle);
    }
    db.close();
}

Error Database::mapError(const QSqlError& error, const QString& context) const
{
    const QString text = error.text().simplified();
    const QString code = error.nativeErrorCode();
    bool lost = false;
    bool busy = false;
    bool unique = false;
    bool constraint = false;
    if (isPostgres()) {
        // Class 08: connection exception; 57P0x: the server is shutting down; 23505 unique; 23xxx others.
        lost = code.startsWith(QLatin1String("08")) || code.startsWith(QLatin1String("57P"))
            || (code.isEmpty() && error.type() == QSqlError::ConnectionError)
            || text.contains(QLatin1String("server closed the connection"))
            || text.contains(QLatin1String("no connection to the server"))
            || text.contains(QLatin1String("terminating connection"));
        unique = code == QLatin1String("23505");
        constraint = code.startsWith(QLatin1String("23"));
    } else {
        // QSQLITE reports every step failure as ConnectionError, so only the SQLite result code counts
        // (extended codes: the low byte is the primary code).
        const int primary = code.toInt() & 0xff;
        lost = primary == 10 /*IOERR*/ || primary == 11 /*CORRUPT*/ || primary == 13 /*FULL*/
            || primary == 14 /*CANTOPEN*/
            || primary == 26 /*NOTADB*/;
        busy = isSqliteBusy(error);
        unique = code == QLatin1String("2067") || code == QLatin1String("1555")
            || text.contains(QLatin1String("UNIQUE constraint failed"));
        constraint = primary == 19 /*CONSTRAINT*/ || text.contains(QLatin1String("constraint failed"));
    }
    if (lost) {
        QSqlDatabase db = QSqlDatabase::database(connectionName(), false);
        close(db); // reopened on next use
        return Error::unavailable(QStringLiteral("database unavailable (%1): %2").arg(context, text));
    }
    if (busy)
        return Error::unavailable(QStringLiteral("database is busy (%1): %2").arg(context, text));
    if (unique)
        return Error::conflict(QStringLiteral("%1: already exists").arg(context));
    if (constraint)
        return Error::invalid(QStringLiteral("%1 violates a constraint: %2").arg(context, text));
    return Error::internal(QStringLiteral("database error (%1): %2").arg(context, text));
}

Result<QSqlQuery> Database::exec(const QString& sql, const QVariantList& bindings) const
{
    auto conn = connection();
    if (!conn)
        return conn.error();
    QSqlQuery q(conn.value());
    q.setForwardOnly(true);
    if (bindings.isEmpty()) {
        if (!q.exec(sql))
            return mapError(q.lastError(), sql.section(QLatin1Char(' '), 0, 2));
        return q;
    }
    if (!q.prepare(sql))
        return mapError(q.lastError(), sql.section(QLatin1Char(' '), 0, 2));
    for (const QVariant& v : bindings)
        q.addBindValue(v);
    if (!q.exec())
        return mapError(q.lastError(), sql.section(QLatin1Char(' '), 0, 2));
    return q;
}

Result<void> Database::begin() const
{
    // SQLite: take the write lock up front so concurrent writers queue on the busy timeout instead of
    // failing when a read transaction tries to upgrade.
    if (isPostgres())
        return execVoid(QStringLiteral("BEGIN"));
    s_sqliteWriteWaiters.fetch_add(1, std::memory_order_relaxed);
    auto r = execCachedSqlite(QStringLiteral("BEGIN IMMEDIATE"));
    s_sqliteWriteWaiters.fetch_sub(1, std::memory_order_relaxed);
    return r;
}

Result<void> Database::commit() const
{
    return isPostgres() ? execVoid(QStringLiteral("COMMIT")) : execCachedSqlite(QStringLiteral("COMMIT"));
}

Result<void> Database::execVoid(const QString& sql) const
{
    auto r = exec(sql);
    if (!r)
        return r.error();
    return {};
}

Result<void> Database::execCachedSqlite(const QString& sql) const
{
    // Parsing BEGIN or COMMIT anew (QSqlQuery) cost a request-log batch more than its SQLite work.
    auto statement = SqliteStatement::cached(*this, sql);
    if (!statement)
        return statement.error();
    auto r = statement.value()->run({});
    if (!r)
        return r.error();
    return {};
}

void Database::rollback() const
{
    auto conn = connection();
    if (!conn)
        return;
    QSqlQuery q(conn.value());
    q.exec(QStringLiteral("ROLLBACK"));
}

Result<void> Database::ping() const
{
    auto r = exec(QStringLiteral("SELECT 1"));
    if (!r)
        return r.error();
    return {};
}
