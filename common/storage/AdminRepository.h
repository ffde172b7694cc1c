#pragma once

#include "domain/Admin.h"
#include "util/Result.h"

#include <QList>

class Database;

/** Operator accounts. E-mail addresses are unique regardless of case. */
class AdminRepository
{
public:
    explicit AdminRepository(const Database& db);

    Result<Admin> create(const Admin& admin);
    Result<Admin> findById(const QString& id) const;
    Result<Admin> findByEmail(const QString& email) const;
    Result<QList<Admin>> list() const;
    Result<qint64> count() const;
    /** Sets the hash and bumps token_version, so tokens issued before the change stop working. */
    Result<void> setPasswordHash(const QString& id, const QString& passwordHash);
    Result<void> bumpTokenVersion(const QString& id);
    Result<void> recordLogin(const QString& id, qint64 whenMs);
    Result<void> remove(const QString& id);

private:
    const Database& m_db;
};
