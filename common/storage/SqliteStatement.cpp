#include "SqliteStatement.h"

#include "Database.h"

#include <QHash>
#include <QSqlDriver>
#include <QSqlError>

#include <sqlite3.h>

#include <utility>

namespace {
/**
 * The calling thread's cached statements, per connection. QtSql connections belong to one thread, and so do
 * their statements; a thread that ends with statements left finalizes them here.
 */
struct StatementCache
{
    QHash<sqlite3*, QHash<QString, SqliteStatement*>> byConnection;
    ~StatementCache()
    {
        for (const auto& statements : std::as_const(byConnection))
            qDeleteAll(statements);
    }
};
thread_local StatementCache t_cache;
} // namespace

SqliteStatement::SqliteStatement(const Database& db, sqlite3* connection, sqlite3_stmt* statement, QString context)
    : m_db(&db)
    , m_connection(connection)
    , m_statement(statement)
    , m_context(std::move(context))
{ }

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : m_db(other.m_db)
    , m_connection(other.m_connection)
    , m_statement(std::exchange(other.m_statement, nullptr))
    , m_context(std::move(other.m_context))
{ }

SqliteStatement::~SqliteStatement()
{
    if (m_statement)
        sqlite3_finalize(m_statement);
}

Result<sqlite3*> SqliteStatement::handle(const Database& db)
{
    auto connection = db.connection();
    if (!connection)
        return connection.error();
    if (connection.value().driverName() != u"QSQLITE")
        return Error::internal(QStringLiteral("SQLite statements need a QSQLITE connection (got %1)")
                                   .arg(connection.value().driverName()));
    sqlite3* conn = driverHandle(connection.value());
    if (!conn)
        return Error::unavailable(QStringLiteral("database unavailable: not connected"));
    return conn;
}

sqlite3* SqliteStatement::driverHandle(const QSqlDatabase& db)
{
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(handle.constData());
}

Result<SqliteStatement*> SqliteStatement::cached(const Database& db, const QString& sql)
{
    auto conn = handle(db);
    if (!conn)
        return conn.error();
    const auto statements = t_cache.byConnection.constFind(conn.value());
    if (statements != t_cache.byConnection.cend())
        if (SqliteStatement* statement = statements->value(sql))
            return statement;
    auto prepared = prepare(db, sql);
    if (!prepared)
        return prepared.error(); // (a lost connection was closed and its cache released on the way)
    auto* statement = new SqliteStatement(std::move(prepared.value()));
    t_cache.byConnection[conn.value()].insert(sql, statement);
    return statement;
}

void SqliteStatement::releaseCached(sqlite3* connection)
{
    auto it = t_cache.byConnection.find(connection);
    if (it == t_cache.byConnection.end())
        return;
    qDeleteAll(*it);
    t_cache.byConnection.erase(it);
}

int SqliteStatement::cachedCount(sqlite3* connection)
{
    return int(t_cache.byConnection.value(connection).size());
}

Result<SqliteStatement> SqliteStatement::prepare(const Database& db, const QString& sql)
{
    auto handled = handle(db);
    if (!handled)
        return handled.error();
    sqlite3* conn = handled.value();
    const QString context = sql.section(QLatin1Char(' '), 0, 2);
    const QByteArray text = sql.toUtf8();
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(conn, text.constData(), int(text.size()), &statement, nullptr) != SQLITE_OK) {
        sqlite3_finalize(statement);
        return SqliteStatement(db, conn, nullptr, context).fail();
    }
    return SqliteStatement(db, conn, statement, context);
}

Error SqliteStatement::fail()
{
    // As QSQLITE reports a failed step: the database's message and the (extended) result code. Mapping
    // closes a lost connection, and with it this statement if it is cached: nothing of `this` is used after.
    const QSqlError error(QString(), QString::fromUtf8(sqlite3_errmsg(m_connection)), QSqlError::StatementError,
                          QString::number(sqlite3_extended_errcode(m_connection)));
    if (m_statement)
        sqlite3_reset(m_statement);
    const Database* db = m_db;
    const QString context = m_context;
    return db->mapError(error, context);
}

Result<int> SqliteStatement::run(const QVariantList& values)
{
    if (!m_statement)
        return Error::internal(QStringLiteral("%1: statement not prepared").arg(m_context));
    sqlite3_reset(m_statement);
    for (int i = 0; i < values.size(); ++i) {
        const QVariant& v = values.at(i);
        const int type = v.typeId();
        int rc;
        // The cases and their order follow QSQLITE's exec(): a null string or byte array is NULL too.
        if (v.isNull() || (type == QMetaType::QString && static_cast<const QString*>(v.constData())->isNull())
            || (type == QMetaType::QByteArray && static_cast<const QByteArray*>(v.constData())->isNull())) {
            rc = sqlite3_bind_null(m_statement, i + 1);
        } else if (type == QMetaType::QString) {
            const QString& t = *static_cast<const QString*>(v.constData());
            rc = sqlite3_bind_text16(m_statement, i + 1, t.utf16(), int(t.size() * 2), SQLITE_TRANSIENT);
        } else if (type == QMetaType::QByteArray) {
            const QByteArray& b = *static_cast<const QByteArray*>(v.constData());
            rc = sqlite3_bind_blob(m_statement, i + 1, b.constData(), int(b.size()), SQLITE_TRANSIENT);
        } else if (type == QMetaType::Bool) {
            rc = sqlite3_bind_int(m_statement, i + 1, v.toBool() ? 1 : 0);
        } else if (type == QMetaType::Double || type == QMetaType::Float) {
            rc = sqlite3_bind_double(m_statement, i + 1, v.toDouble());
        } else if (type == QMetaType::Int || type == QMetaType::UInt || type == QMetaType::LongLong
                   || type == QMetaType::ULongLong || type == QMetaType::Short || type == QMetaType::UShort
                   || type == QMetaType::Long || type == QMetaType::ULong) {
            rc = sqlite3_bind_int64(m_statement, i + 1, v.toLongLong());
        } else {
            const QString t = v.toString();
            rc = sqlite3_bind_text16(m_statement, i + 1, t.utf16(), int(t.size() * 2), SQLITE_TRANSIENT);
        }
        if (rc != SQLITE_OK)
            return fail();
    }
    const int rc = sqlite3_step(m_statement);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return fail();
    const int changed = sqlite3_changes(m_connection);
    sqlite3_reset(m_statement);
    return changed;
}
