#pragma once

#include "services/DashboardData.h"

#include <QWidget>

class CostPerDayChart;
class DashboardLoader;
class LatencyChart;
class QComboBox;
class QLabel;
class QTableView;
class QTimer;
class RequestTableModel;
class RequestsByProviderChart;
class Session;
class StatCard;
class TokensByProjectChart;

/**
 * Cards (requests and cost today and this month, active projects, error rate), charts over 7/30/90
 * days and the recent activity. Loads off the GUI thread and refreshes itself every 30 s while shown.
 */
class DashboardPage final : public QWidget
{
    Q_OBJECT

public:
    explicit DashboardPage(Session* session, QWidget* parent = nullptr);

    /** The data shown last (tests, screenshots). */
    const DashboardData& data() const { return m_data; }
    void setRangeDays(int days);

public slots:
    void refresh();

signals:
    /** A refresh finished and the widgets show its data. */
    void refreshed();

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void apply(const DashboardData& data);

    Session* m_session;
    DashboardLoader* m_loader;
    QTimer* m_timer;
    QComboBox* m_range;
    QLabel* m_status;
    StatCard* m_requestsToday;
    StatCard* m_costToday;
    StatCard* m_requestsMonth;
    StatCard* m_costMonth;
    StatCard* m_activeProjects;
    StatCard* m_errorRate;
    CostPerDayChart* m_costChart;
    RequestsByProviderChart* m_providerChart;
    TokensByProjectChart* m_projectChart;
    LatencyChart* m_latencyChart;
    RequestTableModel* m_recent;
    QTableView* m_recentTable;
    DashboardData m_data;
};
