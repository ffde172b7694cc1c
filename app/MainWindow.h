#pragma once

#include <QMainWindow>

class ChatPage;
class ConnectionPage;
class CredentialStore;
class CredentialsPage;
class DashboardPage;
class KeysPage;
class LoginPage;
class ProjectsPage;
class QLabel;
class QListWidget;
class QSplitter;
class QStackedWidget;
class RequestLogPage;
class Session;
class SettingsPage;

/**
 * The window: connection → sign-in → workspace (a sidebar of pages). Chat-only connections see only
 * Chat and Settings. Geometry, splitter positions and the last page are restored from QSettings;
 * Ctrl+Q closes the window.
 */
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    enum Page { Dashboard, Projects, Keys, Credentials, Requests, Chat, Settings, PageCount };

    MainWindow(Session* session, CredentialStore* store, const QString& conversationDir, QWidget* parent = nullptr);

    void showPage(Page page);
    Page currentPage() const;
    QWidget* page(Page page) const;

    ConnectionPage* connectionPage() const { return m_connectionPage; }
    LoginPage* loginPage() const { return m_loginPage; }
    DashboardPage* dashboardPage() const { return m_dashboard; }
    ProjectsPage* projectsPage() const { return m_projects; }
    KeysPage* keysPage() const { return m_keys; }
    CredentialsPage* credentialsPage() const { return m_credentials; }
    RequestLogPage* requestLogPage() const { return m_requests; }
    ChatPage* chatPage() const { return m_chat; }
    SettingsPage* settingsPage() const { return m_settings; }

    /** Shows the workspace directly (after a connection and sign-in done elsewhere, e.g. tests). */
    void enterWorkspace();
    /** Stores geometry, dock state and the pages' splitter positions (done on close). */
    void saveWindowState() const;

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    static QString splitterKey(const QSplitter* splitter);
    void handleConnected();
    void disconnectSession();
    void refreshPage(Page page);

    Session* m_session;
    QStackedWidget* m_stack;
    ConnectionPage* m_connectionPage;
    LoginPage* m_loginPage;
    QWidget* m_workspace;
    QListWidget* m_nav;
    QStackedWidget* m_pages;
    QLabel* m_title;
    QLabel* m_who;
    DashboardPage* m_dashboard;
    ProjectsPage* m_projects;
    KeysPage* m_keys;
    CredentialsPage* m_credentials;
    RequestLogPage* m_requests;
    ChatPage* m_chat;
    SettingsPage* m_settings;
};
