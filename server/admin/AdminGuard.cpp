#include "AdminGuard.h"

#include "admin/AdminAuth.h"
#include "admin/AdminContext.h"
#include "admin/AdminHttp.h"
#include "gateway/GatewayServices.h"

HttpRouter::Handler AdminGuard::wrap(AdminContext& context, Access access, Handler handler)
{
    AdminContext* ctx = &context;
    return [ctx, access, handler = std::move(handler)](const HttpRequest& request, HttpResponder responder) {
        auto principal = AdminAuth::authenticate(request, ctx->services.db, ctx->jwtSecret);
        if (!principal) {
            if (principal.error().kind == Error::Kind::PermissionDenied) {
                responder.sendError(401, QStringLiteral("authentication_error"), principal.error().message, QString(),
                                    QStringLiteral("unauthenticated"),
                                    HttpHeaders{{"WWW-Authenticate", "Bearer"}, {"Cache-Control", "no-store"}});
                return;
            }
            AdminHttp::sendError(responder, principal.error());
            return;
        }
        if (access == Access::Write && principal.value().role != Admin::Role::Admin) {
            responder.sendError(403, QStringLiteral("permission_error"), QStringLiteral("the viewer role is read-only"),
                                QString(), QStringLiteral("forbidden"));
            return;
        }
        handler(request, responder, principal.value());
    };
}
