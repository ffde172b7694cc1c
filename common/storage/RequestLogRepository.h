#pragma once

#include "domain/RequestRecord.h"
#include "util/Result.h"

#include <QList>

#include <functional>

class Database;

/**
 * The request log. insertBatch() writes many rows and updates the usage counters (per project per
 * day and month, per provider per day) in the same transaction. Rows are keyed by request id and
 * inserted with ON CONFLICT DO NOTHING, and only rows actually inserted are counted, so replaying a
 * batch (after a crash, from the spool file) never double-counts. On PostgreSQL a batch is first
 * tried with COPY (all rows new); one that holds a stored id is rolled back and takes that path.
 */
class RequestLogRepository
{
public:
    struct Filter
    {
        QString projectId;
        QString provider;
        QString model;
        QString status;
        qint64 fromMs = 0; ///< inclusive; 0: unbounded
        qint64 toMs = 0; ///< exclusive; 0: unbounded
    };
    /** The column a page of the log is ordered by; ties are broken by time and id. */
    enum class SortColumn { CreatedAt, Project, Provider, Model, Status, Tokens, Cost, Latency };
    struct Sort
    {
        SortColumn column = SortColumn::CreatedAt;
        bool ascending = false;
    };

    explicit RequestLogRepository(const Database& db);

    /** Returns how many of the rows were new. */
    Result<int> insertBatch(const QList<RequestRecord>& rows);
    /**
     * Calls `pause` after every `everyRows` rows that insertBatch writes one by one (SQLite; PostgreSQL takes
     * a batch in one statement). The request-log writer passes sched_yield, so a long batch gives the CPU
     * back to request threads between rows. 0 turns it off.
     */
    void setRowPause(int everyRows, std::function<void()> pause);
    /** Newest first. */
    Result<QList<RequestRecord>> list(const Filter& filter, int limit, int offset) const;
    /** One page in the given order (LIMIT/OFFSET in SQL; limit is clamped to 1..1000). */
    Result<QList<RequestRecord>> list(const Filter& filter, int limit, int offset, Sort sort) const;
    Result<qint64> count(const Filter& filter) const;
    Result<RequestRecord> findById(const QString& id) const;

private:
    /** PostgreSQL with libpq: statements go through PostgresConnection, with $n parameters. */
    bool direct() const;
    /** `count` parameter placeholders, the first being parameter `first` (0-based): ?, ? or $1, $2. */
    QString placeholders(qsizetype first, qsizetype count) const;
    /** (…), (…): `rows` groups of `columns` placeholders. */
    QString rowsOfPlaceholders(qsizetype rows, qsizetype columns) const;
    /**
     * A statement whose result rows are not needed: in one round trip where libpq allows; on SQLite through
     * the connection's cached statement for it.
     */
    Result<void> execute(const QString& sql, const QVariantList& binds) const;
    Result<void> lockProjects(const QList<RequestRecord>& rows);
    Result<qint64> copyRowsPostgres(const QList<RequestRecord>& rows);
    Result<QList<RequestRecord>> insertRows(const QList<RequestRecord>& rows);
    Result<QList<RequestRecord>> insertRowsPostgres(const QList<RequestRecord>& rows);
    Result<QList<RequestRecord>> insertRowsSqlite(const QList<RequestRecord>& rows);
    Result<void> addCounters(const QList<RequestRecord>& inserted);
    Result<void> releaseHolds(const QList<RequestRecord>& rows);

    /** After each row written one by one: the pause, every m_pauseEvery rows. */
    void rowWritten();

    const Database& m_db;
    int m_pauseEvery = 0;
    int m_rowsSincePause = 0;
    std::function<void()> m_pause;
};
