#include "AuditController.h"

#include "admin/AdminContext.h"
#include "admin/AdminGuard.h"
#include "admin/AdminHttp.h"
#include "admin/AuditLog.h"
#include "gateway/GatewayServices.h"

void AuditController::install(HttpRouter& router, AdminContext& context)
{
    AdminContext* ctx = &context;
    router.addRoute(
        "GET", QStringLiteral("/api/v1/audit"),
        AdminGuard::wrap(context, AdminGuard::Access::Read,
                         [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal&) {
                             auto limit = AdminHttp::queryInt(request, QStringLiteral("limit"), 50, 1, 1000);
                             if (!limit)
                                 return AdminHttp::sendError(responder, limit.error());
                             auto offset = AdminHttp::queryInt(request, QStringLiteral("offset"), 0, 0, 100000000);
                             if (!offset)
                                 return AdminHttp::sendError(responder, offset.error());
                             const QString action = request.queryItem(QStringLiteral("action"));
                             AuditLog log(ctx->services.db);
                             auto rows = log.list(limit.value(), offset.value(), action);
                             auto total = log.count(action);
                             if (!rows || !total)
                                 return AdminHttp::sendError(responder, !rows ? rows.error() : total.error());
                             AdminHttp::sendJson(responder, 200,
                                                 QJsonObject{{QStringLiteral("data"), rows.value()},
                                                             {QStringLiteral("total"), double(total.value())},
                                                             {QStringLiteral("limit"), limit.value()},
                                                             {QStringLiteral("offset"), offset.value()}});
                         }));
}
