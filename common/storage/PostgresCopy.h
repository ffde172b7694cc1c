#pragma once

#include "util/Result.h"

#include <QString>

#include <vector>

class Database;
struct pg_conn;

/**
 * One `COPY table (columns) FROM STDIN (FORMAT binary)` on the calling thread's QPSQL connection, through
 * libpq (QPSQL itself has no COPY): the rows go in the current transaction, if one is open. Rows are
 * encoded into a buffer that is sent in chunks while it fills, so the server stores the first rows while
 * the later ones are still being encoded.
 *
 * Field values must have the exact binary form of the column types (int32 for integer, int64 for bigint,
 * and so on): a mismatch fails the COPY. Errors are mapped like QtSql's (PostgresConnection::mapError): a lost
 * connection is Unavailable and closes the QSqlDatabase, a unique violation is Conflict. Whatever happens,
 * the connection is left idle (every result read) for the next statement.
 *
 * Without libpq at build time (PostgresConnection::available()) begin() fails.
 */
class PostgresCopy
{
public:
    explicit PostgresCopy(const Database& db);
    /** An unfinished copy is aborted (the server rolls its rows back with the statement). */
    ~PostgresCopy();
    Q_DISABLE_COPY_MOVE(PostgresCopy)

    /** Starts the COPY; `table` and `columns` are SQL text, never caller input. */
    Result<void> begin(const QString& table, const QString& columns);

    void beginRow(qint16 fields);
    void addNull();
    void addBool(bool value);
    void addInt32(qint32 value);
    void addInt64(qint64 value);
    void addText(const QString& value);
    /** 36 hex-and-dash characters (SqlValues::isUuid); anything else is added as NULL and fails finish(). */
    void addUuid(const QString& value);
    /** Sends what is buffered once the buffer is large enough; call between rows. */
    void sendIfFull();

    /** Ends the data and returns how many rows the server stored. */
    Result<qint64> finish();

private:
    void put(const void* data, size_t size);
    void putInt16(qint16 value);
    void putInt32(qint32 value);
    void putInt64(qint64 value);
    void send();
    /** Reads every pending result; the first error, if any, mapped. */
    Result<qint64> drain(const QString& context);
    /** Maps a libpq error like QtSql's; forgets the connection when it is lost. */
    Error failure(const QString& message, const QString& sqlState, bool connectionLost = false);

    const Database& m_db;
    pg_conn* m_conn = nullptr;
    std::vector<char> m_buffer;
    QString m_context;
    bool m_copying = false;
    bool m_sendFailed = false;
    QString m_encodeError;
};
