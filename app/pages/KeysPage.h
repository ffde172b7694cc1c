#pragma once

#include <QWidget>

class ApiKeyTableModel;
class ProjectPicker;
class QCheckBox;
class QLabel;
class QPushButton;
class QTableView;
class Session;

/** A project's gateway keys: generate (shown once), list, revoke with confirmation. */
class KeysPage final : public QWidget
{
    Q_OBJECT

public:
    explicit KeysPage(Session* session, QWidget* parent = nullptr);

    ApiKeyTableModel* model() const { return m_model; }

public slots:
    /** Reloads the project list and the keys. */
    void refresh();
    void generateKey();
    void revokeKey();

private:
    void loadKeys();
    void updateButtons();

    Session* m_session;
    ProjectPicker* m_project;
    ApiKeyTableModel* m_model;
    QTableView* m_table;
    QCheckBox* m_showRevoked;
    QPushButton* m_generate;
    QPushButton* m_revoke;
    QLabel* m_empty;
};
