#include "CredentialsController.h"

#include "admin/AdminContext.h"
#include "admin/AdminGuard.h"
#include "admin/AdminHttp.h"
#include "admin/AuditLog.h"
#include "domain/JsonCodec.h"
#include "gateway/GatewayServices.h"
#include "services/CredentialService.h"

#include <QJsonArray>

namespace {
void setCredential(AdminContext& ctx, const HttpRequest& request, HttpResponder& responder, const AdminPrincipal& who,
                   QString provider)
{
    auto body = AdminHttp::parseObject(request);
    if (!body)
        return AdminHttp::sendError(responder, body.error());
    const QJsonObject& b = body.value();
    if (auto u = AdminHttp::rejectUnknown(
            b, {QStringLiteral("api_key"), QStringLiteral("base_url"), QStringLiteral("provider")});
        !u)
        return AdminHttp::sendError(responder, u.error());
    auto p = AdminHttp::stringField(b, QStringLiteral("provider"));
    if (!p)
        return AdminHttp::sendError(responder, p.error());
    if (provider.isEmpty())
        provider = p.value().value_or(QString());
    if (provider.trimmed().isEmpty())
        return AdminHttp::sendError(responder, Error::invalid(QStringLiteral("provider is required"), "provider"));
    auto key = AdminHttp::stringField(b, QStringLiteral("api_key"));
    if (!key)
        return AdminHttp::sendError(responder, key.error());
    if (!key.value())
        return AdminHttp::sendError(responder, Error::invalid(QStringLiteral("api_key is required"), "api_key"));
    auto baseUrl = AdminHttp::stringField(b, QStringLiteral("base_url"), true);
    if (!baseUrl)
        return AdminHttp::sendError(responder, baseUrl.error());
    CredentialService service(ctx.services.db, CredentialCipher(ctx.encryptionKeys));
    auto stored = service.set(request.pathParam(QStringLiteral("id")), provider, *key.value(),
                              baseUrl.value().value_or(QString()).trimmed());
    if (!stored)
        return AdminHttp::sendError(responder, stored.error());
    const QJsonObject json = JsonCodec::toJson(stored.value());
    AuditLog(ctx.services.db)
        .record(who, QStringLiteral("credential.set"), QStringLiteral("credential"), stored.value().id,
                QJsonObject{{QStringLiteral("project_id"), stored.value().projectId},
                            {QStringLiteral("provider"), stored.value().provider},
                            {QStringLiteral("masked_key"), json.value(QStringLiteral("masked_key"))},
                            {QStringLiteral("base_url"), json.value(QStringLiteral("base_url"))}});
    AdminHttp::sendJson(responder, 200, json);
}
} // namespace

void CredentialsController::install(HttpRouter& router, AdminContext& context)
{
    AdminContext* ctx = &context;
    using A = AdminGuard::Access;

    router.addRoute(
        "GET", QStringLiteral("/api/v1/projects/{id}/credentials"),
        AdminGuard::wrap(context, A::Read,
                         [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal&) {
                             CredentialService service(ctx->services.db, CredentialCipher(ctx->encryptionKeys));
                             auto list = service.list(request.pathParam(QStringLiteral("id")));
                             if (!list)
                                 return AdminHttp::sendError(responder, list.error());
                             QJsonArray out;
                             for (const ProviderCredential& c : list.value())
                                 out.append(JsonCodec::toJson(c));
                             AdminHttp::sendJson(responder, 200, out);
                         }));
    router.addRoute(
        "PUT", QStringLiteral("/api/v1/projects/{id}/credentials/{provider}"),
        AdminGuard::wrap(
            context, A::Write, [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal& who) {
                setCredential(*ctx, request, responder, who, request.pathParam(QStringLiteral("provider")));
            }));
    router.addRoute(
        "POST", QStringLiteral("/api/v1/projects/{id}/credentials"),
        AdminGuard::wrap(context, A::Write,
                         [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal& who) {
                             setCredential(*ctx, request, responder, who, QString());
                         }));
    router.addRoute(
        "DELETE", QStringLiteral("/api/v1/projects/{id}/credentials/{provider}"),
        AdminGuard::wrap(
            context, A::Write, [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal& who) {
                const QString id = request.pathParam(QStringLiteral("id"));
                const QString provider = request.pathParam(QStringLiteral("provider")).trimmed().toLower();
                CredentialService service(ctx->services.db, CredentialCipher(ctx->encryptionKeys));
                auto r = service.remove(id, provider);
                if (!r)
                    return AdminHttp::sendError(responder, r.error());
                AuditLog(ctx->services.db)
                    .record(who, QStringLiteral("credential.delete"), QStringLiteral("credential"), QString(),
                            QJsonObject{{QStringLiteral("project_id"), id}, {QStringLiteral("provider"), provider}});
                AdminHttp::sendNoContent(responder);
            }));
}
