#include "DashboardPage.h"

#include "StatCard.h"
#include "charts/CostPerDayChart.h"
#include "charts/LatencyChart.h"
#include "charts/RequestsByProviderChart.h"
#include "charts/TokensByProjectChart.h"
#include "models/RequestTableModel.h"
#include "services/DashboardLoader.h"
#include "services/Formatting.h"
#include "services/Session.h"

#include <QComboBox>
#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

DashboardPage::DashboardPage(Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("dashboardPage"));
    m_loader = new DashboardLoader(this);
    m_timer = new QTimer(this);
    m_timer->setInterval(30000);

    m_range = new QComboBox(this);
    m_range->setObjectName(QStringLiteral("rangeComboBox"));
    m_range->addItem(tr("Last 7 days"), 7);
    m_range->addItem(tr("Last 30 days"), 30);
    m_range->addItem(tr("Last 90 days"), 90);
    m_range->setCurrentIndex(1);
    auto* rangeLabel = new QLabel(tr("&Period:"), this);
    rangeLabel->setBuddy(m_range);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    auto* refreshButton = new QPushButton(QIcon(QStringLiteral(":/icons/refresh.png")), tr("&Refresh"), this);
    refreshButton->setObjectName(QStringLiteral("refreshButton"));
    auto* toolbar = new QHBoxLayout;
    toolbar->addWidget(rangeLabel);
    toolbar->addWidget(m_range);
    toolbar->addSpacing(12);
    toolbar->addWidget(m_status, 1);
    toolbar->addWidget(refreshButton);

    m_requestsToday = new StatCard(QStringLiteral("requestsTodayCard"), tr("Requests today"), this);
    m_costToday = new StatCard(QStringLiteral("costTodayCard"), tr("Cost today"), this);
    m_requestsMonth = new StatCard(QStringLiteral("requestsMonthCard"), tr("Requests this month"), this);
    m_costMonth = new StatCard(QStringLiteral("costMonthCard"), tr("Cost this month"), this);
    m_activeProjects = new StatCard(QStringLiteral("activeProjectsCard"), tr("Active projects"), this);
    m_errorRate = new StatCard(QStringLiteral("errorRateCard"), tr("Error rate today"), this);
    auto* cards = new QHBoxLayout;
    cards->setSpacing(10);
    for (StatCard* c : {m_requestsToday, m_costToday, m_requestsMonth, m_costMonth, m_activeProjects, m_errorRate})
        cards->addWidget(c, 1);

    m_costChart = new CostPerDayChart(this);
    m_costChart->setTitleText(tr("Cost per day by provider"));
    m_providerChart = new RequestsByProviderChart(this);
    m_projectChart = new TokensByProjectChart(this);
    m_latencyChart = new LatencyChart(this);
    // Room for the rotated day labels under the cost chart.
    for (QWidget* chart : std::initializer_list<QWidget*>{m_costChart, m_providerChart, m_projectChart, m_latencyChart})
        chart->setMinimumHeight(290);
    auto* charts = new QGridLayout;
    charts->setSpacing(10);
    charts->addWidget(m_costChart, 0, 0, 1, 2);
    charts->addWidget(m_providerChart, 0, 2);
    charts->addWidget(m_projectChart, 1, 0, 1, 2);
    charts->addWidget(m_latencyChart, 1, 2);
    charts->setColumnStretch(0, 1);
    charts->setColumnStretch(1, 1);
    charts->setColumnStretch(2, 1);

    auto* recentTitle = new QLabel(tr("Recent activity"), this);
    QFont f = recentTitle->font();
    f.setBold(true);
    recentTitle->setFont(f);
    m_recent = new RequestTableModel(this);
    m_recentTable = new QTableView(this);
    m_recentTable->setObjectName(QStringLiteral("recentActivityTableView"));
    m_recentTable->setModel(m_recent);
    m_recentTable->verticalHeader()->hide();
    m_recentTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_recentTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_recentTable->setAlternatingRowColors(true);
    m_recentTable->setShowGrid(false);
    m_recentTable->horizontalHeader()->setStretchLastSection(true);
    m_recentTable->setMinimumHeight(220);

    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 6, 0);
    layout->setSpacing(12);
    layout->addLayout(toolbar);
    layout->addLayout(cards);
    layout->addLayout(charts, 1);
    layout->addWidget(recentTitle);
    layout->addWidget(m_recentTable);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    connect(m_loader, &DashboardLoader::loaded, this, &DashboardPage::apply);
    connect(m_timer, &QTimer::timeout, this, &DashboardPage::refresh);
    connect(refreshButton, &QPushButton::clicked, this, &DashboardPage::refresh);
    connect(m_range, &QComboBox::currentIndexChanged, this, &DashboardPage::refresh);
}

void DashboardPage::setRangeDays(int days)
{
    const int i = m_range->findData(days);
    if (i >= 0)
        m_range->setCurrentIndex(i);
}

void DashboardPage::refresh()
{
    if (!m_session->hasDatabase())
        return;
    m_status->setText(tr("Loading…"));
    m_loader->load(m_session->sharedDatabase(), m_range->currentData().toInt());
}

void DashboardPage::apply(const DashboardData& d)
{
    if (!d.error.isEmpty()) {
        m_status->setText(tr("Could not load the dashboard: %1").arg(d.error));
        return;
    }
    m_data = d;
    m_requestsToday->setValue(Formatting::count(d.requestsToday));
    m_costToday->setValue(Formatting::money(d.costTodayMicros));
    m_requestsMonth->setValue(Formatting::count(d.requestsMonth));
    m_costMonth->setValue(Formatting::money(d.costMonthMicros));
    m_activeProjects->setValue(QString::number(d.activeProjects));
    m_errorRate->setValue(QLocale().toString(100.0 * d.errorRateToday(), 'f', 1) + QStringLiteral(" %"),
                          tr("%n failed", nullptr, int(d.errorsToday)));
    m_costChart->setData(d.providerDays, d.from, d.to);
    m_providerChart->setData(d.requestsByProvider);
    m_projectChart->setData(d.tokensByProject);
    m_latencyChart->setData(d.latency);
    m_recent->setProjectNames(d.projectNames);
    m_recent->setRows(d.recent);
    m_recentTable->resizeColumnsToContents();
    m_status->setText(tr("Updated %1 · refreshes every 30 s")
                          .arg(QLocale().toString(QDateTime::currentDateTime().time(), QLocale::ShortFormat)));
    emit refreshed();
}

void DashboardPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    m_timer->start();
    refresh();
}

void DashboardPage::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_timer->stop();
}
