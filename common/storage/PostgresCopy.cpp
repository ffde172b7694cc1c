#include "PostgresCopy.h"

#include "PostgresConnection.h"

#include <QtEndian>

#ifdef AIGW_HAVE_LIBPQ
#include <libpq-fe.h>
#endif

namespace {
// Sent whenever this much is buffered: the server starts storing rows while later ones are encoded.
constexpr size_t kChunkBytes = 32 * 1024;
// The binary format's signature: these 10 characters and a NUL byte (sizeof is 11).
constexpr char kSignature[] = "PGCOPY\n\377\r\n";

int hexValue(char16_t u)
{
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}
} // namespace

PostgresCopy::PostgresCopy(const Database& db)
    : m_db(db)
{ }

void PostgresCopy::put(const void* data, size_t size)
{
    const char* bytes = static_cast<const char*>(data);
    m_buffer.insert(m_buffer.end(), bytes, bytes + size);
}

void PostgresCopy::putInt16(qint16 value)
{
    const qint16 be = qToBigEndian(value);
    put(&be, sizeof be);
}

void PostgresCopy::putInt32(qint32 value)
{
    const qint32 be = qToBigEndian(value);
    put(&be, sizeof be);
}

void PostgresCopy::putInt64(qint64 value)
{
    const qint64 be = qToBigEndian(value);
    put(&be, sizeof be);
}

void PostgresCopy::beginRow(qint16 fields)
{
    putInt16(fields);
}

void PostgresCopy::addNull()
{
    putInt32(-1);
}

void PostgresCopy::addBool(bool value)
{
    putInt32(1);
    m_buffer.push_back(value ? '\1' : '\0');
}

void PostgresCopy::addInt32(qint32 value)
{
    putInt32(4);
    putInt32(value);
}

void PostgresCopy::addInt64(qint64 value)
{
    putInt32(8);
    putInt64(value);
}

void PostgresCopy::addText(const QString& value)
{
    // Most log text is ASCII: copied byte by byte, without a QByteArray per field.
    const char16_t* chars = QStringView(value).utf16();
    const qsizetype size = value.size();
    qsizetype ascii = 0;
    while (ascii < size && chars[ascii] < 0x80)
        ++ascii;
    if (ascii == size) {
        putInt32(qint32(size));
        const size_t at = m_buffer.size();
        m_buffer.resize(at + size_t(size));
        for (qsizetype i = 0; i < size; ++i)
            m_buffer[at + size_t(i)] = char(chars[i]);
        return;
    }
    const QByteArray utf8 = value.toUtf8();
    putInt32(qint32(utf8.size()));
    put(utf8.constData(), size_t(utf8.size()));
}

void PostgresCopy::addUuid(const QString& value)
{
    char bytes[16];
    bool ok = value.size() == 36;
    const char16_t* chars = QStringView(value).utf16();
    for (int i = 0, n = 0; ok && n < 16; ++n) {
        if (i == 8 || i == 13 || i == 18 || i == 23)
            ok = chars[i++] == u'-';
        const int high = hexValue(chars[i++]);
        const int low = hexValue(chars[i++]);
        ok = ok && high >= 0 && low >= 0;
        bytes[n] = char(high << 4 | low);
    }
    if (!ok) {
        if (m_encodeError.isEmpty())
            m_encodeError = QStringLiteral("not a UUID: %1").arg(value.left(64));
        addNull();
        return;
    }
    putInt32(16);
    put(bytes, 16);
}

#ifdef AIGW_HAVE_LIBPQ

PostgresCopy::~PostgresCopy()
{
    if (m_copying && m_conn) {
        PQputCopyEnd(m_conn, "abandoned by the client");
        m_copying = false;
        drain(m_context);
    }
}

Result<void> PostgresCopy::begin(const QString& table, const QString& columns)
{
    if (m_copying)
        return Error::internal(QStringLiteral("a COPY is already in progress"));
    auto conn = PostgresConnection::handle(m_db);
    if (!conn)
        return conn.error();
    m_conn = conn.value();
    m_context = QStringLiteral("COPY ") + table;
    m_buffer.clear();
    m_buffer.reserve(kChunkBytes + 4096);
    m_sendFailed = false;
    m_encodeError.clear();
    const QByteArray sql = (QStringLiteral("COPY ") + table + QStringLiteral(" (") + columns
                            + QStringLiteral(") FROM STDIN (FORMAT binary)"))
                               .toUtf8();
    // QPSQL reads every result of its own statements before the next one starts (single-row mode
    // included, once the QSqlQuery is gone), and PQexec discards whatever a caller left unread.
    PGresult* result = PQexec(m_conn, sql.constData());
    if (result && PQresultStatus(result) == PGRES_COPY_IN) {
        PQclear(result);
        m_copying = true;
        put(kSignature, sizeof kSignature);
        putInt32(0); // flags
        putInt32(0); // header extension length
        return {};
    }
    // The COPY did not start: the server's error, or libpq's own when there is no result at all.
    const QString message = QString::fromUtf8(result ? PQresultErrorMessage(result) : PQerrorMessage(m_conn));
    const QString sqlState = result ? QString::fromLatin1(PQresultErrorField(result, PG_DIAG_SQLSTATE)) : QString();
    PQclear(result);
    return failure(message, sqlState);
}

void PostgresCopy::send()
{
    if (m_buffer.empty())
        return;
    if (m_copying && !m_sendFailed && PQputCopyData(m_conn, m_buffer.data(), int(m_buffer.size())) != 1)
        m_sendFailed = true;
    m_buffer.clear();
}

void PostgresCopy::sendIfFull()
{
    if (m_buffer.size() >= kChunkBytes)
        send();
}

Result<qint64> PostgresCopy::finish()
{
    if (!m_copying)
        return Error::internal(QStringLiteral("no COPY in progress"));
    putInt16(-1); // trailer
    send();
    const QByteArray reason = m_encodeError.toUtf8();
    // With a reason the server fails the COPY (and with it the transaction): a row that could not be
    // encoded must not leave the others half-written.
    if (PQputCopyEnd(m_conn, reason.isEmpty() ? nullptr : reason.constData()) != 1)
        m_sendFailed = true;
    m_copying = false;
    auto rows = drain(m_context);
    if (!m_encodeError.isEmpty() && (rows || rows.error().kind != Error::Kind::Unavailable))
        return Error::invalid(QStringLiteral("%1: %2").arg(m_context, m_encodeError));
    return rows;
}

Result<qint64> PostgresCopy::drain(const QString& context)
{
    // Every result is read, so the connection is idle afterwards whatever happened; the first error wins.
    qint64 rows = -1;
    bool failed = false;
    QString message;
    QString sqlState;
    bool stuck = false;
    while (PGresult* result = PQgetResult(m_conn)) {
        const ExecStatusType status = PQresultStatus(result);
        if (status == PGRES_COPY_IN) {
            // Still copying (the end message was not sent): end it with an error, then read on.
            PQclear(result);
            if (PQputCopyEnd(m_conn, "aborted by the client") != 1) {
                stuck = true;
                break;
            }
            continue;
        }
        if (status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
            PQclear(result);
            stuck = true;
            break;
        }
        if (status == PGRES_COMMAND_OK) {
            if (rows < 0)
                rows = QByteArray(PQcmdTuples(result)).toLongLong();
        } else if (!failed) {
            failed = true;
            message = QString::fromUtf8(PQresultErrorMessage(result));
            sqlState = QString::fromLatin1(PQresultErrorField(result, PG_DIAG_SQLSTATE));
        }
        PQclear(result);
    }
    if (stuck || PQstatus(m_conn) == CONNECTION_BAD || (m_sendFailed && !failed)) {
        if (message.isEmpty())
            message = QString::fromUtf8(PQerrorMessage(m_conn));
        return failure(message, {}, true);
    }
    if (failed)
        return failure(message, sqlState);
    if (rows < 0)
        return Error::internal(QStringLiteral("database error (%1): no command result").arg(context));
    return rows;
}

Error PostgresCopy::failure(const QString& message, const QString& sqlState, bool connectionLost)
{
    const Error error = PostgresConnection::mapError(m_db, m_conn, message, sqlState, m_context, connectionLost);
    if (error.kind == Error::Kind::Unavailable) {
        // The QSqlDatabase was closed (PQfinish): it reconnects on next use, and m_conn is gone.
        m_copying = false;
        m_conn = nullptr;
    }
    return error;
}

#else // AIGW_HAVE_LIBPQ

PostgresCopy::~PostgresCopy() = default;

Result<void> PostgresCopy::begin(const QString&, const QString&)
{
    return Error::internal(QStringLiteral("COPY needs libpq, which this build does not have"));
}

void PostgresCopy::send()
{
    m_buffer.clear();
}

void PostgresCopy::sendIfFull()
{
    if (m_buffer.size() >= kChunkBytes)
        send();
}

Result<qint64> PostgresCopy::finish()
{
    return Error::internal(QStringLiteral("COPY needs libpq, which this build does not have"));
}

Result<qint64> PostgresCopy::drain(const QString&)
{
    return Error::internal(QStringLiteral("COPY needs libpq, which this build does not have"));
}

Error PostgresCopy::failure(const QString& message, const QString&, bool)
{
    return Error::unavailable(message);
}

#endif // AIGW_HAVE_LIBPQ
