#include "KeysController.h"

#include "admin/AdminContext.h"
#include "admin/AdminGuard.h"
#include "admin/AdminHttp.h"
#include "admin/AuditLog.h"
#include "domain/JsonCodec.h"
#include "gateway/GatewayServices.h"
#include "services/ApiKeyService.h"
#include "storage/ApiKeyRepository.h"
#include "storage/ProjectRepository.h"

#include <QJsonArray>

void KeysController::install(HttpRouter& router, AdminContext& context)
{
    AdminContext* ctx = &context;
    using A = AdminGuard::Access;

    router.addRoute(
        "GET", QStringLiteral("/api/v1/projects/{id}/keys"),
        AdminGuard::wrap(context, A::Read,
                         [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal&) {
                             const QString id = request.pathParam(QStringLiteral("id"));
                             if (auto p = ProjectRepository(ctx->services.db).findById(id); !p)
                                 return AdminHttp::sendError(responder, p.error());
                             const QString all = request.queryItem(QStringLiteral("include_revoked"));
                             auto keys = ApiKeyService(ctx->services.db)
                                             .list(id, all == QLatin1String("true") || all == QLatin1String("1"));
                             if (!keys)
                                 return AdminHttp::sendError(responder, keys.error());
                             QJsonArray out;
                             for (const ApiKey& k : keys.value())
                                 out.append(JsonCodec::toJson(k));
                             AdminHttp::sendJson(responder, 200, out);
                         }));

    router.addRoute(
        "POST", QStringLiteral("/api/v1/projects/{id}/keys"),
        AdminGuard::wrap(
            context, A::Write, [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal& who) {
                auto body = AdminHttp::parseObject(request, true);
                if (!body)
                    return AdminHttp::sendError(responder, body.error());
                const QJsonObject& b = body.value();
                if (auto u
                    = AdminHttp::rejectUnknown(b,
                                               {QStringLiteral("name"), QStringLiteral("rate_limit_rpm"),
                                                QStringLiteral("rate_limit_tpm"), QStringLiteral("allowed_models")});
                    !u)
                    return AdminHttp::sendError(responder, u.error());
                ApiKeyService::Options options;
                auto name = AdminHttp::stringField(b, QStringLiteral("name"), true);
                if (!name)
                    return AdminHttp::sendError(responder, name.error());
                options.name = name.value().value_or(QString()).trimmed();
                auto rpm = AdminHttp::integerField(b, QStringLiteral("rate_limit_rpm"), 1000000, true);
                if (!rpm)
                    return AdminHttp::sendError(responder, rpm.error());
                if (rpm.value() && *rpm.value())
                    options.rateLimitRpm = int(**rpm.value());
                auto tpm = AdminHttp::integerField(b, QStringLiteral("rate_limit_tpm"), 1000000000000LL, true);
                if (!tpm)
                    return AdminHttp::sendError(responder, tpm.error());
                if (tpm.value())
                    options.rateLimitTpm = *tpm.value();
                if (b.contains(QStringLiteral("allowed_models"))
                    && !b.value(QStringLiteral("allowed_models")).isNull()) {
                    const QJsonValue v = b.value(QStringLiteral("allowed_models"));
                    QStringList models;
                    for (const QJsonValue& m : v.toArray()) {
                        if (!m.isString())
                            return AdminHttp::sendError(
                                responder,
                                Error::invalid(QStringLiteral("allowed_models must be an array of strings"),
                                               QStringLiteral("allowed_models")));
                        models << m.toString();
                    }
                    if (!v.isArray())
                        return AdminHttp::sendError(
                            responder,
                            Error::invalid(QStringLiteral("allowed_models must be an array of strings"),
                                           QStringLiteral("allowed_models")));
                    options.allowedModels = models;
                }
                auto issued = ApiKeyService(ctx->services.db).create(request.pathParam(QStringLiteral("id")), options);
                if (!issued)
                    return AdminHttp::sendError(responder, issued.error());
                QJsonObject json = JsonCodec::toJson(issued.value().key);
                json.insert(QStringLiteral("key"), issued.value().plaintext);
                json.insert(QStringLiteral("warning"),
                            QStringLiteral("Store this key now: it is shown only once and cannot be recovered."));
                AuditLog(ctx->services.db)
                    .record(who, QStringLiteral("key.create"), QStringLiteral("api_key"), issued.value().key.id,
                            QJsonObject{{QStringLiteral("project_id"), issued.value().key.projectId},
                                        {QStringLiteral("name"), issued.value().key.name},
                                        {QStringLiteral("key_prefix"), issued.value().key.keyPrefix}});
                AdminHttp::sendJson(responder, 201, json);
            }));

    router.addRoute(
        "DELETE", QStringLiteral("/api/v1/projects/{id}/keys/{keyId}"),
        AdminGuard::wrap(
            context, A::Write, [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal& who) {
                const QString projectId = request.pathParam(QStringLiteral("id"));
                const QString keyId = request.pathParam(QStringLiteral("keyId"));
                if (auto p = ProjectRepository(ctx->services.db).findById(projectId); !p)
                    return AdminHttp::sendError(responder, p.error());
                auto key = ApiKeyRepository(ctx->services.db).findById(keyId);
                if (!key || key.value().projectId != projectId)
                    return AdminHttp::sendError(
                        responder,
                        key && key.value().projectId != projectId ? Error::notFound(
                            QStringLiteral("API key %1 does not belong to project %2").arg(keyId, projectId))
                                                                  : key.error());
                auto r = ApiKeyService(ctx->services.db).revoke(keyId);
                if (!r)
                    return AdminHttp::sendError(responder, r.error());
                AuditLog(ctx->services.db)
                    .record(who, QStringLiteral("key.revoke"), QStringLiteral("api_key"), keyId,
                            QJsonObject{{QStringLiteral("project_id"), projectId}});
                AdminHttp::sendNoContent(responder);
            }));
}
