// aigw-screenshots OUTPUT_DIR: seeds an SQLite database with realistic data (projects, keys, provider
// keys, 30 days of requests, a saved conversation), then renders every page of aigw-desktop offscreen
// into OUTPUT_DIR/*.png with QWidget::grab().

#include "FakeGateway.h"
#include "SeedData.h"

#include "MainWindow.h"
#include "dialogs/KeyCreatedDialog.h"
#include "dialogs/ProjectDialog.h"
#include "pages/ChatPage.h"
#include "pages/CredentialsPage.h"
#include "pages/DashboardPage.h"
#include "pages/KeysPage.h"
#include "pages/LoginPage.h"
#include "pages/ProjectPicker.h"
#include "pages/ProjectsPage.h"
#include "pages/RequestLogPage.h"
#include "security/SecureRandom.h"
#include "services/ApiKeyService.h"
#include "services/ConversationStore.h"
#include "services/CredentialService.h"
#include "services/MemoryCredentialStore.h"
#include "services/ProjectService.h"
#include "services/Session.h"
#include "storage/Database.h"
#include "storage/Migrator.h"
#include "storage/UsageRepository.h"
#include "util/Clock.h"

#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

namespace {
void settle(int ms = 150)
{
    QTest::qWait(ms);
    QCoreApplication::processEvents();
}

bool save(QWidget* w, const QString& dir, const QString& name)
{
    settle();
    const QString path = QDir(dir).filePath(name + QStringLiteral(".png"));
    const bool ok = w->grab().save(path);
    std::fprintf(stderr, "%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

void die(const QString& what)
{
    std::fprintf(stderr, "aigw-screenshots: %s\n", qPrintable(what));
    std::exit(1);
}
} // namespace

int main(int argc, char* argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("aigw-screenshots"));
    QApplication::setApplicationName(QStringLiteral("aigw-screenshots"));
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QApplication::setFont(QFont(QStringLiteral("DejaVu Sans"), 10));
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("docs/screenshots");
    QDir().mkpath(out);

    QTemporaryDir tmp;
    const QString dbPath = tmp.filePath(QStringLiteral("aigw.db"));
    auto db = std::make_shared<Database>(DatabaseUrl::sqlite(dbPath));
    if (auto m = Migrator(*db).migrate(); !m)
        die(m.error().message);
    auto projects = SeedData::projects(*db);
    if (!projects)
        die(projects.error().message);
    SeedData::Options opt;
    opt.days = 30;
    opt.requestsPerDay = 90;
    if (auto n = SeedData::requests(*db, projects.value(), opt); !n)
        die(n.error().message);
    // Two projects close to (amber) and over (red) their monthly budget, so the bars show both states.
    {
        const QDate today = Clock::utcDay(Clock::instance().nowMs());
        ProjectService service(*db);
        for (int i : {1, 2}) {
            Project p = projects.value().at(i);
            const auto month = UsageRepository(*db).projectMonth(p.id, today);
            if (!month || month.value().costMicros == 0)
                continue;
            p.monthlyCostLimitMicros
                = qint64(double(month.value().costMicros) / (i == 1 ? 0.86 : 1.04)) / 10000 * 10000;
            service.update(p);
        }
    }
    const QByteArray key = SecureRandom::bytes(32);
    CredentialCipher cipher({key});
    ApiKeyService keys(*db);
    CredentialService credentials(*db, cipher);
    const Project& support = projects.value().first();
    for (const char* name : {"help-desk production", "help-desk staging", "batch reindex"}) {
        ApiKeyService::Options o;
        o.name = QString::fromLatin1(name);
        o.rateLimitRpm = 120;
        keys.create(support.id, o);
    }
    credentials.set(support.id, QStringLiteral("anthropic"), QStringLiteral("sk-ant-api03-demo-key-7f3a"), {});
    credentials.set(support.id, QStringLiteral("openai"), QStringLiteral("sk-proj-demo-key-51c9"), {});
    credentials.set(support.id, QStringLiteral("gemini"), QStringLiteral("AIzaSyDemoKey-0b2e"),
                    QStringLiteral("https://generativelanguage.googleapis.com/v1beta"));

    FakeGateway fake;
    fake.start();
    const QString conversations = tmp.filePath(QStringLiteral("conversations"));
    Conversation c;
    c.title = QStringLiteral("Summarise the incident report");
    c.systemPrompt = QStringLiteral("You are a concise site-reliability assistant.");
    c.capability = QStringLiteral("balanced");
    c.messages << Conversation::Message{QStringLiteral("user"),
                                        QStringLiteral("Summarise yesterday's incident in three bullet points."),
                                        {},
                                        {},
                                        0,
                                        0,
                                        {},
                                        false,
                                        0};
    c.messages << Conversation::Message{
        QStringLiteral("assistant"),
        QStringLiteral("**Incident 2024-118** — elevated error rates on the gateway:\n\n"
                       "- Between 14:02 and 14:19 UTC, *anthropic* returned `529 overloaded` for 7 % of requests.\n"
                       "- Fallbacks to `openai/gpt-4.1-mini` kept the success rate above 99 %.\n"
                       "- No budget limits were crossed; cost impact was **$3.12**.\n\n"
                       "Next step: raise the retry budget for `claude-sonnet-4-5` from 1 to 2."),
        QStringLiteral("anthropic"),
        QStringLiteral("claude-sonnet-4-5"),
        412,
        96,
        2676,
        false,
        0};
    c.messages << Conversation::Message{
        QStringLiteral("user"), QStringLiteral("Draft a status page update."), {}, {}, 0, 0, {}, false, 0};
    c.messages << Conversation::Message{
        QStringLiteral("assistant"),
        QStringLiteral("### Resolved: elevated error rates\n\nFrom 14:02 to 14:19 UTC some AI requests failed or "
                       "were slower than usual because an upstream provider was overloaded. Requests were "
                       "automatically rerouted and the issue is resolved. We are adding more retry capacity."),
        QStringLiteral("anthropic"),
        QStringLiteral("claude-sonnet-4-5"),
        540,
        71,
        2685,
        false,
        0};
    ConversationStore(conversations).save(c);
    Conversation c2;
    c2.title = QStringLiteral("Regex for ISO dates");
    c2.messages << Conversation::Message{
        QStringLiteral("user"), QStringLiteral("A regex for ISO dates?"), {}, {}, 0, 0, {}, false, 0};
    ConversationStore(conversations).save(c2);

    Session session;
    MemoryCredentialStore store;
    MainWindow window(&session, &store, conversations);
    window.resize(1360, 860);
    window.show();
    settle(300);

    // Connection page (before connecting).
    save(&window, out, QStringLiteral("01-connection"));

    ConnectionProfile profile;
    profile.id = QStringLiteral("demo");
    profile.name = QStringLiteral("Production gateway");
    profile.sqlitePath = dbPath;
    profile.gatewayUrl = fake.url();
    session.adopt(profile, db, cipher, QStringLiteral("gw_demo0_0123456789abcdefghijklmnopqrstuv"));
    window.loginPage()->reset();
    window.loginPage()
        ->findChild<QLineEdit*>(QStringLiteral("emailLineEdit"))
        ->setText(QStringLiteral("ops@example.com"));
    qobject_cast<QStackedWidget*>(window.centralWidget())->setCurrentWidget(window.loginPage());
    save(&window, out, QStringLiteral("02-login"));

    Admin admin;
    admin.id = SecureRandom::uuid();
    admin.email = QStringLiteral("ops@example.com");
    session.setAdmin(admin);
    window.enterWorkspace();

    QSignalSpy refreshed(window.dashboardPage(), &DashboardPage::refreshed);
    window.showPage(MainWindow::Dashboard);
    if (refreshed.isEmpty() && !refreshed.wait(20000))
        die(QStringLiteral("the dashboard did not load"));
    window.resize(1360, 1120); // tall enough for the recent activity below the charts
    save(&window, out, QStringLiteral("03-dashboard"));
    window.resize(1360, 860);

    window.showPage(MainWindow::Projects);
    window.projectsPage()->findChild<QTableView*>(QStringLiteral("projectsTableView"))->selectRow(0);
    save(&window, out, QStringLiteral("04-projects"));
    window.projectsPage()->editProject();
    for (QWidget* w : QApplication::topLevelWidgets())
        if (w->objectName() == QLatin1String("projectDialog") && w->isVisible()) {
            save(w, out, QStringLiteral("05-project-dialog"));
            w->close();
        }

    window.keysPage()->findChild<ProjectPicker*>()->selectProject(support.id);
    window.credentialsPage()->findChild<ProjectPicker*>()->selectProject(support.id);
    window.showPage(MainWindow::Keys);
    window.keysPage()->findChild<ProjectPicker*>()->selectProject(support.id);
    save(&window, out, QStringLiteral("06-keys"));
    auto* shown
        = new KeyCreatedDialog(ApiKeyService::generate(support.id), QStringLiteral("help-desk production"), &window);
    shown->show();
    save(shown, out, QStringLiteral("07-key-created"));
    shown->close();

    window.showPage(MainWindow::Credentials);
    window.credentialsPage()->findChild<ProjectPicker*>()->selectProject(support.id);
    save(&window, out, QStringLiteral("08-provider-keys"));

    window.showPage(MainWindow::Requests);
    // The log loads on a worker thread.
    if (!QTest::qWaitFor([&window]() { return !window.requestLogPage()->isLoading(); }, 10000))
        die(QStringLiteral("the request log did not load"));
    auto* log = window.page(MainWindow::Requests)->findChild<QTableView*>(QStringLiteral("requestTableView"));
    log->selectRow(2);
    save(&window, out, QStringLiteral("09-requests"));

    window.showPage(MainWindow::Chat);
    settle(600); // the model list comes from the fake gateway
    auto* list = window.chatPage()->findChild<QListWidget*>(QStringLiteral("conversationListWidget"));
    const auto found = list->findItems(c.title, Qt::MatchExactly);
    if (!found.isEmpty()) {
        list->setCurrentItem(found.first());
        emit list->itemActivated(found.first());
    }
    save(&window, out, QStringLiteral("10-chat"));

    window.showPage(MainWindow::Settings);
    save(&window, out, QStringLiteral("11-settings"));
    return 0;
}
