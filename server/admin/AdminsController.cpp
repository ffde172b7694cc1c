#include "AdminsController.h"

#include "admin/AdminContext.h"
#include "admin/AdminGuard.h"
#include "admin/AdminHttp.h"
#include "admin/AuditLog.h"
#include "domain/JsonCodec.h"
#include "gateway/GatewayServices.h"
#include "services/AdminService.h"
#include "storage/AdminRepository.h"

#include <QJsonArray>

void AdminsController::install(HttpRouter& router, AdminContext& context)
{
    AdminContext* ctx = &context;
    using A = AdminGuard::Access;

    router.addRoute(
        "GET", QStringLiteral("/api/v1/admins"),
        AdminGuard::wrap(context, A::Read, [ctx](const HttpRequest&, HttpResponder& responder, const AdminPrincipal&) {
            auto list = AdminRepository(ctx->services.db).list();
            if (!list)
                return AdminHttp::sendError(responder, list.error());
            QJsonArray out;
            for (const Admin& a : list.value())
                out.append(JsonCodec::toJson(a));
            AdminHttp::sendJson(responder, 200, out);
        }));

    router.addRoute(
        "POST", QStringLiteral("/api/v1/admins"),
        AdminGuard::wrap(
            context, A::Write, [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal& who) {
                auto body = AdminHttp::parseObject(request);
                if (!body)
                    return AdminHttp::sendError(responder, body.error());
                const QJsonObject& b = body.value();
                if (auto u = AdminHttp::rejectUnknown(
                        b, {QStringLiteral("email"), QStringLiteral("password"), QStringLiteral("role")});
                    !u)
                    return AdminHttp::sendError(responder, u.error());
                auto email = AdminHttp::stringField(b, QStringLiteral("email"));
                if (!email)
                    return AdminHttp::sendError(responder, email.error());
                auto password = AdminHttp::stringField(b, QStringLiteral("password"));
                if (!password)
                    return AdminHttp::sendError(responder, password.error());
                auto roleName = AdminHttp::stringField(b, QStringLiteral("role"));
                if (!roleName)
                    return AdminHttp::sendError(responder, roleName.error());
                if (!email.value())
                    return AdminHttp::sendError(responder,
                                                Error::invalid(QStringLiteral("email is required"), "email"));
                if (!password.value())
                    return AdminHttp::sendError(responder,
                                                Error::invalid(QStringLiteral("password is required"), "password"));
                const auto role = Admin::parseRole(roleName.value().value_or(QStringLiteral("admin")));
                if (!role)
                    return AdminHttp::sendError(
                        responder, Error::invalid(QStringLiteral("role must be \"admin\" or \"viewer\""), "role"));
                auto created = AdminService(ctx->services.db).create(*email.value(), *password.value(), *role);
                if (!created)
                    return AdminHttp::sendError(responder, created.error());
                const QJsonObject json = JsonCodec::toJson(created.value());
                AuditLog(ctx->services.db)
                    .record(who, QStringLiteral("admin.create"), QStringLiteral("admin"), created.value().id,
                            QJsonObject{{QStringLiteral("email"), created.value().email},
                                        {QStringLiteral("role"), Admin::roleName(*role)}});
                AdminHttp::sendJson(responder, 201, json);
            }));

    router.addRoute(
        "DELETE", QStringLiteral("/api/v1/admins/{id}"),
        AdminGuard::wrap(
            context, A::Write, [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal& who) {
                const QString id = request.pathParam(QStringLiteral("id"));
                AdminRepository admins(ctx->services.db);
                auto target = admins.findById(id);
                if (!target)
                    return AdminHttp::sendError(responder, target.error());
                if (id == who.id)
                    return AdminHttp::sendError(responder,
                                                Error::conflict(QStringLiteral("an admin cannot delete itself")));
                auto all = admins.list();
                if (!all)
                    return AdminHttp::sendError(responder, all.error());
                int otherAdmins = 0;
                for (const Admin& a : all.value())
                    if (a.id != id && a.active && a.role == Admin::Role::Admin)
                        ++otherAdmins;
                if (otherAdmins == 0)
                    return AdminHttp::sendError(responder,
                                                Error::conflict(QStringLiteral("the last admin cannot be deleted")));
                auto r = admins.remove(id);
                if (!r)
                    return AdminHttp::sendError(responder, r.error());
                AuditLog(ctx->services.db)
                    .record(who, QStringLiteral("admin.delete"), QStringLiteral("admin"), id,
                            QJsonObject{{QStringLiteral("email"), target.value().email}});
                AdminHttp::sendNoContent(responder);
            }));
}
