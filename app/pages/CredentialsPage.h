#pragma once

#include <QWidget>

class CredentialTableModel;
class ProjectPicker;
class QLabel;
class QPushButton;
class QTableView;
class Session;

/** A project's provider API keys: add, replace, delete; shown masked; encrypted like the CLI does. */
class CredentialsPage final : public QWidget
{
    Q_OBJECT

public:
    explicit CredentialsPage(Session* session, QWidget* parent = nullptr);

    CredentialTableModel* model() const { return m_model; }

public slots:
    void refresh();
    void addCredential();
    void replaceCredential();
    void deleteCredential();

private:
    void loadCredentials();
    void updateButtons();
    void openDialog(const QString& provider, const QString& baseUrl);

    Session* m_session;
    ProjectPicker* m_project;
    CredentialTableModel* m_model;
    QTableView* m_table;
    QPushButton* m_add;
    QPushButton* m_replace;
    QPushButton* m_delete;
    QLabel* m_banner;
};
