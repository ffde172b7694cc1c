#include "AdminRepository.h"

#include "Database.h"
#include "SqlValues.h"
#include "util/Clock.h"

namespace {
const QString kColumns
    = QStringLiteral("id, email, password_hash, role, token_version, is_active, created_at, updated_at, last_login_at");

Admin read(const QSqlQuery& q)
{
    Admin a;
    a.id = q.value(0).toString();
    a.email = q.value(1).toString();
    a.passwordHash = q.value(2).toString();
    a.role = Admin::parseRole(q.value(3).toString()).value_or(Admin::Role::Viewer);
    a.tokenVersion = q.value(4).toInt();
    a.active = q.value(5).toBool();
    a.createdAt = q.value(6).toLongLong();
    a.updatedAt = q.value(7).toLongLong();
    a.lastLoginAt = SqlValues::optionalInt64(q.value(8));
    return a;
}

Result<Admin> readOne(Result<QSqlQuery> r, const QString& what)
{
    if (!r)
        return r.error();
    if (!r.value().next())
        return Error::notFound(QStringLiteral("admin not found: %1").arg(what));
    return read(r.value());
}

Result<void> expectOneRow(Result<QSqlQuery> r, const QString& id)
{
    if (!r)
        return r.error();
    if (r.value().numRowsAffected() == 0)
        return Error::notFound(QStringLiteral("admin not found: %1").arg(id));
    return {};
}
} // namespace

AdminRepository::AdminRepository(const Database& db)
    : m_db(db)
{ }

Result<Admin> AdminRepository::create(const Admin& input)
{
    Admin a = input;
    a.createdAt = a.updatedAt = Clock::instance().nowMs();
    auto r = m_db.exec(QStringLiteral("INSERT INTO admins (") + kColumns
                           + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                       {a.id, a.email, a.passwordHash, Admin::roleName(a.role), a.tokenVersion, a.active, a.createdAt,
                        a.updatedAt, SqlValues::fromOptional(a.lastLoginAt)});
    if (!r) {
        if (r.error().kind == Error::Kind::Conflict)
            return Error::conflict(QStringLiteral("an admin with e-mail %1 already exists").arg(a.email));
        return r.error();
    }
    return a;
}

Result<Admin> AdminRepository::findById(const QString& id) const
{
    if (!SqlValues::isUuid(id))
        return Error::notFound(QStringLiteral("admin not found: %1").arg(id));
    return readOne(m_db.exec(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM admins WHERE id = ?"), {id}),
                   id);
}

Result<Admin> AdminRepository::findByEmail(const QString& email) const
{
    return readOne(
        m_db.exec(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM admins WHERE lower(email) = lower(?)"),
                  {email}),
        email);
}

Result<QList<Admin>> AdminRepository::list() const
{
    auto r = m_db.exec(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM admins ORDER BY created_at, id"));
    if (!r)
        return r.error();
    QList<Admin> out;
    while (r.value().next())
        out << read(r.value());
    return out;
}

Result<qint64> AdminRepository::count() const
{
    auto r = m_db.exec(QStringLiteral("SELECT COUNT(*) FROM admins"));
    if (!r)
        return r.error();
    r.value().next();
    return r.value().value(0).toLongLong();
}

Result<void> AdminRepository::setPasswordHash(const QString& id, const QString& passwordHash)
{
    if (!SqlValues::isUuid(id))
        return Error::notFound(QStringLiteral("admin not found: %1").arg(id));
    return expectOneRow(
        m_db.exec(QStringLiteral("UPDATE admins SET password_hash = ?, token_version = token_version + 1, "
                                 "updated_at = ? WHERE id = ?"),
                  {passwordHash, Clock::instance().nowMs(), id}),
        id);
}

Result<void> AdminRepository::bumpTokenVersion(const QString& id)
{
    if (!SqlValues::isUuid(id))
        return Error::notFound(QStringLiteral("admin not found: %1").arg(id));
    return expectOneRow(
        m_db.exec(QStringLiteral("UPDATE admins SET token_version = token_version + 1 WHERE id = ?"), {id}), id);
}

Result<void> AdminRepository::recordLogin(const QString& id, qint64 whenMs)
{
    if (!SqlValues::isUuid(id))
        return Error::notFound(QStringLiteral("admin not found: %1").arg(id));
    return expectOneRow(m_db.exec(QStringLiteral("UPDATE admins SET last_login_at = ? WHERE id = ?"), {whenMs, id}),
                        id);
}

Result<void> AdminRepository::remove(const QString& id)
{
    if (!SqlValues::isUuid(id))
        return Error::notFound(QStringLiteral("admin not found: %1").arg(id));
    return expectOneRow(m_db.exec(QStringLiteral("DELETE FROM admins WHERE id = ?"), {id}), id);
}
