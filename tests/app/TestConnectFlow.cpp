// What a new operator does first, through the real window: pick the gateway's SQLite file, connect
// (secrets go to the keychain, or the page says there is none), sign in with an account created like
// `aigw admin create` does, and land on the workspace.

#include "MainWindow.h"
#include "pages/ConnectionPage.h"
#include "pages/LoginPage.h"
#include "services/AdminService.h"
#include "services/MemoryCredentialStore.h"
#include "services/Session.h"
#include "storage/Database.h"
#include "storage/Migrator.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class TestConnectFlow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_dbPath;

    template <typename T>
    static T* child(QWidget* parent, const char* name)
    {
        T* w = parent->findChild<T*>(QString::fromLatin1(name));
        if (!w)
            qFatal("no widget %s", name);
        return w;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("aigw-test"));
        QCoreApplication::setApplicationName(QStringLiteral("TestConnectFlow"));
        m_dbPath = m_dir.filePath(QStringLiteral("aigw.db"));
        Database db(DatabaseUrl::sqlite(m_dbPath));
        QVERIFY(Migrator(db).migrate());
        auto admin = AdminService(db).create(QStringLiteral("ops@example.com"), QStringLiteral("correct horse battery"),
                                             Admin::Role::Admin);
        QVERIFY2(admin, qPrintable(admin ? QString() : admin.error().message));
        db.releaseThreadConnection();
    }

    void init() { QSettings().clear(); }

    void connectSignInAndReachTheWorkspace()
    {
        Session session;
        MemoryCredentialStore store;
        MainWindow window(&session, &store, m_dir.filePath(QStringLiteral("conversations")));
        window.show();
        ConnectionPage* page = window.connectionPage();
        child<QLineEdit>(page, "profileNameLineEdit")->setText(QStringLiteral("Local"));
        child<QLineEdit>(page, "sqlitePathLineEdit")->setText(m_dbPath);
        child<QLineEdit>(page, "gatewayKeyLineEdit")->setText(QStringLiteral("gw_abcde_secret"));
        QVERIFY(child<QCheckBox>(page, "rememberCheckBox")->isChecked());
        QTest::mouseClick(child<QPushButton>(page, "connectButton"), Qt::LeftButton);
        QVERIFY2(!child<QLabel>(page, "errorLabel")->isVisible(),
                 qPrintable(child<QLabel>(page, "errorLabel")->text()));
        QVERIFY(session.isOpen());
        QVERIFY(session.hasCipher()); // from the aigw.db.secrets file, as the gateway does
        auto* stack = qobject_cast<QStackedWidget*>(window.centralWidget());
        QCOMPARE(stack->currentWidget(), window.loginPage());
        // The gw_ key went to the keychain, not to the settings file.
        QTRY_COMPARE(store.values().size(), 1);
        QCOMPARE(store.values().begin().value(), QStringLiteral("gw_abcde_secret"));
        QSettings settings;
        for (const QString& k : settings.allKeys())
            QVERIFY(!settings.value(k).toString().contains(QStringLiteral("gw_abcde_secret")));

        LoginPage* login = window.loginPage();
        child<QLineEdit>(login, "emailLineEdit")->setText(QStringLiteral("ops@example.com"));
        child<QLineEdit>(login, "passwordLineEdit")->setText(QStringLiteral("wrong password!"));
        QTest::mouseClick(child<QPushButton>(login, "signInButton"), Qt::LeftButton);
        QTRY_VERIFY(child<QLabel>(login, "errorLabel")->isVisible());
        QVERIFY(!session.isLoggedIn());
        child<QLineEdit>(login, "passwordLineEdit")->setText(QStringLiteral("correct horse battery"));
        QTest::mouseClick(child<QPushButton>(login, "signInButton"), Qt::LeftButton);
        // The password check runs off the GUI thread: the click returns at once with the form disabled,
        // and the window keeps handling events until the answer arrives.
        QVERIFY(login->isSigningIn());
        QVERIFY(!child<QPushButton>(login, "signInButton")->isEnabled());
        QVERIFY(!session.isLoggedIn());
        QTRY_VERIFY(session.isLoggedIn());
        QVERIFY(!login->isSigningIn());
        QVERIFY(stack->currentWidget() != window.loginPage() && stack->currentWidget() != window.connectionPage());
        QVERIFY(child<QLabel>(&window, "sessionLabel")->text().contains(QStringLiteral("ops@example.com")));

        // The profile is remembered, and its secret is read back from the keychain next time.
        window.close();
        Session session2;
        MainWindow again(&session2, &store, m_dir.filePath(QStringLiteral("conversations")));
        QCOMPARE(child<QListWidget>(again.connectionPage(), "profileListWidget")->count(), 1);
        QCOMPARE(child<QLineEdit>(again.connectionPage(), "sqlitePathLineEdit")->text(), m_dbPath);
        QTRY_COMPARE(child<QLineEdit>(again.connectionPage(), "gatewayKeyLineEdit")->text(),
                     QStringLiteral("gw_abcde_secret"));
    }

    void withoutAKeychainTheUserIsToldAndNothingIsStored()
    {
        {
            QSettings settings;
            settings.beginWriteArray(QStringLiteral("profiles"), 1);
            settings.setArrayIndex(0);
            settings.setValue(QStringLiteral("id"), QStringLiteral("p1"));
            settings.setValue(QStringLiteral("name"), QStringLiteral("Saved"));
            settings.setValue(QStringLiteral("kind"), QStringLiteral("sqlite"));
            settings.setValue(QStringLiteral("sqlitePath"), m_dbPath);
            settings.endArray();
        }
        Session session;
        MemoryCredentialStore store(false);
        MainWindow window(&session, &store, m_dir.filePath(QStringLiteral("conversations")));
        window.show();
        ConnectionPage* page = window.connectionPage();
        QTRY_VERIFY(page->keychainUnavailable());
        auto* status = child<QLabel>(page, "keychainStatusLabel");
        QVERIFY(status->isVisible());
        QVERIFY(status->text().contains(QStringLiteral("No system keychain")));
        QVERIFY(!child<QCheckBox>(page, "rememberCheckBox")->isEnabled());
        child<QLineEdit>(page, "gatewayKeyLineEdit")->setText(QStringLiteral("gw_typed_each_time"));
        QTest::mouseClick(child<QPushButton>(page, "connectButton"), Qt::LeftButton);
        QVERIFY(session.isOpen());
        QCOMPARE(session.gatewayKey(), QStringLiteral("gw_typed_each_time"));
        QVERIFY(store.values().isEmpty());
        QSettings settings;
        for (const QString& k : settings.allKeys())
            QVERIFY(!settings.value(k).toString().contains(QStringLiteral("gw_typed_each_time")));
    }

    void splitterPositionsAreRestored()
    {
        const QString conversations = m_dir.filePath(QStringLiteral("conversations"));
        // Moves the handle to the given share of the splitter; returns the first pane's size.
        const auto moveHandle = [](QSplitter* splitter, double share) {
            const QList<int> sizes = splitter->sizes();
            const int total = sizes.at(0) + sizes.at(1);
            splitter->setSizes({int(total * share), total - int(total * share)});
            return splitter->sizes().at(0);
        };
        int chatFirst = 0;
        int logFirst = 0;
        {
            Session session;
            MemoryCredentialStore store;
            MainWindow window(&session, &store, conversations);
            window.resize(1280, 820);
            window.show();
            window.enterWorkspace();
            window.showPage(MainWindow::Chat);
            auto* chat = child<QSplitter>(&window, "chatSplitter");
            QTRY_VERIFY(chat->isVisible());
            chatFirst = moveHandle(chat, 0.45); // the default is 1:4
            window.showPage(MainWindow::Requests);
            auto* log = child<QSplitter>(&window, "requestLogSplitter");
            QTRY_VERIFY(log->isVisible());
            logFirst = moveHandle(log, 0.5); // the default is 3:1
            window.close();
        }
        Session session;
        MemoryCredentialStore store;
        MainWindow again(&session, &store, conversations);
        again.show();
        again.enterWorkspace();
        again.showPage(MainWindow::Chat);
        auto* chat = child<QSplitter>(&again, "chatSplitter");
        QTRY_VERIFY(chat->isVisible());
        QVERIFY2(qAbs(chat->sizes().at(0) - chatFirst) <= 2,
                 qPrintable(QStringLiteral("%1 vs %2").arg(chat->sizes().at(0)).arg(chatFirst)));
        again.showPage(MainWindow::Requests);
        auto* log = child<QSplitter>(&again, "requestLogSplitter");
        QTRY_VERIFY(log->isVisible());
        QVERIFY2(qAbs(log->sizes().at(0) - logFirst) <= 2,
                 qPrintable(QStringLiteral("%1 vs %2").arg(log->sizes().at(0)).arg(logFirst)));
    }

    void badPathIsExplained()
    {
        Session session;
        MemoryCredentialStore store;
        MainWindow window(&session, &store, m_dir.filePath(QStringLiteral("conversations")));
        window.show();
        ConnectionPage* page = window.connectionPage();
        // A path below a regular file can be neither created nor opened.
        QFile blocker(m_dir.filePath(QStringLiteral("not-a-dir")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        child<QLineEdit>(page, "sqlitePathLineEdit")->setText(blocker.fileName() + QStringLiteral("/aigw.db"));
        QTest::mouseClick(child<QPushButton>(page, "connectButton"), Qt::LeftButton);
        QVERIFY(!session.isOpen());
        QVERIFY2(child<QLabel>(page, "errorLabel")->text().startsWith(QStringLiteral("Could not connect")),
                 qPrintable(child<QLabel>(page, "errorLabel")->text()));
    }
};

QTEST_MAIN(TestConnectFlow)
#include "TestConnectFlow.moc"
