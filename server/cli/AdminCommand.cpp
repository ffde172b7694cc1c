#include "AdminCommand.h"

#include "CliArguments.h"
#include "CliContext.h"
#include "CliOutput.h"
#include "SecretInput.h"
#include "domain/JsonCodec.h"
#include "services/AdminService.h"
#include "storage/AdminRepository.h"
#include "util/Clock.h"

#include <QJsonArray>

QString AdminCommand::summary() const
{
    return QStringLiteral("create, list and delete admin accounts");
}

QString AdminCommand::usage() const
{
    return QStringLiteral(
               "usage: aigw admin create EMAIL [--role admin|viewer] [--json]   the password is read from stdin\n"
               "       aigw admin list [--json]\n"
               "       aigw admin delete EMAIL\n"
               "\n"
               "Passwords must have at least %1 characters.\n")
        .arg(AdminService::MinPasswordLength);
}

Result<int> AdminCommand::run(CliContext& ctx, const QStringList& args)
{
    const QString action = args.value(0);
    if (action.isEmpty())
        return Error::invalid(QStringLiteral("missing action: create, list or delete"));
    auto parsed = CliArguments::parse(args.mid(1), {QStringLiteral("role")}, {QStringLiteral("json")});
    if (!parsed)
        return parsed.error();
    const CliArguments& a = parsed.value();
    if (action != QLatin1String("create") && a.has(QStringLiteral("role")))
        return Error::invalid(QStringLiteral("%1 takes no --role").arg(action), QStringLiteral("role"));

    if (action == QLatin1String("create")) {
        if (auto e = a.expectPositionals({QStringLiteral("EMAIL")}); !e)
            return e.error();
        const auto role = Admin::parseRole(a.has(QStringLiteral("role")) ? a.value(QStringLiteral("role"))
                                                                         : QStringLiteral("admin"));
        if (!role)
            return Error::invalid(QStringLiteral("--role must be admin or viewer"), QStringLiteral("role"));
        if (auto v = AdminService::validateEmail(a.positional(0)); !v)
            return v.error();
        auto db = ctx.database();
        if (!db)
            return db.error();
        auto password
            = SecretInput::read(QStringLiteral("Password for %1: ").arg(a.positional(0)), QStringLiteral("password"));
        if (!password)
            return password.error();
        auto admin = AdminService(*db.value()).create(a.positional(0), password.value(), *role);
        if (!admin)
            return admin.error();
        if (a.flag(QStringLiteral("json")))
            CliOutput::json(ctx.out(), JsonCodec::toJson(admin.value()));
        else
            ctx.out() << "admin " << admin.value().email << " created (" << Admin::roleName(admin.value().role)
                      << ")\n";
        return 0;
    }
    auto db = ctx.database();
    if (!db)
        return db.error();
    AdminRepository admins(*db.value());
    if (action == QLatin1String("list")) {
        if (auto e = a.expectPositionals({}); !e)
            return e.error();
        auto list = admins.list();
        if (!list)
            return list.error();
        if (a.flag(QStringLiteral("json"))) {
            QJsonArray arr;
            for (const Admin& ad : list.value())
                arr << JsonCodec::toJson(ad);
            CliOutput::json(ctx.out(), arr);
            return 0;
        }
        QList<QStringList> rows;
        for (const Admin& ad : list.value())
            rows << QStringList{ad.email, Admin::roleName(ad.role), Clock::isoUtc(ad.createdAt),
                                ad.lastLoginAt ? Clock::isoUtc(*ad.lastLoginAt) : QStringLiteral("never")};
        CliOutput::table(
            ctx.out(),
            {QStringLiteral("EMAIL"), QStringLiteral("ROLE"), QStringLiteral("CREATED"), QStringLiteral("LAST LOGIN")},
            rows);
        return 0;
    }
    if (action == QLatin1String("delete")) {
        if (auto e = a.expectPositionals({QStringLiteral("EMAIL")}); !e)
            return e.error();
        auto admin = admins.findByEmail(a.positional(0));
        if (!admin)
            return admin.error();
        if (auto r = admins.remove(admin.value().id); !r)
            return r.error();
        ctx.out() << "admin " << admin.value().email << " deleted\n";
        return 0;
    }
    return Error::invalid(QStringLiteral("unknown action '%1'; expected create, list or delete").arg(action));
}
