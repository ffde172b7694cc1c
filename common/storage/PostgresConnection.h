#pragma once

#include "util/Result.h"

#include <QString>
#include <QVariantList>

class Database;
struct pg_conn;

/**
 * libpq on the calling thread's QPSQL connection (Database::connection()), for what QtSql does slowly or not
 * at all: COPY (PostgresCopy) and statements with parameters in one round trip. QSqlQuery with bound values
 * takes three on PostgreSQL (PREPARE, EXECUTE, DEALLOCATE) and inlines the values into the SQL text.
 *
 * Errors are mapped like QtSql's (Database::mapError): a lost connection is Unavailable and closes the
 * QSqlDatabase, so it reconnects on next use. Without libpq at build time available() is false and every
 * call fails.
 */
class PostgresConnection
{
public:
    static bool available();

    /** The PGconn behind the calling thread's connection, opened if need be. */
    static Result<pg_conn*> handle(const Database& db);

    /**
     * A libpq error as the repositories' Error. When the connection is lost (or connectionLost) the
     * QSqlDatabase is closed, and `conn` must not be used again.
     */
    static Error mapError(const Database& db, pg_conn* conn, const QString& message, const QString& sqlState,
                          const QString& context, bool connectionLost = false);

    /**
     * Runs one statement whose parameters are $1..$n, sent as text apart from the SQL (NULL for a null
     * QVariant, t/f for bool); their types are inferred from the statement. Result rows are discarded;
     * returns the number of rows the statement affected.
     */
    static Result<qint64> exec(const Database& db, const QString& sql, const QVariantList& params);
};
