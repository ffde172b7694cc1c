#pragma once

#include "DashboardData.h"

#include <QFutureWatcher>
#include <QObject>

#include <memory>

class Database;

/**
 * Loads DashboardData on a pool thread (which opens its own QtSql connection and releases it when
 * done) and delivers it on the GUI thread. One load at a time; a request while busy is remembered
 * and run afterwards.
 */
class DashboardLoader final : public QObject
{
    Q_OBJECT

public:
    explicit DashboardLoader(QObject* parent = nullptr);
    ~DashboardLoader() override;

    void load(std::shared_ptr<const Database> db, int days);
    bool isBusy() const { return m_watcher.isRunning(); }

    /** The query work itself, synchronous (for the worker and for tests). */
    static DashboardData compute(const Database& db, int days, qint64 nowMs);

signals:
    void loaded(const DashboardData& data);

private:
    QFutureWatcher<DashboardData> m_watcher;
    std::shared_ptr<const Database> m_pendingDb;
    int m_pendingDays = 0;
};
