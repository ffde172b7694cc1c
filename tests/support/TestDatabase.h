#pragma once

#include "storage/Database.h"

#include <QTemporaryDir>

#include <memory>

/**
 * A fresh, migrated database on the back end named by AIGW_TEST_BACKEND ("sqlite", the default, or
 * "postgresql"): an SQLite file in a temporary directory, or a new database created on the server of
 * AIGW_TEST_PG_URL and dropped again by the destructor. Real storage, never a mock.
 */
class TestDatabase
{
public:
    ~TestDatabase();

    /**
     * nullptr with *why set when there is no database. *absent tells a back end that is not there (no
     * PostgreSQL URL, or its server refuses a new database), which skips a test unless CI requires it, from a
     * failure of our own (a migration), which fails it on every back end.
     */
    static std::unique_ptr<TestDatabase> create(QString* why, bool migrate, bool* absent);
    static QString backend();
    /** True when a missing PostgreSQL must fail the test rather than skip it (CI sets it). */
    static bool postgresRequired();

    const Database& db() const { return *m_db; }
    QString url() const { return m_url.toString(); }
    const DatabaseUrl& databaseUrl() const { return m_url; }
    QString tempPath() const { return m_dir.path(); }

private:
    TestDatabase() = default;

    QTemporaryDir m_dir;
    DatabaseUrl m_url;
    QString m_adminUrl;
    QString m_pgName;
    std::unique_ptr<Database> m_db;
};

/**
 * In a test function, init() or initTestCase(): sets `target` (a std::unique_ptr<TestDatabase>) to a fresh
 * database, migrated or not; skips the test when the back end is absent (and not required), fails it otherwise.
 */
#define AIGW_CREATE_TEST_DATABASE(target, migrate)                                                                     \
    do {                                                                                                               \
        QString aigwWhy;                                                                                               \
        bool aigwAbsent = false;                                                                                       \
        target = TestDatabase::create(&aigwWhy, migrate, &aigwAbsent);                                                 \
        if (!target) {                                                                                                 \
            if (!aigwAbsent || TestDatabase::postgresRequired())                                                       \
                QFAIL(qPrintable(aigwWhy));                                                                            \
            QSKIP(qPrintable(aigwWhy));                                                                                \
        }                                                                                                              \
    } while (false)

/** In a test function: declares `name` as a fresh, migrated test database, or skips / fails when there is none. */
#define AIGW_TEST_DATABASE(name)                                                                                       \
    std::unique_ptr<TestDatabase> name;                                                                                \
    AIGW_CREATE_TEST_DATABASE(name, true)
