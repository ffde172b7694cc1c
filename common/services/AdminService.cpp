#include "AdminService.h"

#include "security/PasswordHasher.h"
#include "security/SecureRandom.h"
#include "util/Clock.h"

#include <QRegularExpression>

AdminService::AdminService(const Database& db)
    : m_admins(db)
{ }

Result<void> AdminService::validateEmail(const QString& email)
{
    static const QRegularExpression re(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    if (email.size() > 320 || !re.match(email).hasMatch())
        return Error::invalid(QStringLiteral("'%1' is not a valid e-mail address").arg(email), QStringLiteral("email"));
    return {};
}

Result<void> AdminService::validatePassword(const QString& password)
{
    if (password.size() < MinPasswordLength)
        return Error::invalid(QStringLiteral("the password must be at least %1 characters").arg(MinPasswordLength),
                              QStringLiteral("password"));
    if (password.size() > 1024)
        return Error::invalid(QStringLiteral("the password must be at most 1024 characters"),
                              QStringLiteral("password"));
    return {};
}

Result<Admin> AdminService::create(const QString& email, const QString& password, Admin::Role role)
{
    const QString e = email.trimmed();
    if (auto v = validateEmail(e); !v)
        return v.error();
    if (auto v = validatePassword(password); !v)
        return v.error();
    Admin a;
    a.id = SecureRandom::uuid();
    a.email = e;
    a.passwordHash = PasswordHasher::hash(password);
    a.role = role;
    return m_admins.create(a);
}

Result<Admin> AdminService::authenticate(const QString& email, const QString& password)
{
    const Error denied = {Error::Kind::PermissionDenied, QStringLiteral("invalid e-mail or password"), {}};
    auto admin = m_admins.findByEmail(email.trimmed());
    if (!admin) {
        if (admin.error().kind != Error::Kind::NotFound)
            return admin.error();
        // Spend the same time as a real check so response times do not reveal which e-mails exist.
        static const QString dummy = PasswordHasher::hash(QStringLiteral("not-a-password"));
        PasswordHasher::verify(password, dummy);
        return denied;
    }
    if (!PasswordHasher::verify(password, admin.value().passwordHash) || !admin.value().active)
        return denied;
    m_admins.recordLogin(admin.value().id, Clock::instance().nowMs());
    return admin.value();
}

Result<void> AdminService::changePassword(const QString& adminId, const QString& currentPassword,
                                          const QString& newPassword)
{
    auto admin = m_admins.findById(adminId);
    if (!admin)
        return admin.error();
    if (!PasswordHasher::verify(currentPassword, admin.value().passwordHash))
        return Error::invalid(QStringLiteral("the current password is incorrect"), QStringLiteral("current_password"));
    if (auto v = validatePassword(newPassword); !v)
        return v.error();
    return m_admins.setPasswordHash(adminId, PasswordHasher::hash(newPassword));
}
