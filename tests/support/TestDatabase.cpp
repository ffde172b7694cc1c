#include "TestDatabase.h"

#include "security/SecureRandom.h"
#include "storage/Migrator.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace {
/** Runs one statement on the server's maintenance database, on a connection of its own. */
bool adminExec(const DatabaseUrl& server, const QString& sql, QString* error)
{
    const QString name = QStringLiteral("aigw-test-admin-") + SecureRandom::uuid();
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(server.host());
        db.setPort(server.port());
        db.setDatabaseName(server.databaseName());
        db.setUserName(server.userName());
        db.setPassword(server.password());
        db.setConnectOptions(server.connectOptions());
        if (!db.open()) {
            *error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            ok = q.exec(sql);
            if (!ok)
                *error = q.lastError().text();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}
} // namespace

QString TestDatabase::backend()
{
    return qEnvironmentVariable("AIGW_TEST_BACKEND", QStringLiteral("sqlite"));
}

bool TestDatabase::postgresRequired()
{
    return backend() == QLatin1String("postgresql")
        && qEnvironmentVariable("AIGW_TEST_REQUIRE_PG") == QLatin1String("1");
}

std::unique_ptr<TestDatabase> TestDatabase::create(QString* why, bool migrate, bool* absent)
{
    *absent = false;
    std::unique_ptr<TestDatabase> t(new TestDatabase);
    if (backend() == QLatin1String("postgresql")) {
        const QString serverUrl = qEnvironmentVariable("AIGW_TEST_PG_URL");
        if (serverUrl.isEmpty()) {
            *why = QStringLiteral("AIGW_TEST_PG_URL is not set (scripts/test starts a PostgreSQL for the tests)");
            *absent = true;
            return nullptr;
        }
        auto server = DatabaseUrl::parse(serverUrl);
        if (!server) {
            *why = server.error().message;
            return nullptr;
        }
        t->m_pgName = QStringLiteral("aigw_test_") + SecureRandom::uuid().remove(QLatin1Char('-')).left(16);
        QString error;
        if (!adminExec(server.value(), QStringLiteral("CREATE DATABASE ") + t->m_pgName, &error)) {
            *why = QStringLiteral("cannot create a test database on %1: %2").arg(server.value().redacted(), error);
            *absent = true;
            return nullptr;
        }
        t->m_adminUrl = serverUrl;
        QString url = serverUrl;
        url = url.left(url.lastIndexOf(QLatin1Char('/')) + 1) + t->m_pgName;
        t->m_url = DatabaseUrl::parse(url).value();
    } else {
        t->m_url = DatabaseUrl::sqlite(t->m_dir.filePath(QStringLiteral("aigw.db")));
    }
    t->m_db = std::make_unique<Database>(t->m_url);
    if (migrate) {
        auto m = Migrator(*t->m_db).migrate();
        if (!m) {
            *why = QStringLiteral("migration failed: ") + m.error().message;
            return nullptr;
        }
    }
    return t;
}

TestDatabase::~TestDatabase()
{
    m_db.reset();
    if (!m_pgName.isEmpty()) {
        QString error;
        adminExec(DatabaseUrl::parse(m_adminUrl).value(),
                  QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_pgName), &error);
    }
}
