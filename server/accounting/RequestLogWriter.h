#pragma once

#include "config/DatabaseUrl.h"
#include "domain/RequestRecord.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>
#include <QThread>
#include <QWaitCondition>

#include <atomic>
#include <memory>

class Database;

/**
 * The request log's single writer. Workers enqueue() finished rows (a bounded queue); a dedicated thread
 * with its own database connection writes them in batches (RequestLogRepository::insertBatch: rows,
 * usage counters and budget-hold release in one transaction) every 50 ms or every 500 rows. The keys'
 * last_used_at is collected from the written rows (the newest created_at per key) and stored every
 * kTouchEveryMs in one statement batch (ApiKeyRepository::touchLastUsed), and on stop.
 *
 * Nothing is lost: when the database is unreachable, batches are appended to an append-only spool file
 * (JSON lines, fsync'ed) in the data directory and replayed when it returns; rows are keyed by request id
 * and inserted with ON CONFLICT DO NOTHING, so a replay is exactly-once even after a crash mid-replay.
 * stop() flushes the queue (to the database or the spool) before returning. A full queue is counted and
 * logged; the row is then spooled directly by the caller's thread instead of being dropped.
 */
class RequestLogWriter : public QThread
{
    Q_OBJECT

public:
    RequestLogWriter(DatabaseUrl url, QString spoolPath, int capacity = 200000, QObject* parent = nullptr);
    ~RequestLogWriter() override;

    /** Thread-safe. */
    void enqueue(RequestRecord row);
    /** Flushes everything and stops the thread. */
    void stopAndFlush();
    /** Blocks until every row enqueued before the call is written or spooled (tests, shutdown). */
    void flush();

    qint64 queued() const;
    qint64 written() const { return m_written.load(); }
    /** Batches committed (spool replays not counted). */
    qint64 batches() const { return m_batches.load(); }
    qint64 spooled() const { return m_spooled.load(); }
    qint64 replayed() const { return m_replayed.load(); }
    qint64 overflows() const { return m_overflows.load(); }
    qint64 pendingSpool() const { return m_pendingSpool.load(); }
    /** last_used_at updates stored so far (one per key per batch). */
    qint64 keysTouched() const { return m_keysTouched.load(); }

    static constexpr int kTouchEveryMs = 2000;
    QString spoolPath() const { return m_spoolPath; }

protected:
    void run() override;

private:
    bool writeBatch(Database& db, const QList<RequestRecord>& rows);
    bool appendToSpool(const QList<RequestRecord>& rows);
    void replaySpool(Database& db);
    void noteLastUsed(const QList<RequestRecord>& rows);
    void touchKeys(Database& db);

    const DatabaseUrl m_url;
    const QString m_spoolPath;
    const int m_capacity;

    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    QWaitCondition m_flushed;
    QList<RequestRecord> m_queue;
    bool m_stopping = false;
    std::atomic<qint64> m_batches{0};
    bool m_urgent = false; ///< flush() waits: write what is queued without gathering more
    qint64 m_enqueuedTotal = 0;
    qint64 m_doneTotal = 0;

    QMutex m_spoolMutex;
    std::atomic<qint64> m_written{0};
    std::atomic<qint64> m_spooled{0};
    std::atomic<qint64> m_replayed{0};
    std::atomic<qint64> m_overflows{0};
    std::atomic<qint64> m_pendingSpool{0};
    std::atomic<qint64> m_keysTouched{0};
    QHash<QString, qint64> m_lastUsed; ///< writer thread only: key id -> newest created_at not yet stored
};
