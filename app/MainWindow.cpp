#include "MainWindow.h"

#include "pages/ChatPage.h"
#include "pages/ConnectionPage.h"
#include "pages/CredentialsPage.h"
#include "pages/DashboardPage.h"
#include "pages/KeysPage.h"
#include "pages/LoginPage.h"
#include "pages/ProjectsPage.h"
#include "pages/RequestLogPage.h"
#include "pages/SettingsPage.h"
#include "services/Session.h"

#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

MainWindow::MainWindow(Session* session, CredentialStore* store, const QString& conversationDir, QWidget* parent)
    : QMainWindow(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("AIGW Desktop"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/aigw.png")));
    setMinimumSize(960, 640);

    m_stack = new QStackedWidget(this);
    m_connectionPage = new ConnectionPage(session, store, this);
    m_loginPage = new LoginPage(session, this);

    m_dashboard = new DashboardPage(session, this);
    m_projects = new ProjectsPage(session, this);
    m_keys = new KeysPage(session, this);
    m_credentials = new CredentialsPage(session, this);
    m_requests = new RequestLogPage(session, this);
    m_chat = new ChatPage(session, conversationDir, this);
    m_settings = new SettingsPage(session, this);

    m_nav = new QListWidget(this);
    m_nav->setObjectName(QStringLiteral("navigationList"));
    m_nav->setIconSize(QSize(20, 20));
    m_nav->setFixedWidth(200);
    m_nav->setFrameShape(QFrame::NoFrame);
    m_nav->setSpacing(2);
    m_nav->setStyleSheet(QStringLiteral("QListWidget { background: palette(window); padding-top: 8px; outline: 0; }"
                                        "QListWidget::item { padding: 8px 10px; border-radius: 6px; }"
                                        "QListWidget::item:selected { background: palette(highlight); "
                                        "color: palette(highlighted-text); }"));
    const struct
    {
        QString icon;
        QString text;
    } items[PageCount] = {
        {QStringLiteral("dashboard"), tr("Dashboard")}, {QStringLiteral("projects"), tr("Projects")},
        {QStringLiteral("keys"), tr("Keys")},           {QStringLiteral("credentials"), tr("Provider keys")},
        {QStringLiteral("requests"), tr("Requests")},   {QStringLiteral("chat"), tr("Chat")},
        {QStringLiteral("settings"), tr("Settings")},
    };
    m_pages = new QStackedWidget(this);
    QWidget* pages[PageCount] = {m_dashboard, m_projects, m_keys, m_credentials, m_requests, m_chat, m_settings};
    for (int i = 0; i < PageCount; ++i) {
        auto* item
            = new QListWidgetItem(QIcon(QStringLiteral(":/icons/%1.png").arg(items[i].icon)), items[i].text, m_nav);
        item->setToolTip(tr("%1 (Ctrl+%2)").arg(items[i].text).arg(i + 1));
        m_pages->addWidget(pages[i]);
        auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)), this);
        connect(shortcut, &QShortcut::activated, this, [this, i]() {
            if (m_stack->currentWidget() == m_workspace && !m_nav->item(i)->isHidden())
                showPage(Page(i));
        });
    }

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("pageTitleLabel"));
    QFont tf = m_title->font();
    tf.setPointSizeF(tf.pointSizeF() * 1.4);
    tf.setBold(true);
    m_title->setFont(tf);
    m_who = new QLabel(this);
    m_who->setObjectName(QStringLiteral("sessionLabel"));
    m_who->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    auto* disconnect = new QPushButton(QIcon(QStringLiteral(":/icons/connect.png")), tr("&Disconnect"), this);
    disconnect->setObjectName(QStringLiteral("disconnectButton"));
    auto* header = new QHBoxLayout;
    header->addWidget(m_title);
    header->addStretch(1);
    header->addWidget(m_who);
    header->addSpacing(8);
    header->addWidget(disconnect);

    auto* brand = new QLabel(this);
    brand->setText(QStringLiteral("<b>AIGW</b>"));
    auto* brandIcon = new QLabel(this);
    brandIcon->setPixmap(QIcon(QStringLiteral(":/icons/aigw.png")).pixmap(28, 28));
    auto* brandRow = new QHBoxLayout;
    brandRow->setContentsMargins(12, 12, 12, 4);
    brandRow->addWidget(brandIcon);
    brandRow->addWidget(brand, 1);
    auto* sidebar = new QWidget(this);
    sidebar->setObjectName(QStringLiteral("sidebar"));
    auto* sideLayout = new QVBoxLayout(sidebar);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addLayout(brandRow);
    sideLayout->addWidget(m_nav, 1);

    auto* content = new QWidget(this);
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(20, 14, 20, 16);
    contentLayout->setSpacing(14);
    contentLayout->addLayout(header);
    contentLayout->addWidget(m_pages, 1);

    m_workspace = new QWidget(this);
    auto* workspaceLayout = new QHBoxLayout(m_workspace);
    workspaceLayout->setContentsMargins(0, 0, 0, 0);
    workspaceLayout->setSpacing(0);
    workspaceLayout->addWidget(sidebar);
    auto* line = new QFrame(this);
    line->setFrameShape(QFrame::VLine);
    line->setFrameShadow(QFrame::Sunken);
    workspaceLayout->addWidget(line);
    workspaceLayout->addWidget(content, 1);

    m_stack->addWidget(m_connectionPage);
    m_stack->addWidget(m_loginPage);
    m_stack->addWidget(m_workspace);
    setCentralWidget(m_stack);

    connect(m_nav, &QListWidget::currentRowChanged, this, [this, items](int row) {
        if (row < 0 || row >= PageCount)
            return;
        m_pages->setCurrentIndex(row);
        m_title->setText(items[row].text);
        QSettings().setValue(QStringLiteral("window/page"), row);
        refreshPage(Page(row));
    });
    connect(m_connectionPage, &ConnectionPage::connected, this, &MainWindow::handleConnected);
    connect(m_loginPage, &LoginPage::loggedIn, this, &MainWindow::enterWorkspace);
    connect(m_loginPage, &LoginPage::backRequested, this, &MainWindow::disconnectSession);
    connect(disconnect, &QPushButton::clicked, this, &MainWindow::disconnectSession);
    // Pages that show projects follow changes made on the projects page.
    connect(m_projects, &ProjectsPage::projectsChanged, this, [this]() {
        m_keys->refresh();
        m_credentials->refresh();
    });

    auto* quit = new QShortcut(QKeySequence::Quit, this);
    connect(quit, &QShortcut::activated, this, &QWidget::close);

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 820);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    // The pages' splitters (chat, projects, request log), by object name.
    for (QSplitter* splitter : findChildren<QSplitter*>()) {
        const QByteArray state = settings.value(splitterKey(splitter)).toByteArray();
        if (!splitter->objectName().isEmpty() && !state.isEmpty())
            splitter->restoreState(state);
    }
}

QString MainWindow::splitterKey(const QSplitter* splitter)
{
    return QStringLiteral("window/splitters/") + splitter->objectName();
}

void MainWindow::saveWindowState() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    for (const QSplitter* splitter : findChildren<QSplitter*>())
        if (!splitter->objectName().isEmpty())
            settings.setValue(splitterKey(splitter), splitter->saveState());
}

void MainWindow::handleConnected()
{
    if (m_session->hasDatabase()) {
        m_loginPage->reset();
        m_stack->setCurrentWidget(m_loginPage);
    } else {
        enterWorkspace();
    }
}

void MainWindow::enterWorkspace()
{
    const bool admin = m_session->hasDatabase();
    for (int i = 0; i < PageCount; ++i)
        m_nav->item(i)->setHidden(!admin && i != Chat && i != Settings);
    m_who->setText(admin ? tr("%1 on %2").arg(m_session->admin().email, m_session->profile().name)
                         : tr("Chat via %1").arg(m_session->gatewayUrl()));
    m_stack->setCurrentWidget(m_workspace);
    int page = QSettings().value(QStringLiteral("window/page"), admin ? int(Dashboard) : int(Chat)).toInt();
    if (page < 0 || page >= PageCount || m_nav->item(page)->isHidden())
        page = admin ? Dashboard : Chat;
    m_chat->refresh();
    if (m_nav->currentRow() == page)
        refreshPage(Page(page));
    else
        m_nav->setCurrentRow(page);
    m_nav->setFocus();
}

void MainWindow::disconnectSession()
{
    if (m_chat->isStreaming())
        m_chat->stop();
    m_session->close();
    m_stack->setCurrentWidget(m_connectionPage);
    m_connectionPage->reloadProfiles();
}

void MainWindow::showPage(Page page)
{
    m_nav->setCurrentRow(page);
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(m_pages->currentIndex());
}

QWidget* MainWindow::page(Page page) const
{
    return m_pages->widget(page);
}

void MainWindow::refreshPage(Page page)
{
    switch (page) {
    case Dashboard:
        if (m_dashboard->isVisible())
            m_dashboard->refresh();
        break;
    case Projects:
        m_projects->refresh();
        break;
    case Keys:
        m_keys->refresh();
        break;
    case Credentials:
        m_credentials->refresh();
        break;
    case Requests:
        m_requests->refresh();
        break;
    case Chat:
        break;
    case Settings:
        m_settings->refresh();
        break;
    default:
        break;
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_chat->isStreaming())
        m_chat->stop();
    saveWindowState();
    event->accept();
}
