#include "RequestLogWriter.h"

#include "storage/ApiKeyRepository.h"
#include "storage/Database.h"
#include "storage/RequestLogRepository.h"
#include "util/LogCategories.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

namespace {
constexpr int kBatchRows = 2000;
constexpr int kIdleWaitMs = 50;
/**
 * Rows gather for at least this long from the start of one batch to the start of the next (unless a full
 * batch is waiting, or a flush or stop asks): each batch costs a transaction, statement preparation and
 * counter upserts whatever its size, and a writer that took whatever had arrived during its last write
 * ran up to a thousand tiny batches a second under load, taking CPU from the workers on a two-core machine.
 */
constexpr int kGatherMs = 20;
constexpr int kRetryMs = 1000;
/**
 * The writer gives the CPU away (sched_yield) after this many rows of a batch. It runs at a low weight, but
 * the kernel (EEVDF) lets a running thread finish its slice before a thread it woke may run: a request
 * thread, the client or the provider waited up to the length of a batch, 2-3 ms for a hundred rows on
 * SQLite. With a yield every 8 rows (about 0.2 ms) p99 at one connection fell from 2.1-2.2 ms to 0.7-0.85 ms
 * (same machine, alternating runs); throughput at 50 connections did not change.
 */
constexpr int kYieldEveryRows = 8;

/**
 * Before a batch, the writer lets a thread of this process that waits for SQLite's write lock (a budget
 * lease, on a worker or the prefetch thread) go first, for up to this long. The writer runs at a low weight,
 * so a lease that lost the race to it waited for a whole batch at the writer's pace.
 */
constexpr int kMaxDeferMs = 20;

Result<int> insertYielding(const Database& db, const QList<RequestRecord>& rows)
{
    QElapsedTimer deferred;
    deferred.start();
    while (Database::sqliteWriteWaiters() > 0 && deferred.elapsed() < kMaxDeferMs)
        ::usleep(100);
    RequestLogRepository log(db);
    // A yield while another thread waits for the write lock this batch holds only makes it wait longer.
    log.setRowPause(kYieldEveryRows, [] {
        if (Database::sqliteWriteWaiters() == 0)
            sched_yield();
    });
    return log.insertBatch(rows);
}

QByteArray toLine(const RequestRecord& r)
{
    QJsonObject o{{QStringLiteral("id"), r.id},
                  {QStringLiteral("project_id"), r.projectId},
                  {QStringLiteral("api_key_id"), r.apiKeyId},
                  {QStringLiteral("provider"), r.provider},
                  {QStringLiteral("model"), r.model},
                  {QStringLiteral("capability"), r.capability},
                  {QStringLiteral("status"), r.status},
                  {QStringLiteral("http_status"), r.httpStatus},
                  {QStringLiteral("stream"), r.stream},
                  {QStringLiteral("input_tokens"), QString::number(r.inputTokens)},
                  {QStringLiteral("cached_tokens"), QString::number(r.cachedTokens)},
                  {QStringLiteral("output_tokens"), QString::number(r.outputTokens)},
                  {QStringLiteral("reasoning_tokens"), QString::number(r.reasoningTokens)},
                  {QStringLiteral("usage_estimated"), r.usageEstimated},
                  {QStringLiteral("latency_ms"), r.latencyMs},
                  {QStringLiteral("attempts"), r.attempts},
                  {QStringLiteral("error_code"), r.errorCode},
                  {QStringLiteral("error_message"), r.errorMessage},
                  {QStringLiteral("created_at"), QString::number(r.createdAt)}};
    if (r.costMicros)
        o.insert(QStringLiteral("cost_micros"), QString::number(*r.costMicros));
    if (r.ttftMs)
        o.insert(QStringLiteral("ttft_ms"), *r.ttftMs);
    if (!r.holdId.isEmpty()) {
        o.insert(QStringLiteral("hold_id"), r.holdId);
        o.insert(QStringLiteral("hold_tokens"), QString::number(r.holdTokens));
        o.insert(QStringLiteral("hold_cost_micros"), QString::number(r.holdCostMicros));
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<RequestRecord> fromLine(const QByteArray& line)
{
    const QJsonObject o = QJsonDocument::fromJson(line).object();
    if (o.isEmpty())
        return std::nullopt;
    RequestRecord r;
    r.id = o.value(QStringLiteral("id")).toString();
    r.projectId = o.value(QStringLiteral("project_id")).toString();
    r.apiKeyId = o.value(QStringLiteral("api_key_id")).toString();
    r.provider = o.value(QStringLiteral("provider")).toString();
    r.model = o.value(QStringLiteral("model")).toString();
    r.capability = o.value(QStringLiteral("capability")).toString();
    r.status = o.value(QStringLiteral("status")).toString();
    r.httpStatus = o.value(QStringLiteral("http_status")).toInt();
    r.stream = o.value(QStringLiteral("stream")).toBool();
    r.inputTokens = o.value(QStringLiteral("input_tokens")).toString().toLongLong();
    r.cachedTokens = o.value(QStringLiteral("cached_tokens")).toString().toLongLong();
    r.outputTokens = o.value(QStringLiteral("output_tokens")).toString().toLongLong();
    r.reasoningTokens = o.value(QStringLiteral("reasoning_tokens")).toString().toLongLong();
    if (o.contains(QStringLiteral("cost_micros")))
        r.costMicros = o.value(QStringLiteral("cost_micros")).toString().toLongLong();
    r.usageEstimated = o.value(QStringLiteral("usage_estimated")).toBool();
    r.latencyMs = o.value(QStringLiteral("latency_ms")).toInt();
    if (o.contains(QStringLiteral("ttft_ms")))
        r.ttftMs = o.value(QStringLiteral("ttft_ms")).toInt();
    r.attempts = o.value(QStringLiteral("attempts")).toInt();
    r.errorCode = o.value(QStringLiteral("error_code")).toString();
    r.errorMessage = o.value(QStringLiteral("error_message")).toString();
    r.createdAt = o.value(QStringLiteral("created_at")).toString().toLongLong();
    r.holdId = o.value(QStringLiteral("hold_id")).toString();
    r.holdTokens = o.value(QStringLiteral("hold_tokens")).toString().toLongLong();
    r.holdCostMicros = o.value(QStringLiteral("hold_cost_micros")).toString().toLongLong();
    return r;
}
} // namespace

RequestLogWriter::RequestLogWriter(DatabaseUrl url, QString spoolPath, int capacity, QObject* parent)
    : QThread(parent)
    , m_url(std::move(url))
    , m_spoolPath(std::move(spoolPath))
    , m_capacity(capacity)
{
    setObjectName(QStringLiteral("aigw-log-writer"));
    const QFileInfo spool(m_spoolPath);
    if (spool.exists() && spool.size() > 0)
        m_pendingSpool.store(1); // replayed once the thread is up
}

RequestLogWriter::~RequestLogWriter()
{
    stopAndFlush();
}

void RequestLogWriter::enqueue(RequestRecord row)
{
    QMutexLocker lock(&m_mutex);
    if (m_queue.size() >= m_capacity || m_stopping) {
        lock.unlock();
        m_overflows.fetch_add(1);
        qCWarning(lcAccounting) << "request log queue full; spooling row" << row.id << "directly";
        appendToSpool({row});
        return;
    }
    m_queue.append(std::move(row));
    ++m_enqueuedTotal;
    if (m_queue.size() >= kBatchRows)
        m_wake.wakeOne();
}

qint64 RequestLogWriter::queued() const
{
    QMutexLocker lock(&m_mutex);
    return m_queue.size();
}

void RequestLogWriter::flush()
{
    QMutexLocker lock(&m_mutex);
    const qint64 target = m_enqueuedTotal;
    m_urgent = true;
    m_wake.wakeOne();
    while (m_doneTotal < target && isRunning())
        m_flushed.wait(&m_mutex, 100);
}

void RequestLogWriter::stopAndFlush()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_wake.wakeOne();
    }
    if (isRunning())
        wait();
}

void RequestLogWriter::run()
{
    // The writer is throughput work; the HTTP workers are latency work. On a machine with few cores the
    // writer's batches must not take a core from a worker mid-request: lower its scheduling weight.
    sched_param background{};
    pthread_setschedparam(pthread_self(), SCHED_BATCH, &background);
    setpriority(PRIO_PROCESS, pid_t(gettid()), 10);
    Database db(m_url);
    qint64 nextReplayMs = 0;
    qint64 nextTouchMs = kTouchEveryMs;
    QElapsedTimer clock;
    clock.start();
    qint64 lastBatchMs = -kGatherMs;
    for (;;) {
        QList<RequestRecord> batch;
        bool stopping = false;
        {
            QMutexLocker lock(&m_mutex);
            if (m_queue.isEmpty() && !m_stopping && !m_urgent)
                m_wake.wait(&m_mutex, kIdleWaitMs);
            while (!m_queue.isEmpty() && m_queue.size() < kBatchRows && !m_stopping && !m_urgent) {
                const qint64 left = lastBatchMs + kGatherMs - clock.elapsed();
                if (left <= 0)
                    break;
                m_wake.wait(&m_mutex, quint64(left));
            }
            m_urgent = false;
            // Workers wait on this mutex, and this thread runs at a low weight: a preemption inside the
            // critical section would hold every worker up until the writer's next slice. Taking the
            // whole queue is a swap, not a copy of the rows.
            if (m_queue.size() <= kBatchRows) {
                batch.swap(m_queue);
            } else {
                batch = m_queue.mid(0, kBatchRows);
                m_queue.remove(0, kBatchRows);
            }
            stopping = m_stopping && m_queue.isEmpty();
        }
        if (!batch.isEmpty()) {
            lastBatchMs = clock.elapsed();
            // While a spool is pending, keep the order simple: new rows go to the spool too, and the whole
            // spool is replayed when the database answers again.
            if (m_pendingSpool.load() > 0 || !writeBatch(db, batch))
                appendToSpool(batch);
            QMutexLocker lock(&m_mutex);
            m_doneTotal += batch.size();
            m_flushed.wakeAll();
        }
        if (m_pendingSpool.load() > 0 && clock.elapsed() >= nextReplayMs) {
            replaySpool(db);
            nextReplayMs = clock.elapsed() + kRetryMs;
        }
        if (!m_lastUsed.isEmpty() && clock.elapsed() >= nextTouchMs) {
            touchKeys(db);
            nextTouchMs = clock.elapsed() + kTouchEveryMs;
        }
        if (stopping)
            break;
    }
    if (m_pendingSpool.load() > 0)
        replaySpool(db);
    touchKeys(db);
    db.releaseThreadConnection();
}

bool RequestLogWriter::writeBatch(Database& db, const QList<RequestRecord>& rows)
{
    auto r = insertYielding(db, rows);
    if (!r) {
        qCWarning(lcAccounting) << "cannot write" << rows.size()
                                << "request rows (spooling them):" << r.error().message;
        return false;
    }
    m_written.fetch_add(r.value());
    m_batches.fetch_add(1);
    noteLastUsed(rows);
    return true;
}

void RequestLogWriter::noteLastUsed(const QList<RequestRecord>& rows)
{
    for (const RequestRecord& r : rows) {
        if (r.apiKeyId.isEmpty())
            continue;
        auto it = m_lastUsed.find(r.apiKeyId);
        if (it == m_lastUsed.end())
            m_lastUsed.insert(r.apiKeyId, r.createdAt);
        else if (*it < r.createdAt)
            *it = r.createdAt;
    }
}

void RequestLogWriter::touchKeys(Database& db)
{
    if (m_lastUsed.isEmpty())
        return;
    auto r = ApiKeyRepository(db).touchLastUsed(m_lastUsed);
    if (!r) {
        // Kept for the next round; last_used_at only ever moves forward, so a late write is harmless.
        qCWarning(lcAccounting) << "cannot store last_used_at of" << m_lastUsed.size() << "keys:" << r.error().message;
        return;
    }
    m_keysTouched.fetch_add(m_lastUsed.size());
    m_lastUsed.clear();
}

bool RequestLogWriter::appendToSpool(const QList<RequestRecord>& rows)
{
    QByteArray bytes;
    for (const RequestRecord& r : rows)
        bytes += toLine(r);
    QMutexLocker lock(&m_spoolMutex);
    const QByteArray path = QFile::encodeName(m_spoolPath);
    const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        qCCritical(lcAccounting) << "cannot open the spool file" << m_spoolPath << "-" << rows.size() << "rows lost";
        return false;
    }
    qsizetype off = 0;
    while (off < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + off, size_t(bytes.size() - off));
        if (n <= 0)
            break;
        off += n;
    }
    ::fsync(fd);
    ::close(fd);
    if (off != bytes.size()) {
        qCCritical(lcAccounting) << "short write to the spool file" << m_spoolPath;
        return false;
    }
    m_spooled.fetch_add(rows.size());
    m_pendingSpool.store(1);
    return true;
}

void RequestLogWriter::replaySpool(Database& db)
{
    QMutexLocker lock(&m_spoolMutex);
    QFile f(m_spoolPath);
    if (!f.exists() || f.size() == 0) {
        m_pendingSpool.store(0);
        return;
    }
    if (!db.ping())
        return; // still down
    if (!f.open(QIODevice::ReadOnly))
        return;
    QList<RequestRecord> rows;
    qint64 replayed = 0;
    bool ok = true;
    while (!f.atEnd()) {
        const QByteArray line = f.readLine().trimmed();
        if (line.isEmpty())
            continue;
        if (auto r = fromLine(line))
            rows << *r;
        if (rows.size() >= kBatchRows || f.atEnd()) {
            auto w = insertYielding(db, rows);
            if (!w) {
                ok = false;
                break;
            }
            replayed += w.value();
            noteLastUsed(rows);
            rows.clear();
        }
    }
    if (ok && !rows.isEmpty()) {
        auto w = insertYielding(db, rows);
        ok = bool(w);
        if (w) {
            replayed += w.value();
            noteLastUsed(rows);
        }
    }
    f.close();
    if (!ok)
        return; // try again later; already inserted rows are skipped then (same ids)
    QFile::remove(m_spoolPath);
    m_pendingSpool.store(0);
    m_replayed.fetch_add(replayed);
    m_written.fetch_add(replayed);
    qCInfo(lcAccounting) << "replayed" << replayed << "spooled request rows";
}
