#include "AuthController.h"

#include "admin/AdminAuth.h"
#include "admin/AdminContext.h"
#include "admin/AdminGuard.h"
#include "admin/AdminHttp.h"
#include "admin/AuditLog.h"
#include "gateway/GatewayServices.h"
#include "services/AdminService.h"
#include "storage/AdminRepository.h"
#include "util/Clock.h"

#include <QJsonObject>

namespace {
QJsonObject tokenBody(const Admin& admin, const QString& token, qint64 expiresAtMs)
{
    return QJsonObject{{QStringLiteral("token"), token},
                       {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                       {QStringLiteral("email"), admin.email},
                       {QStringLiteral("role"), Admin::roleName(admin.role)},
                       {QStringLiteral("expires_at"), Clock::isoUtc(expiresAtMs)}};
}

void sendLoggedIn(HttpResponder& responder, const AdminContext& ctx, const Admin& admin)
{
    const qint64 now = Clock::instance().nowMs() / 1000;
    const QString token = AdminAuth::issueToken(admin, ctx.jwtSecret, now, ctx.tokenTtlSeconds);
    AdminHttp::sendJson(responder, 200, tokenBody(admin, token, (now + ctx.tokenTtlSeconds) * 1000),
                        HttpHeaders{{"Set-Cookie", AdminAuth::cookie(token, ctx.tokenTtlSeconds)}});
}

void login(AdminContext& ctx, const HttpRequest& request, HttpResponder& responder)
{
    auto body = AdminHttp::parseObject(request);
    if (!body)
        return AdminHttp::sendError(responder, body.error());
    auto email = AdminHttp::stringField(body.value(), QStringLiteral("email"));
    if (!email)
        return AdminHttp::sendError(responder, email.error());
    auto password = AdminHttp::stringField(body.value(), QStringLiteral("password"));
    if (!password)
        return AdminHttp::sendError(responder, password.error());
    if (!email.value() || email.value()->trimmed().isEmpty())
        return AdminHttp::sendError(responder, Error::invalid(QStringLiteral("email is required"), "email"));
    if (!password.value() || password.value()->isEmpty())
        return AdminHttp::sendError(responder, Error::invalid(QStringLiteral("password is required"), "password"));

    const qint64 now = Clock::instance().nowMs();
    const QString accountKey = QStringLiteral("account:") + email.value()->trimmed().toLower();
    const QString addressKey = QStringLiteral("address:") + request.remoteAddress().toString();
    const qint64 wait
        = qMax(ctx.accountThrottle.retryAfterMs(accountKey, now), ctx.addressThrottle.retryAfterMs(addressKey, now));
    if (wait > 0) {
        responder.sendError(429, QStringLiteral("rate_limit_error"),
                            QStringLiteral("too many failed logins; try again in %1 s").arg((wait + 999) / 1000),
                            QString(), QStringLiteral("login_throttled"),
                            HttpHeaders{{"Retry-After", QByteArray::number((wait + 999) / 1000)}});
        return;
    }
    auto admin = AdminService(ctx.services.db).authenticate(*email.value(), *password.value());
    if (!admin) {
        if (admin.error().kind != Error::Kind::PermissionDenied)
            return AdminHttp::sendError(responder, admin.error());
        ctx.accountThrottle.recordFailure(accountKey, now);
        ctx.addressThrottle.recordFailure(addressKey, now);
        responder.sendError(401, QStringLiteral("authentication_error"), QStringLiteral("invalid credentials"),
                            QString(), QStringLiteral("invalid_credentials"));
        return;
    }
    ctx.accountThrottle.reset(accountKey);
    AdminPrincipal who{admin.value().id, admin.value().email, admin.value().role, request.remoteAddress().toString()};
    AuditLog(ctx.services.db).record(who, QStringLiteral("auth.login"), QStringLiteral("admin"), who.id);
    sendLoggedIn(responder, ctx, admin.value());
}
} // namespace

void AuthController::install(HttpRouter& router, AdminContext& context)
{
    AdminContext* ctx = &context;
    router.addRoute("POST", QStringLiteral("/api/v1/auth/login"),
                    [ctx](const HttpRequest& request, HttpResponder responder) { login(*ctx, request, responder); });

    router.addRoute(
        "POST", QStringLiteral("/api/v1/auth/logout"),
        AdminGuard::wrap(
            context, AdminGuard::Access::Read,
            [ctx](const HttpRequest&, HttpResponder& responder, const AdminPrincipal& who) {
                auto r = AdminRepository(ctx->services.db).bumpTokenVersion(who.id);
                if (!r)
                    return AdminHttp::sendError(responder, r.error());
                AuditLog(ctx->services.db).record(who, QStringLiteral("auth.logout"), QStringLiteral("admin"), who.id);
                AdminHttp::sendJson(responder, 200,
                                    QJsonObject{{QStringLiteral("message"), QStringLiteral("logged out")}},
                                    HttpHeaders{{"Set-Cookie", AdminAuth::clearingCookie()}});
            }));

    const auto changePassword = [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal& who) {
        auto body = AdminHttp::parseObject(request);
        if (!body)
            return AdminHttp::sendError(responder, body.error());
        if (auto u = AdminHttp::rejectUnknown(body.value(),
                                              {QStringLiteral("current_password"), QStringLiteral("new_password")});
            !u)
            return AdminHttp::sendError(responder, u.error());
        auto current = AdminHttp::stringField(body.value(), QStringLiteral("current_password"));
        if (!current)
            return AdminHttp::sendError(responder, current.error());
        auto next = AdminHttp::stringField(body.value(), QStringLiteral("new_password"));
        if (!next)
            return AdminHttp::sendError(responder, next.error());
        if (!current.value())
            return AdminHttp::sendError(
                responder, Error::invalid(QStringLiteral("current_password is required"), "current_password"));
        if (!next.value())
            return AdminHttp::sendError(responder,
                                        Error::invalid(QStringLiteral("new_password is required"), "new_password"));
        auto r = AdminService(ctx->services.db).changePassword(who.id, *current.value(), *next.value());
        if (!r) {
            Error e = r.error();
            if (e.field == QLatin1String("password"))
                e.field = QStringLiteral("new_password");
            return AdminHttp::sendError(responder, e);
        }
        AuditLog(ctx->services.db).record(who, QStringLiteral("auth.password"), QStringLiteral("admin"), who.id);
        auto admin = AdminRepository(ctx->services.db).findById(who.id);
        if (!admin)
            return AdminHttp::sendError(responder, admin.error());
        sendLoggedIn(responder, *ctx, admin.value()); // every older token is revoked; here is a fresh one
    };
    router.addRoute("POST", QStringLiteral("/api/v1/auth/password"),
                    AdminGuard::wrap(context, AdminGuard::Access::Read, changePassword));
    router.addRoute("POST", QStringLiteral("/api/v1/auth/change-password"),
                    AdminGuard::wrap(context, AdminGuard::Access::Read, changePassword));

    router.addRoute("GET", QStringLiteral("/api/v1/auth/me"),
                    AdminGuard::wrap(context, AdminGuard::Access::Read,
                                     [](const HttpRequest&, HttpResponder& responder, const AdminPrincipal& who) {
                                         AdminHttp::sendJson(
                                             responder, 200,
                                             QJsonObject{{QStringLiteral("id"), who.id},
                                                         {QStringLiteral("email"), who.email},
                                                         {QStringLiteral("role"), Admin::roleName(who.role)}});
                                     }));
}
