// Every table model of the app under QAbstractItemModelTester (which fails the test on any violation of
// the model contract), through resets with rows, empty lists and back.

#include "models/ApiKeyTableModel.h"
#include "models/CredentialTableModel.h"
#include "models/ProjectTableModel.h"
#include "models/RequestTableModel.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>
#include <QTranslator>

class TestAppModels : public QObject
{
    Q_OBJECT

private:
    static ProjectTableModel::Row projectRow(const QString& name, qint64 todayCost, bool active)
    {
        ProjectTableModel::Row r;
        r.project.id = name + QStringLiteral("-id");
        r.project.name = name;
        r.project.active = active;
        r.project.dailyCostLimitMicros = 10000000;
        r.project.monthlyTokenLimit = 1000000;
        r.today.costMicros = todayCost;
        r.month.totalTokens = 900000;
        return r;
    }

private slots:
    void germanTranslationIsEmbedded()
    {
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QLocale::German), QStringLiteral("aigw-desktop"), QStringLiteral("_"),
                                QStringLiteral(":/i18n")));
        QVERIFY(QCoreApplication::installTranslator(&translator));
        ApiKeyTableModel keys;
        QCOMPARE(keys.headerData(ApiKeyTableModel::LastUsed, Qt::Horizontal).toString(),
                 QStringLiteral("Zuletzt verwendet"));
        QCOMPARE(QCoreApplication::translate("KeysPage", "Revoke key"), QStringLiteral("Schlüssel widerrufen"));
        QCOMPARE(QCoreApplication::translate("ChatPage", "%n model(s) available", nullptr, 3),
                 QStringLiteral("3 Modelle verfügbar"));
        QCoreApplication::removeTranslator(&translator);
        QCOMPARE(keys.headerData(ApiKeyTableModel::LastUsed, Qt::Horizontal).toString(), QStringLiteral("Last used"));
    }

    void projectModel()
    {
        ProjectTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows(
            {projectRow(QStringLiteral("a"), 1000000, true), projectRow(QStringLiteral("b"), 12000000, false)});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(ProjectTableModel::ColumnCount));
        QCOMPARE(model.index(0, ProjectTableModel::Today).data(ProjectTableModel::RatioRole).toDouble(), 0.1);
        QCOMPARE(model.index(1, ProjectTableModel::Today).data(ProjectTableModel::RatioRole).toDouble(), 1.2);
        QCOMPARE(model.index(0, ProjectTableModel::Month).data(ProjectTableModel::RatioRole).toDouble(), 0.9);
        QCOMPARE(model.index(1, ProjectTableModel::State).data().toString(), QStringLiteral("Inactive"));
        QCOMPARE(model.index(0, ProjectTableModel::Today).data().toString(), QStringLiteral("$1.00 of $10.00"));
        QCOMPARE(model.rowOf(QStringLiteral("b-id")), 1);
        model.setRows({});
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(ProjectTableModel::ratio({}, std::nullopt, std::nullopt), -1.0);
    }

    void apiKeyModel()
    {
        ApiKeyTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ApiKey k;
        k.id = QStringLiteral("k1");
        k.keyPrefix = QStringLiteral("gw_abcde_xyz");
        k.name = QStringLiteral("ci");
        k.rateLimitRpm = 60;
        ApiKey revoked = k;
        revoked.id = QStringLiteral("k2");
        revoked.active = false;
        revoked.revokedAt = 1700000000000;
        model.setKeys({k, revoked});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, ApiKeyTableModel::Prefix).data().toString(), QStringLiteral("gw_abcde_xyz…"));
        QCOMPARE(model.index(0, ApiKeyTableModel::RateLimit).data().toString(), QStringLiteral("60/min"));
        QCOMPARE(model.index(0, ApiKeyTableModel::LastUsed).data().toString(), QStringLiteral("never"));
        QVERIFY(model.index(1, ApiKeyTableModel::State).data().toString().startsWith(QStringLiteral("Revoked")));
        QCOMPARE(model.index(1, 0).data(ApiKeyTableModel::ActiveRole).toBool(), false);
        model.setKeys({});
        QCOMPARE(model.rowCount(), 0);
    }

    void credentialModel()
    {
        CredentialTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ProviderCredential c;
        c.provider = QStringLiteral("openai");
        c.keyHint = QStringLiteral("9876");
        c.encryptedKey = QStringLiteral("v1:abc:secret");
        model.setCredentials({c});
        QCOMPARE(model.index(0, CredentialTableModel::Key).data().toString(), QStringLiteral("****9876"));
        QCOMPARE(model.index(0, CredentialTableModel::BaseUrl).data().toString(), QStringLiteral("provider default"));
        for (int col = 0; col < model.columnCount(); ++col)
            QVERIFY(!model.index(0, col).data().toString().contains(QStringLiteral("secret")));
        model.setCredentials({});
        QCOMPARE(model.rowCount(), 0);
    }

    void requestModel()
    {
        RequestTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        RequestRecord ok;
        ok.id = QStringLiteral("r1");
        ok.projectId = QStringLiteral("p1");
        ok.provider = QStringLiteral("gemini");
        ok.inputTokens = 1000;
        ok.outputTokens = 234;
        ok.costMicros = 1250;
        ok.latencyMs = 1500;
        RequestRecord failed = ok;
        failed.id = QStringLiteral("r2");
        failed.status = QStringLiteral("error");
        failed.httpStatus = 502;
        failed.costMicros.reset();
        model.setRows({ok, failed});
        model.setProjectNames({{QStringLiteral("p1"), QStringLiteral("Support")}});
        QCOMPARE(model.index(0, RequestTableModel::Project).data().toString(), QStringLiteral("Support"));
        QCOMPARE(model.index(0, RequestTableModel::Cost).data().toString(), QStringLiteral("$0.0013"));
        QCOMPARE(model.index(0, RequestTableModel::Latency).data().toString(), QStringLiteral("1.5 s"));
        QCOMPARE(model.index(1, RequestTableModel::Cost).data().toString(), QStringLiteral("–"));
        QCOMPARE(model.index(1, RequestTableModel::Status).data().toString(), QStringLiteral("error (502)"));
        QSignalSpy sort(&model, &RequestTableModel::sortRequested);
        model.sort(RequestTableModel::Cost, Qt::AscendingOrder);
        QCOMPARE(sort.size(), 1);
        QCOMPARE(sort.first().at(0).toInt(), int(RequestTableModel::Cost));
        model.setRows({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestAppModels)
#include "TestAppModels.moc"
