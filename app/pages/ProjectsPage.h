#pragma once

#include <QWidget>

class CostPerDayChart;
class ProjectTableModel;
class QCheckBox;
class QLabel;
class QPushButton;
class QTableView;
class Session;

/**
 * Projects with spend today and this month against their limits, create/edit through ProjectDialog,
 * deactivation with confirmation, and the selected project's usage over the last 30 days.
 */
class ProjectsPage final : public QWidget
{
    Q_OBJECT

public:
    explicit ProjectsPage(Session* session, QWidget* parent = nullptr);

    ProjectTableModel* model() const { return m_model; }

public slots:
    void refresh();
    /** Opens the dialog for a new project (non-blocking). */
    void createProject();
    void editProject();
    void deactivateProject();

signals:
    /** A project was created, changed or deactivated. */
    void projectsChanged();

private:
    QString selectedProjectId() const;
    void updateUsage();
    void updateButtons();

    Session* m_session;
    ProjectTableModel* m_model;
    QTableView* m_table;
    QCheckBox* m_showInactive;
    QPushButton* m_new;
    QPushButton* m_edit;
    QPushButton* m_deactivate;
    QLabel* m_usageSummary;
    CostPerDayChart* m_usageChart;
};
