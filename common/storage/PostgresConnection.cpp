#include "PostgresConnection.h"

#include "Database.h"

#include <QSqlDriver>
#include <QSqlError>

#include <vector>

#ifdef AIGW_HAVE_LIBPQ
#include <libpq-fe.h>
#endif

bool PostgresConnection::available()
{
#ifdef AIGW_HAVE_LIBPQ
    return true;
#else
    return false;
#endif
}

#ifdef AIGW_HAVE_LIBPQ

Result<pg_conn*> PostgresConnection::handle(const Database& db)
{
    auto connection = db.connection();
    if (!connection)
        return connection.error();
    const QVariant handle = connection.value().driver()->handle();
    // Qt 6.4 names the handle's type after the struct ("pg_conn*"); Qt's documentation says "PGconn*".
    if (!handle.isValid()
        || (qstrcmp(handle.typeName(), "pg_conn*") != 0 && qstrcmp(handle.typeName(), "PGconn*") != 0))
        return Error::internal(
            QStringLiteral("libpq needs a QPSQL connection (got %1)").arg(QString::fromLatin1(handle.typeName())));
    pg_conn* conn = *static_cast<pg_conn* const*>(handle.constData());
    if (!conn)
        return Error::unavailable(QStringLiteral("database unavailable: not connected"));
    return conn;
}

Error PostgresConnection::mapError(const Database& db, pg_conn* conn, const QString& message, const QString& sqlState,
                                   const QString& context, bool connectionLost)
{
    const bool lost = connectionLost || PQstatus(conn) == CONNECTION_BAD;
    // A connection error without SQLSTATE is what mapError reads as a lost connection (it then closes the
    // QSqlDatabase: PQfinish).
    return db.mapError(QSqlError(QStringLiteral("libpq"), message.trimmed(),
                                 lost ? QSqlError::ConnectionError : QSqlError::StatementError,
                                 lost ? QString() : sqlState),
                       context);
}

Result<qint64> PostgresConnection::exec(const Database& db, const QString& sql, const QVariantList& params)
{
    auto conn = handle(db);
    if (!conn)
        return conn.error();
    std::vector<QByteArray> texts;
    std::vector<const char*> values;
    texts.reserve(size_t(params.size()));
    values.reserve(size_t(params.size()));
    for (const QVariant& v : params) {
        if (v.isNull()) {
            values.push_back(nullptr);
            continue;
        }
        if (v.typeId() == QMetaType::Bool)
            texts.push_back(v.toBool() ? QByteArrayLiteral("t") : QByteArrayLiteral("f"));
        else
            texts.push_back(v.toString().toUtf8());
        values.push_back(texts.back().constData());
    }
    const QString context = sql.section(QLatin1Char(' '), 0, 2);
    // Parameters stay apart from the SQL text: no quoting, and the server parses no literals.
    PGresult* result = PQexecParams(conn.value(), sql.toUtf8().constData(), int(values.size()), nullptr, values.data(),
                                    nullptr, nullptr, 0);
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        const qint64 affected = QByteArray(PQcmdTuples(result)).toLongLong();
        PQclear(result);
        return affected;
    }
    const QString message = QString::fromUtf8(result ? PQresultErrorMessage(result) : PQerrorMessage(conn.value()));
    const QString sqlState = result ? QString::fromLatin1(PQresultErrorField(result, PG_DIAG_SQLSTATE)) : QString();
    PQclear(result);
    // PQexecParams has read every result: the connection is idle (or lost).
    return mapError(db, conn.value(), message, sqlState, context, !result);
}

#else // AIGW_HAVE_LIBPQ

Result<pg_conn*> PostgresConnection::handle(const Database&)
{
    return Error::internal(QStringLiteral("this build has no libpq"));
}

Error PostgresConnection::mapError(const Database&, pg_conn*, const QString& message, const QString&,
                                   const QString& context, bool)
{
    return Error::internal(QStringLiteral("database error (%1): %2").arg(context, message));
}

Result<qint64> PostgresConnection::exec(const Database&, const QString&, const QVariantList&)
{
    return Error::internal(QStringLiteral("this build has no libpq"));
}

#endif // AIGW_HAVE_LIBPQ
