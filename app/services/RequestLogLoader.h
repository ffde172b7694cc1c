#pragma once

#include "RequestLogPageData.h"

#include <QFutureWatcher>
#include <QObject>

#include <memory>
#include <optional>

class Database;

/**
 * Loads pages of the request log on a pool thread (its own QtSql connection, released when done) and
 * delivers them on the GUI thread. One load at a time; requests made while busy collapse into the
 * latest, and a result that has been superseded is dropped rather than shown.
 */
class RequestLogLoader final : public QObject
{
    Q_OBJECT

public:
    explicit RequestLogLoader(QObject* parent = nullptr);
    ~RequestLogLoader() override;

    void load(std::shared_ptr<const Database> db, const RequestLogPageData::Query& query);
    /** True from load() until the latest result is delivered. */
    bool isBusy() const { return m_busy; }

    /** The query work itself, synchronous (for the worker and for tests). */
    static RequestLogPageData compute(const Database& db, const RequestLogPageData::Query& query);

signals:
    void loaded(const RequestLogPageData& data);

private:
    struct Pending
    {
        std::shared_ptr<const Database> db;
        RequestLogPageData::Query query;
    };

    QFutureWatcher<RequestLogPageData> m_watcher;
    std::optional<Pending> m_pending;
    bool m_busy = false;
};
