// The operator pages against a real database (SQLite and PostgreSQL): projects through the dialog,
// keys shown once and revoked, provider credentials encrypted like the CLI does, the request log paged
// and sorted in SQL with CSV export, and the dashboard loaded off the GUI thread.

#include "SeedData.h"
#include "TestDatabase.h"

#include "charts/CostPerDayChart.h"
#include "charts/LatencyChart.h"
#include "charts/RequestsByProviderChart.h"
#include "charts/TokensByProjectChart.h"
#include "dialogs/MessageBox.h"
#include "models/ApiKeyTableModel.h"
#include "models/CredentialTableModel.h"
#include "models/ProjectTableModel.h"
#include "models/RequestTableModel.h"
#include "pages/CredentialsPage.h"
#include "pages/DashboardPage.h"
#include "pages/KeysPage.h"
#include "pages/ProjectsPage.h"
#include "pages/RequestLogPage.h"
#include "pages/StatCard.h"
#include "security/SecureRandom.h"
#include "services/ApiKeyService.h"
#include "services/CredentialService.h"
#include "services/DashboardLoader.h"
#include "services/ProjectService.h"
#include "services/Session.h"
#include "storage/ApiKeyRepository.h"
#include "storage/CredentialRepository.h"
#include "util/Clock.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

namespace {
/** The one visible top-level dialog with this objectName (dialogs are opened non-blocking). */
template <typename T = QDialog>
T* findDialog(const QString& name)
{
    for (QWidget* w : QApplication::topLevelWidgets())
        if (w->objectName() == name && w->isVisible())
            return qobject_cast<T*>(w);
    return nullptr;
}

template <typename T>
T* childOf(QWidget* parent, const char* name)
{
    T* w = parent->findChild<T*>(QString::fromLatin1(name));
    if (!w)
        qFatal("no widget %s", name);
    return w;
}

bool modelContains(const QAbstractItemModel* model, const QString& text)
{
    for (int r = 0; r < model->rowCount(); ++r)
        for (int c = 0; c < model->columnCount(); ++c)
            if (model->index(r, c).data().toString().contains(text))
                return true;
    return false;
}
} // namespace

class TestAdminPages : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Session> m_session;

    void openSession()
    {
        m_session = std::make_unique<Session>();
        ConnectionProfile profile;
        profile.name = QStringLiteral("test");
        const QByteArray key = QByteArray::fromBase64("3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs=");
        // A non-owning shared_ptr: the TestDatabase outlives the session.
        m_session->adopt(profile,
                         std::shared_ptr<Database>(std::shared_ptr<Database>(), const_cast<Database*>(&m_db->db())),
                         CredentialCipher({key}), {});
    }

    Project makeProject(const QString& name)
    {
        Project p;
        p.name = name;
        p.dailyCostLimitMicros = 1000000;
        auto created = ProjectService(m_db->db()).create(p);
        if (!created)
            qFatal("%s", qPrintable(created.error().message));
        return created.value();
    }

private slots:
    void init()
    {
        AIGW_CREATE_TEST_DATABASE(m_db, true);
        openSession();
    }

    void cleanup()
    {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (qobject_cast<QDialog*>(w))
                w->deleteLater();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        m_session.reset();
        m_db.reset();
    }

    void createProjectThroughTheDialog()
    {
        ProjectsPage page(m_session.get());
        page.show();
        page.refresh();
        QCOMPARE(page.model()->rowCount(), 0);

        QTest::mouseClick(childOf<QPushButton>(&page, "newProjectButton"), Qt::LeftButton);
        QDialog* dialog = findDialog(QStringLiteral("projectDialog"));
        QVERIFY(dialog);
        // An empty name is refused, naming the field, and the dialog stays open.
        childOf<QLineEdit>(dialog, "nameLineEdit")->clear();
        QTest::mouseClick(childOf<QPushButton>(dialog, "saveButton"), Qt::LeftButton);
        QVERIFY(dialog->isVisible());
        QVERIFY(childOf<QLabel>(dialog, "errorLabel")->text().contains(QStringLiteral("name")));
        QCOMPARE(ProjectService(m_db->db()).list(true).value().size(), 0);

        childOf<QLineEdit>(dialog, "nameLineEdit")->setText(QStringLiteral("Support Copilot"));
        childOf<QPlainTextEdit>(dialog, "descriptionEdit")->setPlainText(QStringLiteral("help desk answers"));
        childOf<QLineEdit>(dialog, "dailyTokenLimitEdit")->setText(QStringLiteral("500000"));
        childOf<QLineEdit>(dialog, "monthlyCostLimitEdit")->setText(QStringLiteral("250.50"));
        auto* provider = childOf<QComboBox>(dialog, "defaultProviderComboBox");
        provider->setCurrentIndex(provider->findData(QStringLiteral("anthropic")));
        auto* capability = childOf<QComboBox>(dialog, "defaultCapabilityComboBox");
        capability->setCurrentIndex(capability->findData(QStringLiteral("fast")));
        childOf<QLineEdit>(dialog, "fallbacksLineEdit")->setText(QStringLiteral("openai/gpt-4.1-mini"));
        QTest::mouseClick(childOf<QPushButton>(dialog, "saveButton"), Qt::LeftButton);
        QTRY_VERIFY(!findDialog(QStringLiteral("projectDialog")));

        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(page.model()->index(0, ProjectTableModel::Name).data().toString(), QStringLiteral("Support Copilot"));
        QVERIFY(page.model()->index(0, ProjectTableModel::Month).data().toString().contains(QStringLiteral("$250.50")));
        const auto stored = ProjectService(m_db->db()).resolve(QStringLiteral("Support Copilot"));
        QVERIFY(stored);
        QCOMPARE(stored.value().description, QStringLiteral("help desk answers"));
        QCOMPARE(stored.value().dailyTokenLimit.value_or(0), qint64(500000));
        QCOMPARE(stored.value().monthlyCostLimitMicros.value_or(0), qint64(250500000));
        QCOMPARE(stored.value().defaultProvider, QStringLiteral("anthropic"));
        QCOMPARE(stored.value().defaultCapability, QStringLiteral("fast"));
        QCOMPARE(stored.value().fallbacks, QStringList{QStringLiteral("openai/gpt-4.1-mini")});
    }

    void invalidFallbackIsRefusedByName()
    {
        ProjectsPage page(m_session.get());
        page.show();
        page.createProject();
        QDialog* dialog = findDialog(QStringLiteral("projectDialog"));
        QVERIFY(dialog);
        childOf<QLineEdit>(dialog, "nameLineEdit")->setText(QStringLiteral("x"));
        childOf<QLineEdit>(dialog, "fallbacksLineEdit")->setText(QStringLiteral("groq/llama"));
        QTest::mouseClick(childOf<QPushButton>(dialog, "saveButton"), Qt::LeftButton);
        QVERIFY(dialog->isVisible());
        QVERIFY(childOf<QLabel>(dialog, "errorLabel")->text().contains(QStringLiteral("fallback")));
        QVERIFY(childOf<QLineEdit>(dialog, "fallbacksLineEdit")->hasFocus() || !dialog->isActiveWindow());
        dialog->reject();
    }

    void deactivateAsksFirst()
    {
        const Project p = makeProject(QStringLiteral("Old"));
        ProjectsPage page(m_session.get());
        page.show();
        page.refresh();
        QTableView* table = childOf<QTableView>(&page, "projectsTableView");
        table->selectRow(0);
        MessageBox::setNextAnswer(QMessageBox::No);
        QTest::mouseClick(childOf<QPushButton>(&page, "deactivateProjectButton"), Qt::LeftButton);
        QVERIFY(MessageBox::lastText().contains(QStringLiteral("Old")));
        QVERIFY(ProjectService(m_db->db()).resolve(p.id).value().active);
        MessageBox::setNextAnswer(QMessageBox::Yes);
        QTest::mouseClick(childOf<QPushButton>(&page, "deactivateProjectButton"), Qt::LeftButton);
        QVERIFY(!ProjectService(m_db->db()).resolve(p.id).value().active);
        QCOMPARE(page.model()->rowCount(), 0); // inactive projects are hidden by default
    }

    void spendBarsFollowTheLimits()
    {
        const Project p = makeProject(QStringLiteral("Spender")); // $1 a day
        RequestRecord r;
        r.id = SecureRandom::uuid();
        r.projectId = p.id;
        r.provider = QStringLiteral("openai");
        r.model = QStringLiteral("gpt-4.1");
        r.costMicros = 850000; // 85 %
        r.createdAt = Clock::instance().nowMs();
        QVERIFY(RequestLogRepository(m_db->db()).insertBatch({r}));
        ProjectsPage page(m_session.get());
        page.refresh();
        const double ratio
            = page.model()->index(0, ProjectTableModel::Today).data(ProjectTableModel::RatioRole).toDouble();
        QVERIFY(qAbs(ratio - 0.85) < 1e-9);
        QVERIFY(page.model()->index(0, ProjectTableModel::Month).data(ProjectTableModel::RatioRole).toDouble() < 0);
    }

    void generatedKeyIsShownOnceThenOnlyItsPrefix()
    {
        makeProject(QStringLiteral("Keys"));
        KeysPage page(m_session.get());
        page.show();
        page.refresh();
        QCOMPARE(page.model()->rowCount(), 0);
        QTest::mouseClick(childOf<QPushButton>(&page, "generateKeyButton"), Qt::LeftButton);
        QDialog* ask = findDialog(QStringLiteral("newKeyDialog"));
        QVERIFY(ask);
        childOf<QLineEdit>(ask, "keyNameLineEdit")->setText(QStringLiteral("backend"));
        QTest::mouseClick(childOf<QPushButton>(ask, "generateButton"), Qt::LeftButton);

        QDialog* shown = findDialog(QStringLiteral("keyCreatedDialog"));
        QVERIFY(shown);
        const QString key = childOf<QLineEdit>(shown, "newKeyLineEdit")->text();
        QVERIFY2(key.startsWith(QStringLiteral("gw_")) && key.size() == 41, qPrintable(key));
        QVERIFY(childOf<QLabel>(shown, "warningLabel")->text().contains(QStringLiteral("only this once")));
        QVERIFY(childOf<QPushButton>(shown, "copyKeyButton")->isEnabled());
        // The stored hash matches the key shown.
        const auto stored = ApiKeyRepository(m_db->db()).findByHash(ApiKeyService::hash(key));
        QVERIFY(stored);
        QCOMPARE(stored.value().name, QStringLiteral("backend"));

        QCOMPARE(page.model()->rowCount(), 1);
        QVERIFY(modelContains(page.model(), key.left(12)));
        QVERIFY(!modelContains(page.model(), key));
        QTest::mouseClick(childOf<QPushButton>(shown, "closeButton"), Qt::LeftButton);
        QTRY_VERIFY(!findDialog(QStringLiteral("keyCreatedDialog")));
        // Nothing on screen shows the full key any more.
        for (QLineEdit* e : page.findChildren<QLineEdit*>())
            QVERIFY(!e->text().contains(key));
        page.refresh();
        QVERIFY(!modelContains(page.model(), key));
    }

    void revokeAsksAndRevokes()
    {
        const Project p = makeProject(QStringLiteral("Revoke"));
        auto issued = ApiKeyService(m_db->db()).create(p.id, {QStringLiteral("ci"), {}, {}, {}});
        QVERIFY(issued);
        KeysPage page(m_session.get());
        page.show();
        page.refresh();
        QCOMPARE(page.model()->rowCount(), 1);
        childOf<QTableView>(&page, "keysTableView")->selectRow(0);
        QVERIFY(childOf<QPushButton>(&page, "revokeKeyButton")->isEnabled());
        MessageBox::setNextAnswer(QMessageBox::No);
        QTest::mouseClick(childOf<QPushButton>(&page, "revokeKeyButton"), Qt::LeftButton);
        QVERIFY(ApiKeyRepository(m_db->db()).findById(issued.value().key.id).value().active);
        MessageBox::setNextAnswer(QMessageBox::Yes);
        QTest::mouseClick(childOf<QPushButton>(&page, "revokeKeyButton"), Qt::LeftButton);
        QVERIFY(MessageBox::lastText().contains(issued.value().key.keyPrefix));
        QVERIFY(!ApiKeyRepository(m_db->db()).findById(issued.value().key.id).value().active);
        QCOMPARE(page.model()->rowCount(), 0);
        childOf<QCheckBox>(&page, "showRevokedCheckBox")->setChecked(true);
        QCOMPARE(page.model()->rowCount(), 1);
        QVERIFY(
            page.model()->index(0, ApiKeyTableModel::State).data().toString().startsWith(QStringLiteral("Revoked")));
    }

    void credentialsAreEncryptedAndMasked()
    {
        const Project p = makeProject(QStringLiteral("Creds"));
        CredentialsPage page(m_session.get());
        page.show();
        page.refresh();
        QTest::mouseClick(childOf<QPushButton>(&page, "addCredentialButton"), Qt::LeftButton);
        QDialog* dialog = findDialog(QStringLiteral("credentialDialog"));
        QVERIFY(dialog);
        auto* provider = childOf<QComboBox>(dialog, "providerComboBox");
        provider->setCurrentIndex(provider->findData(QStringLiteral("openai")));
        QCOMPARE(childOf<QLineEdit>(dialog, "apiKeyLineEdit")->echoMode(), QLineEdit::Password);
        childOf<QLineEdit>(dialog, "apiKeyLineEdit")->setText(QStringLiteral("sk-test-secret-9876"));
        childOf<QLineEdit>(dialog, "baseUrlLineEdit")->setText(QStringLiteral("http://localhost:11434/v1"));
        QTest::mouseClick(childOf<QPushButton>(dialog, "saveButton"), Qt::LeftButton);
        QTRY_VERIFY(!findDialog(QStringLiteral("credentialDialog")));

        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(page.model()->index(0, CredentialTableModel::Key).data().toString(), QStringLiteral("****9876"));
        QVERIFY(!modelContains(page.model(), QStringLiteral("sk-test-secret")));
        // Stored as the CLI stores it: an envelope the same cipher opens.
        CredentialService service(m_db->db(), m_session->cipher());
        const auto list = service.list(p.id);
        QVERIFY(list);
        QVERIFY(list.value().first().encryptedKey.startsWith(QStringLiteral("v1:")));
        QCOMPARE(service.reveal(list.value().first()).value(), QStringLiteral("sk-test-secret-9876"));
        QCOMPARE(list.value().first().baseUrl, QStringLiteral("http://localhost:11434/v1"));

        childOf<QTableView>(&page, "credentialsTableView")->selectRow(0);
        MessageBox::setNextAnswer(QMessageBox::Yes);
        QTest::mouseClick(childOf<QPushButton>(&page, "deleteCredentialButton"), Qt::LeftButton);
        QCOMPARE(page.model()->rowCount(), 0);
        QCOMPARE(service.list(p.id).value().size(), 0);
    }

    void requestLogPagesSortsFiltersAndExports()
    {
        auto projects = SeedData::projects(m_db->db());
        QVERIFY(projects);
        SeedData::Options opt;
        opt.days = 3;
        opt.requestsPerDay = 60;
        auto n = SeedData::requests(m_db->db(), projects.value(), opt);
        QVERIFY(n);
        QVERIFY(n.value() > 2 * RequestLogPage::PageSize);

        RequestLogPage page(m_session.get());
        page.show();
        auto* range = childOf<QComboBox>(&page, "rangeComboBox");
        range->setCurrentIndex(range->findText(QStringLiteral("All time")));
        page.refresh();
        // Pages come from a worker thread: refresh() returns before the queries ran.
        QVERIFY(page.isLoading());
        QTRY_VERIFY(!page.isLoading());
        QCOMPARE(page.totalRows(), qint64(n.value()));
        QCOMPARE(page.model()->rowCount(), RequestLogPage::PageSize);
        QVERIFY(childOf<QComboBox>(&page, "modelComboBox")->count() > 1); // "All models" + the seeded ones
        const QString firstOnPage0 = page.model()->index(0, 0).data(RequestTableModel::RequestIdRole).toString();
        QTest::mouseClick(childOf<QPushButton>(&page, "nextPageButton"), Qt::LeftButton);
        QTRY_VERIFY(!page.isLoading());
        QCOMPARE(page.pageIndex(), 1);
        QVERIFY(page.model()->index(0, 0).data(RequestTableModel::RequestIdRole).toString() != firstOnPage0);
        QVERIFY(childOf<QLabel>(&page, "pageLabel")->text().contains(QStringLiteral("51")));

        // Sorting by latency happens in SQL, over all rows.
        page.model()->sort(RequestTableModel::Latency, Qt::DescendingOrder);
        QTRY_VERIFY(!page.isLoading());
        QCOMPARE(page.pageIndex(), 0);
        const auto maxRow = RequestLogRepository(m_db->db())
                                .list({}, 1, 0, {RequestLogRepository::SortColumn::Latency, false})
                                .value()
                                .first();
        QCOMPARE(page.model()->recordAt(0)->id, maxRow.id);

        auto* provider = childOf<QComboBox>(&page, "providerComboBox");
        provider->setCurrentIndex(provider->findData(QStringLiteral("gemini")));
        QTRY_VERIFY(!page.isLoading());
        QVERIFY(page.totalRows() > 0 && page.totalRows() < n.value());
        for (int r = 0; r < page.model()->rowCount(); ++r)
            QCOMPARE(page.model()->recordAt(r)->provider, QStringLiteral("gemini"));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("log.csv"));
        auto written = page.exportCsv(path);
        QVERIFY(written);
        QCOMPARE(written.value(), page.totalRows());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        QVERIFY(lines.first().startsWith("id,created_at,project"));
        QCOMPARE(qint64(lines.size() - 2), written.value()); // header + rows, trailing empty line
    }

    void dashboardLoadsOffTheGuiThread()
    {
        auto projects = SeedData::projects(m_db->db());
        QVERIFY(projects);
        SeedData::Options opt;
        opt.days = 10;
        opt.requestsPerDay = 20;
        QVERIFY(SeedData::requests(m_db->db(), projects.value(), opt));

        const DashboardData d = DashboardLoader::compute(m_db->db(), 30, Clock::instance().nowMs());
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QCOMPARE(d.activeProjects, 5);
        QVERIFY(d.requestsMonth > 0);
        QVERIFY(d.requestsByProvider.size() == 3);
        QVERIFY(!d.latency.isEmpty());
        QVERIFY(d.latency.first().p50 <= d.latency.first().p95);
        QCOMPARE(d.recent.size(), 12);

        DashboardPage page(m_session.get());
        QSignalSpy refreshed(&page, &DashboardPage::refreshed);
        page.resize(1200, 900);
        page.show(); // starts a load
        QVERIFY(refreshed.wait(20000));
        QCOMPARE(page.data().requestsMonth, d.requestsMonth);
        QCOMPARE(page.findChild<CostPerDayChart*>()->seriesCount(), 3);
        QCOMPARE(page.findChild<RequestsByProviderChart*>()->sliceCount(), 3);
        QCOMPARE(page.findChild<TokensByProjectChart*>()->barCount(), 5);
        QVERIFY(page.findChild<LatencyChart*>()->providerCount() >= 1);
        QCOMPARE(childOf<StatCard>(&page, "activeProjectsCard")->value(), QStringLiteral("5"));
        // 7-day range: the range change triggers another load.
        page.setRangeDays(7);
        QVERIFY(refreshed.wait(20000));
        QCOMPARE(page.data().days, 7);
    }
};

QTEST_MAIN(TestAdminPages)
#include "TestAdminPages.moc"
