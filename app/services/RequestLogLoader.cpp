#include "RequestLogLoader.h"

#include "services/ProjectService.h"
#include "storage/Database.h"
#include "storage/RequestStatsRepository.h"

#include <QtConcurrent/QtConcurrentRun>

RequestLogLoader::RequestLogLoader(QObject* parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<RequestLogPageData>::finished, this, [this]() {
        if (m_pending) {
            // Superseded while it ran (the filter or the page changed): load the latest instead.
            Pending next = std::move(*m_pending);
            m_pending.reset();
            load(std::move(next.db), next.query);
            return;
        }
        m_busy = false;
        emit loaded(m_watcher.result());
    });
}

RequestLogLoader::~RequestLogLoader()
{
    m_watcher.waitForFinished();
}

void RequestLogLoader::load(std::shared_ptr<const Database> db, const RequestLogPageData::Query& query)
{
    if (!db)
        return;
    m_busy = true;
    if (m_watcher.isRunning()) {
        // Lookups asked for by a superseded request are still wanted.
        const bool lookups = query.withLookups || (m_pending && m_pending->query.withLookups);
        m_pending = Pending{std::move(db), query};
        m_pending->query.withLookups = lookups;
        return;
    }
    m_watcher.setFuture(QtConcurrent::run([db, query]() {
        RequestLogPageData data = compute(*db, query);
        db->releaseThreadConnection();
        return data;
    }));
}

RequestLogPageData RequestLogLoader::compute(const Database& db, const RequestLogPageData::Query& query)
{
    RequestLogPageData d;
    d.query = query;
    if (query.withLookups) {
        auto models = RequestStatsRepository(db).distinctModels();
        if (!models) {
            d.error = models.error().message;
            return d;
        }
        d.models = models.value();
        auto projects = ProjectService(db).list(true);
        if (!projects) {
            d.error = projects.error().message;
            return d;
        }
        for (const Project& p : projects.value())
            d.projectNames.insert(p.id, p.name);
        d.hasLookups = true;
    }
    RequestLogRepository repo(db);
    auto total = repo.count(query.filter);
    if (!total) {
        d.error = total.error().message;
        return d;
    }
    d.total = total.value();
    const int pageSize = qMax(1, query.pageSize);
    const int lastPage = d.total > 0 ? int((d.total - 1) / pageSize) : 0;
    d.page = qBound(0, query.page, lastPage);
    auto rows = repo.list(query.filter, pageSize, d.page * pageSize, query.sort);
    if (!rows) {
        d.error = rows.error().message;
        return d;
    }
    d.rows = rows.value();
    return d;
}
