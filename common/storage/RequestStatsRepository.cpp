#include "RequestStatsRepository.h"

#include "Database.h"

RequestStatsRepository::RequestStatsRepository(const Database& db)
    : m_db(db)
{ }

Result<QList<RequestStatsRepository::LatencyPercentiles>> RequestStatsRepository::latencyByProvider(qint64 fromMs,
                                                                                                    qint64 toMs) const
{
    // Nearest rank: the value at position ceil(p/100 * n) in ascending order, fetched with one window
    // query (SQLite 3.25+ and PostgreSQL) that returns at most three rows per provider.
    auto r = m_db.exec(
        QStringLiteral(
            "SELECT provider, cnt, rn, latency_ms FROM ("
            " SELECT provider, latency_ms,"
            " ROW_NUMBER() OVER (PARTITION BY provider ORDER BY latency_ms) AS rn,"
            " COUNT(*) OVER (PARTITION BY provider) AS cnt"
            " FROM requests WHERE created_at >= ? AND created_at < ? AND status = 'success' AND provider <> ''"
            ") t WHERE rn = (cnt * 50 + 99) / 100 OR rn = (cnt * 95 + 99) / 100 OR rn = (cnt * 99 + 99) / 100"
            " ORDER BY provider, rn"),
        {fromMs, toMs});
    if (!r)
        return r.error();
    QList<LatencyPercentiles> out;
    while (r.value().next()) {
        const QString provider = r.value().value(0).toString();
        const qint64 count = r.value().value(1).toLongLong();
        const qint64 rank = r.value().value(2).toLongLong();
        const int latency = r.value().value(3).toInt();
        if (out.isEmpty() || out.last().provider != provider) {
            LatencyPercentiles p;
            p.provider = provider;
            p.count = count;
            out << p;
        }
        LatencyPercentiles& p = out.last();
        if (rank == (count * 50 + 99) / 100)
            p.p50 = latency;
        if (rank == (count * 95 + 99) / 100)
            p.p95 = latency;
        if (rank == (count * 99 + 99) / 100)
            p.p99 = latency;
    }
    return out;
}

Result<QStringList> RequestStatsRepository::distinctModels() const
{
    auto r = m_db.exec(QStringLiteral("SELECT DISTINCT model FROM requests WHERE model <> '' ORDER BY model"));
    if (!r)
        return r.error();
    QStringList out;
    while (r.value().next())
        out << r.value().value(0).toString();
    return out;
}

Result<QPair<qint64, qint64>> RequestStatsRepository::requestAndErrorCount(qint64 fromMs, qint64 toMs) const
{
    auto r
        = m_db.exec(QStringLiteral("SELECT COUNT(*), COALESCE(SUM(CASE WHEN status <> 'success' THEN 1 ELSE 0 END), 0)"
                                   " FROM requests WHERE created_at >= ? AND created_at < ?"),
                    {fromMs, toMs});
    if (!r)
        return r.error();
    r.value().next();
    return qMakePair(r.value().value(0).toLongLong(), r.value().value(1).toLongLong());
}
