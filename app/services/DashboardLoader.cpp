#include "DashboardLoader.h"

#include "services/ProjectService.h"
#include "storage/Database.h"
#include "storage/RequestLogRepository.h"
#include "storage/UsageRepository.h"
#include "util/Clock.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace {
QList<QPair<QString, qint64>> sortedDescending(const QHash<QString, qint64>& sums)
{
    QList<QPair<QString, qint64>> out;
    for (auto it = sums.cbegin(); it != sums.cend(); ++it)
        out << qMakePair(it.key(), it.value());
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    return out;
}
} // namespace

DashboardLoader::DashboardLoader(QObject* parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<DashboardData>::finished, this, [this]() {
        emit loaded(m_watcher.result());
        if (m_pendingDb) {
            auto db = std::move(m_pendingDb);
            m_pendingDb.reset();
            load(db, m_pendingDays);
        }
    });
}

DashboardLoader::~DashboardLoader()
{
    m_watcher.waitForFinished();
}

void DashboardLoader::load(std::shared_ptr<const Database> db, int days)
{
    if (!db)
        return;
    if (m_watcher.isRunning()) {
        m_pendingDb = std::move(db);
        m_pendingDays = days;
        return;
    }
    const qint64 now = Clock::instance().nowMs();
    m_watcher.setFuture(QtConcurrent::run([db, days, now]() {
        DashboardData data = compute(*db, days, now);
        db->releaseThreadConnection();
        return data;
    }));
}

DashboardData DashboardLoader::compute(const Database& db, int days, qint64 nowMs)
{
    DashboardData d;
    d.days = days;
    d.to = Clock::utcDay(nowMs);
    d.from = d.to.addDays(-(days - 1));
    const QDate monthStart(d.to.year(), d.to.month(), 1);

    auto projects = ProjectService(db).list(true);
    if (!projects) {
        d.error = projects.error().message;
        return d;
    }
    for (const Project& p : projects.value()) {
        d.projectNames.insert(p.id, p.name);
        if (p.active)
            ++d.activeProjects;
    }

    UsageRepository usage(db);
    auto month = usage.projectDays({}, qMin(monthStart, d.from), d.to);
    if (!month) {
        d.error = month.error().message;
        return d;
    }
    const QString today = d.to.toString(Qt::ISODate);
    const QString monthText = monthStart.toString(Qt::ISODate);
    const QString fromText = d.from.toString(Qt::ISODate);
    QHash<QString, qint64> tokens;
    for (const UsageTotals& t : month.value()) {
        if (t.period >= monthText) {
            d.requestsMonth += t.requestCount;
            d.costMonthMicros += t.costMicros;
        }
        if (t.period == today) {
            d.requestsToday += t.requestCount;
            d.costTodayMicros += t.costMicros;
            d.errorsToday += t.errorCount;
        }
        if (t.period >= fromText)
            tokens[d.projectNames.value(t.key, t.key)] += t.totalTokens;
    }
    d.tokensByProject = sortedDescending(tokens);

    auto providers = usage.providerDays(d.from, d.to);
    if (!providers) {
        d.error = providers.error().message;
        return d;
    }
    d.providerDays = providers.value();
    QHash<QString, qint64> requests;
    for (const UsageTotals& t : d.providerDays)
        requests[t.key] += t.requestCount;
    d.requestsByProvider = sortedDescending(requests);

    const qint64 fromMs = d.from.startOfDay(Qt::UTC).toMSecsSinceEpoch();
    auto latency = RequestStatsRepository(db).latencyByProvider(fromMs, Clock::startOfNextUtcDay(nowMs));
    if (!latency) {
        d.error = latency.error().message;
        return d;
    }
    d.latency = latency.value();

    auto recent = RequestLogRepository(db).list({}, 12, 0);
    if (!recent) {
        d.error = recent.error().message;
        return d;
    }
    d.recent = recent.value();
    return d;
}
