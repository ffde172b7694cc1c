#include "AdminBootstrap.h"

#include "security/SecureRandom.h"
#include "services/AdminService.h"
#include "storage/AdminRepository.h"
#include "storage/Database.h"

Result<void> AdminBootstrap::run(const Database& db, QTextStream& out, QTextStream& err)
{
    auto count = AdminRepository(db).count();
    if (!count)
        return count.error();
    if (count.value() > 0)
        return {};
    const QString email = qEnvironmentVariable("ADMIN_EMAIL").trimmed();
    const QString password = qEnvironmentVariable("ADMIN_PASSWORD");
    if (!email.isEmpty() && !password.trimmed().isEmpty()) {
        auto created = AdminService(db).create(email, password, Admin::Role::Admin);
        if (!created)
            return Error::invalid(QStringLiteral("cannot create the first admin from ADMIN_EMAIL/ADMIN_PASSWORD: ")
                                  + created.error().message);
        out << "aigw: admin account created for " << created.value().email << '\n';
        out.flush();
        return {};
    }
    if (db.isPostgres()) {
        err << "aigw: warning: no admin account exists and ADMIN_EMAIL/ADMIN_PASSWORD are not set; "
               "the admin API is unusable until `aigw admin create` is run\n";
        err.flush();
        return {};
    }
    const QString generated
        = SecureRandom::token(20, QStringLiteral("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"));
    const QString defaultEmail = email.isEmpty() ? QStringLiteral("admin@aigw.local") : email;
    auto created = AdminService(db).create(defaultEmail, generated, Admin::Role::Admin);
    if (!created)
        return created.error();
    out << "aigw: created the first admin " << defaultEmail << " with the generated password " << generated
        << "\n      (shown only this once; change it with POST /api/v1/auth/password)\n";
    out.flush();
    return {};
}
