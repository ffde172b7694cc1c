#include "ProjectsPage.h"

#include "SpendBarDelegate.h"
#include "charts/CostPerDayChart.h"
#include "dialogs/MessageBox.h"
#include "dialogs/ProjectDialog.h"
#include "models/ProjectTableModel.h"
#include "services/Formatting.h"
#include "services/ProjectService.h"
#include "services/Session.h"
#include "storage/UsageRepository.h"
#include "util/Clock.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

ProjectsPage::ProjectsPage(Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("projectsPage"));
    m_model = new ProjectTableModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("projectsTableView"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    auto* bars = new SpendBarDelegate(ProjectTableModel::RatioRole, this);
    m_table->setItemDelegateForColumn(ProjectTableModel::Today, bars);
    m_table->setItemDelegateForColumn(ProjectTableModel::Month, bars);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setDefaultSectionSize(36);

    m_new = new QPushButton(QIcon(QStringLiteral(":/icons/add.png")), tr("&New project…"), this);
    m_new->setObjectName(QStringLiteral("newProjectButton"));
    m_edit = new QPushButton(QIcon(QStringLiteral(":/icons/edit.png")), tr("&Edit…"), this);
    m_edit->setObjectName(QStringLiteral("editProjectButton"));
    m_deactivate = new QPushButton(QIcon(QStringLiteral(":/icons/delete.png")), tr("&Deactivate…"), this);
    m_deactivate->setObjectName(QStringLiteral("deactivateProjectButton"));
    m_showInactive = new QCheckBox(tr("Show &inactive"), this);
    m_showInactive->setObjectName(QStringLiteral("showInactiveCheckBox"));
    auto* refreshButton = new QPushButton(QIcon(QStringLiteral(":/icons/refresh.png")), tr("&Refresh"), this);
    refreshButton->setObjectName(QStringLiteral("refreshButton"));

    auto* toolbar = new QHBoxLayout;
    toolbar->setSpacing(8);
    toolbar->addWidget(m_new);
    toolbar->addWidget(m_edit);
    toolbar->addWidget(m_deactivate);
    toolbar->addStretch(1);
    toolbar->addWidget(m_showInactive);
    toolbar->addWidget(refreshButton);

    m_usageSummary = new QLabel(tr("Select a project to see its usage."), this);
    m_usageSummary->setObjectName(QStringLiteral("usageSummaryLabel"));
    m_usageSummary->setWordWrap(true);
    m_usageChart = new CostPerDayChart(this);
    m_usageChart->setObjectName(QStringLiteral("projectUsageChart"));
    m_usageChart->setMinimumHeight(220);
    auto* usage = new QWidget(this);
    auto* usageLayout = new QVBoxLayout(usage);
    usageLayout->setContentsMargins(0, 8, 0, 0);
    usageLayout->addWidget(m_usageSummary);
    usageLayout->addWidget(m_usageChart, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("projectsSplitter"));
    splitter->addWidget(m_table);
    splitter->addWidget(usage);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    layout->addLayout(toolbar);
    layout->addWidget(splitter, 1);

    connect(m_new, &QPushButton::clicked, this, &ProjectsPage::createProject);
    connect(m_edit, &QPushButton::clicked, this, &ProjectsPage::editProject);
    connect(m_deactivate, &QPushButton::clicked, this, &ProjectsPage::deactivateProject);
    connect(refreshButton, &QPushButton::clicked, this, &ProjectsPage::refresh);
    connect(m_showInactive, &QCheckBox::toggled, this, &ProjectsPage::refresh);
    connect(m_table, &QTableView::doubleClicked, this, &ProjectsPage::editProject);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this]() {
        updateButtons();
        updateUsage();
    });
    updateButtons();
}

void ProjectsPage::refresh()
{
    if (!m_session->hasDatabase())
        return;
    const QString selected = selectedProjectId();
    const Database& db = m_session->database();
    auto projects = ProjectService(db).list(m_showInactive->isChecked());
    if (!projects) {
        MessageBox::warning(this, tr("Projects"), tr("Cannot load the projects: %1").arg(projects.error().message));
        return;
    }
    const qint64 now = Clock::instance().nowMs();
    const QDate today = Clock::utcDay(now);
    const QDate monthStart(today.year(), today.month(), 1);
    auto usage = UsageRepository(db).projectDays({}, monthStart, today);
    QHash<QString, UsageTotals> todayById, monthById;
    if (usage) {
        const QString todayText = today.toString(Qt::ISODate);
        for (const UsageTotals& t : usage.value()) {
            UsageTotals& m = monthById[t.key];
            m.costMicros += t.costMicros;
            m.totalTokens += t.totalTokens;
            m.requestCount += t.requestCount;
            if (t.period == todayText)
                todayById.insert(t.key, t);
        }
    }
    QList<ProjectTableModel::Row> rows;
    for (const Project& p : projects.value())
        rows << ProjectTableModel::Row{p, todayById.value(p.id), monthById.value(p.id)};
    m_model->setRows(rows);
    m_table->resizeColumnsToContents();
    m_table->setColumnWidth(ProjectTableModel::Today, qMax(190, m_table->columnWidth(ProjectTableModel::Today)));
    m_table->setColumnWidth(ProjectTableModel::Month, qMax(190, m_table->columnWidth(ProjectTableModel::Month)));
    const int row = m_model->rowOf(selected);
    if (row >= 0)
        m_table->selectRow(row);
    else if (m_model->rowCount() > 0)
        m_table->selectRow(0);
    updateButtons();
    updateUsage();
}

QString ProjectsPage::selectedProjectId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(ProjectTableModel::ProjectIdRole).toString();
}

void ProjectsPage::updateButtons()
{
    const auto* row = m_model->rowAt(m_model->rowOf(selectedProjectId()));
    m_edit->setEnabled(row);
    m_deactivate->setEnabled(row && row->project.active);
}

void ProjectsPage::updateUsage()
{
    const auto* row = m_model->rowAt(m_model->rowOf(selectedProjectId()));
    if (!row || !m_session->hasDatabase()) {
        m_usageSummary->setText(tr("Select a project to see its usage."));
        m_usageChart->setData({}, QDate::currentDate(), QDate::currentDate());
        return;
    }
    const QDate to = Clock::utcDay(Clock::instance().nowMs());
    const QDate from = to.addDays(-29);
    auto days = UsageRepository(m_session->database()).projectDays(row->project.id, from, to);
    if (!days) {
        m_usageSummary->setText(tr("Cannot load the usage: %1").arg(days.error().message));
        return;
    }
    qint64 requests = 0, tokens = 0, cost = 0, errors = 0;
    for (const UsageTotals& t : days.value()) {
        requests += t.requestCount;
        tokens += t.totalTokens;
        cost += t.costMicros;
        errors += t.errorCount;
    }
    m_usageSummary->setText(tr("<b>%1</b> — last 30 days: %2 requests (%3 failed), %4 tokens, %5")
                                .arg(row->project.name.toHtmlEscaped(), Formatting::count(requests),
                                     Formatting::count(errors), Formatting::count(tokens), Formatting::money(cost)));
    m_usageChart->setTitleText(tr("Cost per day: %1").arg(row->project.name));
    QList<UsageTotals> named = days.value();
    for (UsageTotals& t : named)
        t.key = row->project.name;
    m_usageChart->setData(named, from, to);
}

void ProjectsPage::createProject()
{
    if (!m_session->hasDatabase())
        return;
    Project p;
    p.dailyCostLimitMicros = 10 * 1000000LL;
    p.monthlyCostLimitMicros = 100 * 1000000LL;
    const Database* db = &m_session->database();
    auto* dialog = new ProjectDialog(
        p, [db](const Project& project) { return ProjectService(*db).create(project); }, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ProjectDialog::projectSaved, this, [this](const Project& saved) {
        refresh();
        const int row = m_model->rowOf(saved.id);
        if (row >= 0)
            m_table->selectRow(row);
        emit projectsChanged();
    });
    dialog->open();
}

void ProjectsPage::editProject()
{
    const auto* row = m_model->rowAt(m_model->rowOf(selectedProjectId()));
    if (!row)
        return;
    const Database* db = &m_session->database();
    auto* dialog = new ProjectDialog(
        row->project, [db](const Project& project) { return ProjectService(*db).update(project); }, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ProjectDialog::projectSaved, this, [this]() {
        refresh();
        emit projectsChanged();
    });
    dialog->open();
}

void ProjectsPage::deactivateProject()
{
    const auto* row = m_model->rowAt(m_model->rowOf(selectedProjectId()));
    if (!row || !row->project.active)
        return;
    const Project project = row->project;
    const auto answer = MessageBox::question(
        this, tr("Deactivate project"),
        tr("Deactivate “%1”? Its keys stop working at once. The request history is kept.").arg(project.name));
    if (answer != QMessageBox::Yes)
        return;
    if (auto r = ProjectService(m_session->database()).deactivate(project.id); !r) {
        MessageBox::warning(this, tr("Deactivate project"), r.error().message);
        return;
    }
    refresh();
    emit projectsChanged();
}
