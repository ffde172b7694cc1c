#include "RequestLogRepository.h"

#include "Database.h"
#include "PostgresConnection.h"
#include "PostgresCopy.h"
#include "SqlValues.h"
#include "SqliteStatement.h"
#include "util/Clock.h"

#include <QHash>
#include <QSet>
#include <QSqlError>

#include <algorithm>

namespace {
const QString kColumns = QStringLiteral(
    "id, project_id, api_key_id, provider, model, capability, status, http_status, stream, input_tokens, "
    "cached_tokens, output_tokens, reasoning_tokens, cost_micros, usage_estimated, latency_ms, ttft_ms, attempts, "
    "error_code, error_message, created_at");
constexpr int kColumnCount = 21;
// Hold releases and project locks per statement (SQLite allows 32766 bound values per statement).
constexpr int kRowsPerStatement = 400;
// Counter rows per upsert statement (10 bound values each).
constexpr int kCounterRowsPerStatement = 100;

RequestRecord read(const QSqlQuery& q)
{
    using namespace SqlValues;
    RequestRecord r;
    r.id = q.value(0).toString();
    r.projectId = q.value(1).toString();
    r.apiKeyId = q.value(2).toString();
    r.provider = q.value(3).toString();
    r.model = q.value(4).toString();
    r.capability = q.value(5).toString();
    r.status = q.value(6).toString();
    r.httpStatus = q.value(7).toInt();
    r.stream = q.value(8).toBool();
    r.inputTokens = q.value(9).toLongLong();
    r.cachedTokens = q.value(10).toLongLong();
    r.outputTokens = q.value(11).toLongLong();
    r.reasoningTokens = q.value(12).toLongLong();
    r.costMicros = optionalInt64(q.value(13));
    r.usageEstimated = q.value(14).toBool();
    r.latencyMs = q.value(15).toInt();
    r.ttftMs = optionalInt(q.value(16));
    r.attempts = q.value(17).toInt();
    r.errorCode = q.value(18).toString();
    r.errorMessage = q.value(19).toString();
    r.createdAt = q.value(20).toLongLong();
    return r;
}

void bindRow(QVariantList& values, const RequestRecord& r)
{
    using namespace SqlValues;
    values << r.id << r.projectId << nullIfEmpty(r.apiKeyId) << text(r.provider) << text(r.model)
           << nullIfEmpty(r.capability) << r.status << r.httpStatus << r.stream << r.inputTokens << r.cachedTokens
           << r.outputTokens << r.reasoningTokens << fromOptional(r.costMicros) << r.usageEstimated << r.latencyMs
           << fromOptional(r.ttftMs) << r.attempts << nullIfEmpty(r.errorCode) << nullIfEmpty(r.errorMessage)
           << r.createdAt;
}

QString whereClause(const RequestLogRepository::Filter& f, QVariantList& binds)
{
    QStringList parts;
    if (!f.projectId.isEmpty()) {
        parts << QStringLiteral("project_id = ?");
        binds << f.projectId;
    }
    if (!f.provider.isEmpty()) {
        parts << QStringLiteral("provider = ?");
        binds << f.provider;
    }
    if (!f.model.isEmpty()) {
        parts << QStringLiteral("model = ?");
        binds << f.model;
    }
    if (!f.status.isEmpty()) {
        parts << QStringLiteral("status = ?");
        binds << f.status;
    }
    if (f.fromMs > 0) {
        parts << QStringLiteral("created_at >= ?");
        binds << f.fromMs;
    }
    if (f.toMs > 0) {
        parts << QStringLiteral("created_at < ?");
        binds << f.toMs;
    }
    return parts.isEmpty() ? QString() : QStringLiteral(" WHERE ") + parts.join(QStringLiteral(" AND "));
}

/** A project id that is not a UUID names no project (and would fail PostgreSQL's uuid cast). */
bool matchesNothing(const RequestLogRepository::Filter& f)
{
    return !f.projectId.isEmpty() && !SqlValues::isUuid(f.projectId);
}

bool hasDuplicateIds(const QList<RequestRecord>& rows)
{
    QSet<QString> seen;
    seen.reserve(rows.size());
    for (const RequestRecord& r : rows) {
        const qsizetype before = seen.size();
        seen.insert(r.id);
        if (seen.size() == before)
            return true;
    }
    return false;
}

struct Sums
{
    qint64 input = 0, cached = 0, output = 0, reasoning = 0, cost = 0, requests = 0, errors = 0;
    void add(const RequestRecord& r)
    {
        input += r.inputTokens;
        cached += r.cachedTokens;
        output += r.outputTokens;
        reasoning += r.reasoningTokens;
        cost += r.costMicros.value_or(0);
        requests += 1;
        errors += r.isError() ? 1 : 0;
    }
};
} // namespace

RequestLogRepository::RequestLogRepository(const Database& db)
    : m_db(db)
{ }

Result<int> RequestLogRepository::insertBatch(const QList<RequestRecord>& input)
{
    if (input.isEmpty())
        return 0;
    // PostgreSQL refuses a NUL character in text, and a refused batch would be spooled and replayed forever,
    // holding back every row after it. The texts come from clients and providers (a model name, an error
    // message): NUL becomes U+FFFD on both back ends.
    const auto hasNul = [](const RequestRecord& r) {
        for (const QString* t : {&r.provider, &r.model, &r.capability, &r.status, &r.errorCode, &r.errorMessage})
            if (t->contains(QChar(0)))
                return true;
        return false;
    };
    QList<RequestRecord> cleaned;
    if (std::any_of(input.cbegin(), input.cend(), hasNul)) {
        cleaned = input;
        for (RequestRecord& r : cleaned)
            for (QString* t : {&r.provider, &r.model, &r.capability, &r.status, &r.errorCode, &r.errorMessage})
                t->replace(QChar(0), QChar(QChar::ReplacementCharacter));
    }
    const QList<RequestRecord>& rows = cleaned.isEmpty() ? input : cleaned;
    for (const RequestRecord& r : rows)
        if (!SqlValues::isUuid(r.id) || !SqlValues::isUuid(r.projectId)
            || (!r.apiKeyId.isEmpty() && !SqlValues::isUuid(r.apiKeyId)))
            return Error::invalid(QStringLiteral("request row %1 has a malformed id").arg(r.id));
    // PostgreSQL: COPY the batch straight into the table. Rows from the gateway are new (fresh request ids),
    // so every one of them is counted. A batch that holds an id already stored (replayed from the spool after
    // a commit the writer did not see) fails the COPY with a unique violation; it is rolled back as a whole
    // and written again row by row below, skipping the stored ids.
    if (m_db.isPostgres() && PostgresConnection::available() && !hasDuplicateIds(rows)) {
        bool storedAlready = false;
        auto copied = m_db.transaction([&]() -> Result<int> {
            if (auto lock = lockProjects(rows); !lock)
                return lock.error();
            if (auto c = copyRowsPostgres(rows); !c) {
                storedAlready = c.error().kind == Error::Kind::Conflict;
                return c.error();
            }
            if (auto c = addCounters(rows); !c)
                return c.error();
            if (auto h = releaseHolds(rows); !h)
                return h.error();
            return int(rows.size());
        });
        if (copied || !storedAlready)
            return copied;
    }
    return m_db.transaction([&]() -> Result<int> {
        if (auto lock = lockProjects(rows); !lock)
            return lock.error();
        auto inserted = insertRows(rows);
        if (!inserted)
            return inserted.error();
        if (auto c = addCounters(inserted.value()); !c)
            return c.error();
        // The usage is recorded now, so the budget hold taken for each request (same id) is released in the
        // same transaction: no moment where neither counts.
        if (auto h = releaseHolds(rows); !h)
            return h.error();
        return int(inserted.value().size());
    });
}

void RequestLogRepository::setRowPause(int everyRows, std::function<void()> pause)
{
    m_pauseEvery = pause ? qMax(everyRows, 0) : 0;
    m_rowsSincePause = 0;
    m_pause = std::move(pause);
}

void RequestLogRepository::rowWritten()
{
    if (m_pauseEvery > 0 && ++m_rowsSincePause >= m_pauseEvery) {
        m_rowsSincePause = 0;
        m_pause();
    }
}

bool RequestLogRepository::direct() const
{
    return m_db.isPostgres() && PostgresConnection::available();
}

QString RequestLogRepository::placeholders(qsizetype first, qsizetype count) const
{
    QStringList out;
    out.reserve(count);
    for (qsizetype i = first; i < first + count; ++i)
        out << (direct() ? QStringLiteral("$%1").arg(i + 1) : QStringLiteral("?"));
    return out.join(QStringLiteral(", "));
}

QString RequestLogRepository::rowsOfPlaceholders(qsizetype rows, qsizetype columns) const
{
    QStringList out;
    out.reserve(rows);
    for (qsizetype r = 0; r < rows; ++r)
        out << QLatin1Char('(') + placeholders(r * columns, columns) + QLatin1Char(')');
    return out.join(QStringLiteral(", "));
}

Result<void> RequestLogRepository::execute(const QString& sql, const QVariantList& binds) const
{
    // With libpq: one round trip, the values apart from the SQL. QSqlQuery takes three on PostgreSQL (PREPARE,
    // EXECUTE, DEALLOCATE), which made up much of a batch's time once the rows went in with COPY.
    if (direct()) {
        auto r = PostgresConnection::exec(m_db, sql, binds);
        if (!r)
            return r.error();
        return {};
    }
    if (m_db.isPostgres()) {
        auto r = m_db.exec(sql, binds);
        if (!r)
            return r.error();
        return {};
    }
    // SQLite: the writer runs the same few statements batch after batch; each is parsed once per connection.
    auto statement = SqliteStatement::cached(m_db, sql);
    if (!statement)
        return statement.error();
    auto r = statement.value()->run(binds);
    if (!r)
        return r.error();
    return {};
}

Result<void> RequestLogRepository::lockProjects(const QList<RequestRecord>& rows)
{
    // Budget reservations lock the project row while they read counters and holds; taking the same
    // locks here (in a fixed order) means a reservation sees this batch either entirely or not at all.
    if (!m_db.isPostgres())
        return {};
    QSet<QString> unique;
    for (const RequestRecord& r : rows)
        unique.insert(r.projectId.toLower());
    QStringList projects(unique.cbegin(), unique.cend());
    projects.sort(); // lower-case text sorts like the uuids: every writer locks in the same order
    for (qsizetype start = 0; start < projects.size(); start += kRowsPerStatement) {
        const QStringList chunk = projects.mid(start, kRowsPerStatement);
        auto lock = execute(QStringLiteral("SELECT id FROM projects WHERE id IN (") + placeholders(0, chunk.size())
                                + QStringLiteral(") ORDER BY id FOR UPDATE"),
                            QVariantList(chunk.cbegin(), chunk.cend()));
        if (!lock)
            return lock;
    }
    return {};
}

// PostgreSQL, fast path: COPY ... FROM STDIN (FORMAT binary) through libpq on the same connection. The
// server stores a binary row with no SQL to parse and no ON CONFLICT arbiter to check; a stored id fails the
// whole COPY with a unique violation (Error::Conflict). Field order and types follow kColumns.
Result<qint64> RequestLogRepository::copyRowsPostgres(const QList<RequestRecord>& rows)
{
    PostgresCopy copy(m_db);
    if (auto b = copy.begin(QStringLiteral("requests"), kColumns); !b)
        return b.error();
    const auto optionalText = [&copy](const QString& s) {
        if (s.isEmpty())
            copy.addNull();
        else
            copy.addText(s);
    };
    for (const RequestRecord& r : rows) {
        copy.beginRow(kColumnCount);
        copy.addUuid(r.id);
        copy.addUuid(r.projectId);
        if (r.apiKeyId.isEmpty())
            copy.addNull();
        else
            copy.addUuid(r.apiKeyId);
        copy.addText(r.provider); // NOT NULL: a null QString is sent as ''
        copy.addText(r.model);
        optionalText(r.capability);
        copy.addText(r.status);
        copy.addInt32(r.httpStatus);
        copy.addBool(r.stream);
        copy.addInt64(r.inputTokens);
        copy.addInt64(r.cachedTokens);
        copy.addInt64(r.outputTokens);
        copy.addInt64(r.reasoningTokens);
        if (r.costMicros)
            copy.addInt64(*r.costMicros);
        else
            copy.addNull();
        copy.addBool(r.usageEstimated);
        copy.addInt32(r.latencyMs);
        if (r.ttftMs)
            copy.addInt32(*r.ttftMs);
        else
            copy.addNull();
        copy.addInt32(r.attempts);
        optionalText(r.errorCode);
        optionalText(r.errorMessage);
        copy.addInt64(r.createdAt);
        copy.sendIfFull();
    }
    auto stored = copy.finish();
    if (!stored)
        return stored.error();
    if (stored.value() != rows.size())
        return Error::internal(
            QStringLiteral("COPY requests stored %1 of %2 rows").arg(stored.value()).arg(rows.size()));
    return stored;
}

Result<QList<RequestRecord>> RequestLogRepository::insertRows(const QList<RequestRecord>& rows)
{
    return m_db.isPostgres() ? insertRowsPostgres(rows) : insertRowsSqlite(rows);
}

// PostgreSQL: one statement whose parameters are one array per column (INSERT ... SELECT FROM unnest).
// QPSQL sends bound values inline (qt64-notes), so a multi-row VALUES list made the server parse and plan
// 21 literals per row; 21 array literals per batch cost a fraction of that.
Result<QList<RequestRecord>> RequestLogRepository::insertRowsPostgres(const QList<RequestRecord>& rows)
{
    static const char* const types[kColumnCount]
        = {"uuid",    "uuid",    "uuid",    "text",    "text",   "text",   "text",
           "integer", "boolean", "bigint",  "bigint",  "bigint", "bigint", "bigint",
           "boolean", "integer", "integer", "integer", "text",   "text",   "bigint"};
    QList<QString> arrays(kColumnCount, QStringLiteral("{"));
    QVariantList values;
    values.reserve(kColumnCount);
    for (qsizetype i = 0; i < rows.size(); ++i) {
        values.clear();
        bindRow(values, rows.at(i));
        for (int c = 0; c < kColumnCount; ++c) {
            QString& a = arrays[c];
            if (i > 0)
                a += QLatin1Char(',');
            const QVariant& v = values.at(c);
            if (v.isNull()) {
                a += QLatin1String("NULL");
            } else if (v.typeId() == QMetaType::Bool) {
                a += v.toBool() ? QLatin1Char('t') : QLatin1Char('f');
            } else if (v.typeId() == QMetaType::QString) {
                a += QLatin1Char('"');
                for (const QChar ch : v.toString()) {
                    if (ch == u'"' || ch == u'\\')
                        a += QLatin1Char('\\');
                    a += ch;
                }
                a += QLatin1Char('"');
            } else {
                a += QString::number(v.toLongLong());
            }
        }
    }
    QStringList casts;
    QVariantList binds;
    for (int c = 0; c < kColumnCount; ++c) {
        arrays[c] += QLatin1Char('}');
        casts << QStringLiteral("CAST(? AS %1[])").arg(QLatin1String(types[c]));
        binds << arrays.at(c);
    }
    auto r
        = m_db.exec(QStringLiteral("INSERT INTO requests (") + kColumns + QStringLiteral(") SELECT * FROM unnest(")
                        + casts.join(QLatin1Char(',')) + QStringLiteral(") ON CONFLICT (id) DO NOTHING RETURNING id"),
                    binds);
    if (!r)
        return r.error();
    QSet<QString> insertedIds;
    while (r.value().next())
        insertedIds.insert(r.value().value(0).toString());
    QList<RequestRecord> inserted;
    // RETURNING gives the uuid's canonical (lower-case) text; isUuid() also accepts upper-case ids.
    for (const RequestRecord& row : rows)
        if (insertedIds.remove(row.id.toLower()))
            inserted << row;
    return inserted;
}

// SQLite: one prepared single-row statement (SQLite's C API, SqliteStatement) executed per row inside the
// batch's transaction. (A multi-row VALUES list with thousands of parameters is quadratic in SQLite's
// parameter bookkeeping.)
Result<QList<RequestRecord>> RequestLogRepository::insertRowsSqlite(const QList<RequestRecord>& rows)
{
    static const QString sql = QStringLiteral("INSERT INTO requests (") + kColumns + QStringLiteral(") VALUES (")
        + QStringList(kColumnCount, QStringLiteral("?")).join(QLatin1Char(','))
        + QStringLiteral(") ON CONFLICT (id) DO NOTHING");
    auto insert = SqliteStatement::cached(m_db, sql);
    if (!insert)
        return insert.error();
    QList<RequestRecord> inserted;
    QVariantList values;
    values.reserve(kColumnCount);
    for (const RequestRecord& row : rows) {
        values.clear();
        bindRow(values, row);
        auto changed = insert.value()->run(values);
        if (!changed)
            return changed.error();
        if (changed.value() == 1)
            inserted << row;
        rowWritten();
    }
    return inserted;
}

Result<void> RequestLogRepository::addCounters(const QList<RequestRecord>& inserted)
{
    QHash<QPair<QString, QString>, Sums> daily, monthly, providers;
    // The rows of a batch fall on a few UTC days: each is formatted once (per row it was a fifth of the
    // writer's own CPU time).
    constexpr qint64 msPerDay = 86'400'000;
    QHash<qint64, QPair<QString, QString>> periods; // days since the epoch -> (day, month)
    for (const RequestRecord& r : inserted) {
        const qint64 dayNumber = r.createdAt / msPerDay - (r.createdAt % msPerDay < 0 ? 1 : 0);
        auto period = periods.constFind(dayNumber);
        if (period == periods.cend()) {
            const QDate day = Clock::utcDay(r.createdAt);
            period = periods.insert(
                dayNumber, {day.toString(Qt::ISODate), QDate(day.year(), day.month(), 1).toString(Qt::ISODate)});
        }
        const QString& dayText = period->first;
        const QString& monthText = period->second;
        daily[{r.projectId, dayText}].add(r);
        monthly[{r.projectId, monthText}].add(r);
        if (!r.provider.isEmpty())
            providers[{r.provider, dayText}].add(r);
    }
    // PostgreSQL: one multi-row upsert per table (and per kCounterRowsPerStatement keys), since a batch touches a
    // few dozen counter rows and each statement is a round trip. SQLite: one row per statement, the same
    // statement every time, parsed once per connection (a multi-row one differs with the batch, and parsing
    // it cost more than the rows). Keys go in sorted order, so two writers meet shared rows (provider_usage)
    // in the same order.
    const qsizetype rowsPerStatement = m_db.isPostgres() ? kCounterRowsPerStatement : 1;
    const auto upsert = [&](const QString& table, const QString& keyColumn, const QString& periodColumn,
                            const QHash<QPair<QString, QString>, Sums>& sums) -> Result<void> {
        QList<QPair<QString, QString>> keys = sums.keys();
        std::sort(keys.begin(), keys.end());
        for (qsizetype start = 0; start < keys.size(); start += rowsPerStatement) {
            const qsizetype count = qMin<qsizetype>(rowsPerStatement, keys.size() - start);
            const QString sql
                = QStringLiteral(
                      "INSERT INTO %1 (%2, %3, input_tokens, cached_tokens, output_tokens, reasoning_tokens, "
                      "total_tokens, cost_micros, request_count, error_count) VALUES ")
                      .arg(table, keyColumn, periodColumn)
                + rowsOfPlaceholders(count, 10)
                + QStringLiteral(" ON CONFLICT (%2, %3) DO UPDATE SET "
                                 "input_tokens = %1.input_tokens + excluded.input_tokens, "
                                 "cached_tokens = %1.cached_tokens + excluded.cached_tokens, "
                                 "output_tokens = %1.output_tokens + excluded.output_tokens, "
                                 "reasoning_tokens = %1.reasoning_tokens + excluded.reasoning_tokens, "
                                 "total_tokens = %1.total_tokens + excluded.total_tokens, "
                                 "cost_micros = %1.cost_micros + excluded.cost_micros, "
                                 "request_count = %1.request_count + excluded.request_count, "
                                 "error_count = %1.error_count + excluded.error_count")
                      .arg(table, keyColumn, periodColumn);
            QVariantList binds;
            binds.reserve(count * 10);
            for (qsizetype i = start; i < start + count; ++i) {
                const auto& key = keys.at(i);
                const Sums& s = sums[key];
                binds << key.first << key.second << s.input << s.cached << s.output << s.reasoning << s.input + s.output
                      << s.cost << s.requests << s.errors;
            }
            if (auto r = execute(sql, binds); !r)
                return r;
        }
        return {};
    };
    if (auto r = upsert(QStringLiteral("usage_counters"), QStringLiteral("project_id"), QStringLiteral("day"), daily);
        !r)
        return r;
    if (auto r = upsert(QStringLiteral("usage_counters_monthly"), QStringLiteral("project_id"), QStringLiteral("month"),
                        monthly);
        !r)
        return r;
    return upsert(QStringLiteral("provider_usage"), QStringLiteral("provider"), QStringLiteral("day"), providers);
}

Result<void> RequestLogRepository::releaseHolds(const QList<RequestRecord>& rows)
{
    // A hold covers one request (hold id = request id, rows written before leases) or a lease shared by
    // many: each row gives its share back; a hold that is used up is deleted.
    QHash<QString, QPair<qint64, qint64>> shares;
    QVariantList perRequest;
    for (const RequestRecord& r : rows) {
        if (r.holdId.isEmpty()) {
            perRequest << r.id;
            continue;
        }
        auto& share = shares[r.holdId];
        share.first += r.holdTokens;
        share.second += r.holdCostMicros;
    }
    QVariantList leases;
    for (auto it = shares.cbegin(); it != shares.cend(); ++it) {
        if (!SqlValues::isUuid(it.key()))
            continue;
        const QString update
            = QStringLiteral("UPDATE budget_holds SET tokens = tokens - ?, cost_micros = cost_micros - ? "
                             "WHERE id = ?");
        const QVariantList binds{it.value().first, it.value().second, it.key()};
        if (m_db.isPostgres()) {
            if (auto r = m_db.exec(update, binds); !r)
                return r.error();
        } else if (auto r = execute(update, binds); !r) {
            return r;
        }
        leases << it.key();
    }
    if (m_db.isPostgres() && !perRequest.isEmpty()) {
        // Holds per request predate leases (and a row without a hold id mostly had no budget check at all), so
        // few of these ids name a hold. PostgreSQL spent about 1 µs per id parsing them as literals (QPSQL
        // inlines bound values): 2-5 ms of a 2,000-row batch. Reading the table's ids (leases: a few rows) and
        // deleting only the matches costs one short statement. A hold for a request of this batch was taken
        // before the request ran, so it is committed and seen here.
        auto held = m_db.exec(QStringLiteral("SELECT id FROM budget_holds"));
        if (!held)
            return held.error();
        QSet<QString> holdIds;
        while (held.value().next())
            holdIds.insert(held.value().value(0).toString());
        QVariantList matches;
        for (const QVariant& id : std::as_const(perRequest))
            if (holdIds.contains(id.toString().toLower()))
                matches << id;
        perRequest = matches;
    }
    const auto deleteIn = [this](const QVariantList& ids, const QString& condition) -> Result<void> {
        if (!m_db.isPostgres()) {
            // One cached statement per id (see addCounters).
            const QString sql = QStringLiteral("DELETE FROM budget_holds WHERE id = ?") + condition;
            for (const QVariant& id : ids)
                if (auto r = execute(sql, {id}); !r)
                    return r;
            return {};
        }
        for (qsizetype start = 0; start < ids.size(); start += kRowsPerStatement) {
            const QVariantList chunk = ids.mid(start, kRowsPerStatement);
            auto r = m_db.exec(QStringLiteral("DELETE FROM budget_holds WHERE id IN (")
                                   + QStringList(chunk.size(), QStringLiteral("?")).join(QLatin1Char(','))
                                   + QLatin1Char(')') + condition,
                               chunk);
            if (!r)
                return r.error();
        }
        return {};
    };
    if (auto r = deleteIn(perRequest, {}); !r)
        return r;
    return deleteIn(leases, QStringLiteral(" AND tokens <= 0 AND cost_micros <= 0"));
}

Result<QList<RequestRecord>> RequestLogRepository::list(const Filter& filter, int limit, int offset) const
{
    return list(filter, limit, offset, Sort{});
}

Result<QList<RequestRecord>> RequestLogRepository::list(const Filter& filter, int limit, int offset, Sort sort) const
{
    if (matchesNothing(filter))
        return QList<RequestRecord>{};
    // Column names come from this fixed table, never from the caller.
    QString column;
    switch (sort.column) {
    case SortColumn::CreatedAt:
        column = QStringLiteral("created_at");
        break;
    case SortColumn::Project:
        column = QStringLiteral("project_id");
        break;
    case SortColumn::Provider:
        column = QStringLiteral("provider");
        break;
    case SortColumn::Model:
        column = QStringLiteral("model");
        break;
    case SortColumn::Status:
        column = QStringLiteral("status");
        break;
    case SortColumn::Tokens:
        column = QStringLiteral("(input_tokens + output_tokens)");
        break;
    case SortColumn::Cost:
        column = QStringLiteral("COALESCE(cost_micros, -1)");
        break;
    case SortColumn::Latency:
        column = QStringLiteral("latency_ms");
        break;
    }
    const QString direction = sort.ascending ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
    QString order = column + direction;
    if (sort.column != SortColumn::CreatedAt)
        order += QStringLiteral(", created_at DESC");
    order += QStringLiteral(", id") + direction;
    QVariantList binds;
    const QString where = whereClause(filter, binds);
    binds << qBound(1, limit, 1000) << qMax(0, offset);
    auto r = m_db.exec(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM requests") + where
                           + QStringLiteral(" ORDER BY ") + order + QStringLiteral(" LIMIT ? OFFSET ?"),
                       binds);
    if (!r)
        return r.error();
    QList<RequestRecord> out;
    while (r.value().next())
        out << read(r.value());
    return out;
}

Result<qint64> RequestLogRepository::count(const Filter& filter) const
{
    if (matchesNothing(filter))
        return qint64(0);
    QVariantList binds;
    const QString where = whereClause(filter, binds);
    auto r = m_db.exec(QStringLiteral("SELECT COUNT(*) FROM requests") + where, binds);
    if (!r)
        return r.error();
    r.value().next();
    return r.value().value(0).toLongLong();
}

Result<RequestRecord> RequestLogRepository::findById(const QString& id) const
{
    if (!SqlValues::isUuid(id))
        return Error::notFound(QStringLiteral("request not found: %1").arg(id));
    auto r = m_db.exec(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM requests WHERE id = ?"), {id});
    if (!r)
        return r.error();
    if (!r.value().next())
        return Error::notFound(QStringLiteral("request not found: %1").arg(id));
    return read(r.value());
}
