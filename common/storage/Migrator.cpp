#include "Migrator.h"

#include "Database.h"
#include "SqlScript.h"
#include "security/Digest.h"
#include "util/Clock.h"
#include "util/LogCategories.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <QRegularExpression>

namespace {
// An arbitrary, fixed key for pg_advisory_lock: "aigw" in ASCII.
constexpr qint64 kMigrationLockKey = 0x61696777;

QString dialectDir(SqlDialect d)
{
    return d == SqlDialect::PostgreSQL ? QStringLiteral(":/sql/postgresql") : QStringLiteral(":/sql/sqlite");
}
} // namespace

Migrator::Migrator(const Database& db)
    : m_db(db)
{ }

QList<Migrator::Migration> Migrator::available(SqlDialect dialect)
{
    static const QRegularExpression re(QStringLiteral("^(\\d{4})_([a-z0-9_]+)\\.sql$"));
    QList<Migration> out;
    const QStringList files = QDir(dialectDir(dialect)).entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    for (const QString& file : files) {
        const auto m = re.match(file);
        if (!m.hasMatch())
            continue;
        QFile f(dialectDir(dialect) + QLatin1Char('/') + file);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray bytes = f.readAll();
        out << Migration{m.captured(1).toInt(), m.captured(2), QString::fromUtf8(bytes),
                         QString::fromLatin1(Digest::sha256(bytes).toHex())};
    }
    return out;
}

int Migrator::latestVersion(SqlDialect dialect)
{
    const auto all = available(dialect);
    return all.isEmpty() ? 0 : all.last().version;
}

Result<void> Migrator::ensureTable() const
{
    auto r = m_db.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                      "version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, "
                                      "applied_at BIGINT NOT NULL)"));
    if (!r)
        return r.error();
    return {};
}

Result<int> Migrator::currentVersion() const
{
    auto exists = m_db.isPostgres()
        ? m_db.exec(QStringLiteral("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() "
                                   "AND table_name = 'schema_migrations'"))
        : m_db.exec(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"));
    if (!exists)
        return exists.error();
    if (!exists.value().next())
        return 0;
    auto r = m_db.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    if (!r)
        return r.error();
    r.value().next();
    return r.value().value(0).toInt();
}

Result<void> Migrator::checkUpToDate() const
{
    auto v = currentVersion();
    if (!v)
        return v.error();
    const int latest = latestVersion(m_db.dialect());
    if (v.value() < latest)
        return Error::unavailable(
            QStringLiteral("database schema is at version %1, this build needs %2; run 'aigw migrate'")
                .arg(v.value())
                .arg(latest));
    return {};
}

Result<int> Migrator::migrate()
{
    int applied = 0;
    if (m_db.isPostgres()) {
        // A session lock held across all migrations: a second process waits here, then finds nothing to do.
        // Taken before creating schema_migrations: two concurrent CREATE TABLE IF NOT EXISTS can both pass
        // the existence check and the second fail on the catalog's unique index.
        if (auto l = m_db.exec(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(kMigrationLockKey)); !l)
            return l.error();
        auto t = ensureTable();
        auto r = t ? applyPending(&applied) : t;
        m_db.exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(kMigrationLockKey));
        if (!r)
            return r.error();
        return applied;
    }
    if (auto t = ensureTable(); !t)
        return t.error();
    auto r = applyPending(&applied);
    if (!r)
        return r.error();
    return applied;
}

Result<void> Migrator::applyPending(int* applied)
{
    const auto migrations = available(m_db.dialect());
    if (migrations.isEmpty())
        return Error::internal(QStringLiteral("no migrations are embedded in this build"));
    for (const Migration& m : migrations) {
        auto result = m_db.transaction([&]() -> Result<void> {
            // Re-read inside the transaction: another process may have applied it meanwhile.
            auto known = m_db.exec(QStringLiteral("SELECT version, checksum FROM schema_migrations"));
            if (!known)
                return known.error();
            QMap<int, QString> checksums;
            while (known.value().next())
                checksums.insert(known.value().value(0).toInt(), known.value().value(1).toString());
            const int newest = checksums.isEmpty() ? 0 : checksums.lastKey();
            if (newest > migrations.last().version)
                return Error::conflict(QStringLiteral("database schema version %1 is newer than this build "
                                                      "supports (%2); upgrade aigw")
                                           .arg(newest)
                                           .arg(migrations.last().version));
            if (checksums.contains(m.version)) {
                if (checksums.value(m.version) != m.checksum)
                    return Error::conflict(QStringLiteral("migration %1_%2 was changed after it was applied "
                                                          "(checksum %3, now %4); migrations are append-only: "
                                                          "restore the file and add a new migration instead")
                                               .arg(m.version, 4, 10, QLatin1Char('0'))
                                               .arg(m.name, checksums.value(m.version).left(12), m.checksum.left(12)));
                return {};
            }
            const QStringList statements = SqlScript::split(m.sql);
            for (const QString& statement : statements) {
                auto r = m_db.exec(statement);
                if (!r)
                    return Error::internal(QStringLiteral("migration %1_%2 failed: %3")
                                               .arg(m.version, 4, 10, QLatin1Char('0'))
                                               .arg(m.name, r.error().message));
            }
            auto rec = m_db.exec(
                QStringLiteral(
                    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)"),
                {m.version, m.name, m.checksum, Clock::instance().nowMs()});
            if (!rec)
                return rec.error();
            ++*applied;
            qCInfo(lcMigrations) << "applied migration" << m.version << m.name;
            return {};
        });
        if (!result)
            return result.error();
    }
    return {};
}
