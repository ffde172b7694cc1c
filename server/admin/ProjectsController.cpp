#include "ProjectsController.h"

#include "admin/AdminContext.h"
#include "admin/AdminGuard.h"
#include "admin/AdminHttp.h"
#include "admin/AuditLog.h"
#include "domain/JsonCodec.h"
#include "gateway/GatewayServices.h"
#include "services/ProjectService.h"
#include "storage/ProjectRepository.h"

#include <QJsonArray>

namespace {
const QStringList kFields = {
    QStringLiteral("name"),
    QStringLiteral("description"),
    QStringLiteral("daily_token_limit"),
    QStringLiteral("monthly_token_limit"),
    QStringLiteral("daily_cost_limit"),
    QStringLiteral("monthly_cost_limit"),
    QStringLiteral("default_provider"),
    QStringLiteral("default_capability"),
    QStringLiteral("fallbacks"),
    QStringLiteral("is_active"),
    // Read-only fields of the response, accepted (and ignored) so a fetched project can be sent back.
    QStringLiteral("id"),
    QStringLiteral("created_at"),
    QStringLiteral("updated_at"),
    QStringLiteral("daily_cost_limit_micros"),
    QStringLiteral("monthly_cost_limit_micros"),
};
constexpr qint64 kMaxTokens = 1000000000000000LL;

/** Applies the fields present in @p body to @p p. */
Result<void> apply(const QJsonObject& body, Project& p)
{
    if (auto u = AdminHttp::rejectUnknown(body, kFields); !u)
        return u;
    for (const QString& readOnly :
         {QStringLiteral("daily_cost_limit_micros"), QStringLiteral("monthly_cost_limit_micros")})
        if (body.contains(readOnly) && !body.value(readOnly).isDouble() && !body.value(readOnly).isNull())
            return Error::invalid(QStringLiteral("%1 must be a number").arg(readOnly), readOnly);
    auto name = AdminHttp::stringField(body, QStringLiteral("name"));
    if (!name)
        return name.error();
    if (name.value())
        p.name = name.value()->trimmed();
    auto description = AdminHttp::stringField(body, QStringLiteral("description"), true);
    if (!description)
        return description.error();
    if (description.value())
        p.description = *description.value();
    for (const auto& [field, target] : {std::pair{QStringLiteral("daily_token_limit"), &p.dailyTokenLimit},
                                        std::pair{QStringLiteral("monthly_token_limit"), &p.monthlyTokenLimit}}) {
        auto v = AdminHttp::integerField(body, field, kMaxTokens, true);
        if (!v)
            return v.error();
        if (v.value())
            *target = *v.value();
    }
    for (const auto& [field, target] : {std::pair{QStringLiteral("daily_cost_limit"), &p.dailyCostLimitMicros},
                                        std::pair{QStringLiteral("monthly_cost_limit"), &p.monthlyCostLimitMicros}}) {
        auto v = AdminHttp::moneyField(body, field);
        if (!v)
            return v.error();
        if (v.value())
            *target = *v.value();
    }
    auto provider = AdminHttp::stringField(body, QStringLiteral("default_provider"), true);
    if (!provider)
        return provider.error();
    if (provider.value())
        p.defaultProvider = provider.value()->trimmed().toLower();
    auto capability = AdminHttp::stringField(body, QStringLiteral("default_capability"));
    if (!capability)
        return capability.error();
    if (capability.value())
        p.defaultCapability = capability.value()->trimmed().toLower();
    if (body.contains(QStringLiteral("fallbacks"))) {
        const QJsonValue v = body.value(QStringLiteral("fallbacks"));
        if (!v.isArray() && !v.isNull())
            return Error::invalid(QStringLiteral("fallbacks must be an array of \"provider/model\" strings"),
                                  QStringLiteral("fallbacks"));
        QStringList list;
        for (const QJsonValue& f : v.toArray()) {
            if (!f.isString())
                return Error::invalid(QStringLiteral("fallbacks must be an array of \"provider/model\" strings"),
                                      QStringLiteral("fallbacks"));
            list << f.toString().trimmed();
        }
        p.fallbacks = list;
    }
    if (body.contains(QStringLiteral("is_active"))) {
        if (!body.value(QStringLiteral("is_active")).isBool())
            return Error::invalid(QStringLiteral("is_active must be a boolean"), QStringLiteral("is_active"));
        p.active = body.value(QStringLiteral("is_active")).toBool();
    }
    return {};
}
} // namespace

void ProjectsController::install(HttpRouter& router, AdminContext& context)
{
    AdminContext* ctx = &context;
    using A = AdminGuard::Access;

    router.addRoute(
        "GET", QStringLiteral("/api/v1/projects"),
        AdminGuard::wrap(
            context, A::Read, [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal&) {
                const QString all = request.queryItem(QStringLiteral("include_inactive"));
                auto list
                    = ProjectService(ctx->services.db).list(all == QLatin1String("true") || all == QLatin1String("1"));
                if (!list)
                    return AdminHttp::sendError(responder, list.error());
                QJsonArray out;
                for (const Project& p : list.value())
                    out.append(JsonCodec::toJson(p));
                AdminHttp::sendJson(responder, 200, out);
            }));

    router.addRoute(
        "POST", QStringLiteral("/api/v1/projects"),
        AdminGuard::wrap(
            context, A::Write, [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal& who) {
                auto body = AdminHttp::parseObject(request);
                if (!body)
                    return AdminHttp::sendError(responder, body.error());
                if (!body.value().contains(QStringLiteral("name")))
                    return AdminHttp::sendError(responder, Error::invalid(QStringLiteral("name is required"), "name"));
                Project p;
                if (auto a = apply(body.value(), p); !a)
                    return AdminHttp::sendError(responder, a.error());
                auto created = ProjectService(ctx->services.db).create(p);
                if (!created)
                    return AdminHttp::sendError(responder, created.error());
                const QJsonObject json = JsonCodec::toJson(created.value());
                AuditLog(ctx->services.db)
                    .record(who, QStringLiteral("project.create"), QStringLiteral("project"), created.value().id, json);
                AdminHttp::sendJson(responder, 201, json);
            }));

    router.addRoute(
        "GET", QStringLiteral("/api/v1/projects/{id}"),
        AdminGuard::wrap(
            context, A::Read, [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal&) {
                auto p = ProjectRepository(ctx->services.db).findById(request.pathParam(QStringLiteral("id")));
                if (!p)
                    return AdminHttp::sendError(responder, p.error());
                AdminHttp::sendJson(responder, 200, JsonCodec::toJson(p.value()));
            }));

    const auto update = [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal& who) {
        auto body = AdminHttp::parseObject(request);
        if (!body)
            return AdminHttp::sendError(responder, body.error());
        auto existing = ProjectRepository(ctx->services.db).findById(request.pathParam(QStringLiteral("id")));
        if (!existing)
            return AdminHttp::sendError(responder, existing.error());
        Project p = existing.value();
        if (auto a = apply(body.value(), p); !a)
            return AdminHttp::sendError(responder, a.error());
        auto updated = ProjectService(ctx->services.db).update(p);
        if (!updated)
            return AdminHttp::sendError(responder, updated.error());
        const QJsonObject json = JsonCodec::toJson(updated.value());
        AuditLog(ctx->services.db)
            .record(who, QStringLiteral("project.update"), QStringLiteral("project"), p.id,
                    QJsonObject{{QStringLiteral("changes"), body.value()}});
        AdminHttp::sendJson(responder, 200, json);
    };
    router.addRoute("PATCH", QStringLiteral("/api/v1/projects/{id}"), AdminGuard::wrap(context, A::Write, update));
    router.addRoute("PUT", QStringLiteral("/api/v1/projects/{id}"), AdminGuard::wrap(context, A::Write, update));

    router.addRoute(
        "DELETE", QStringLiteral("/api/v1/projects/{id}"),
        AdminGuard::wrap(context, A::Write,
                         [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal& who) {
                             const QString id = request.pathParam(QStringLiteral("id"));
                             auto p = ProjectRepository(ctx->services.db).findById(id);
                             if (!p)
                                 return AdminHttp::sendError(responder, p.error());
                             auto r = ProjectService(ctx->services.db).deactivate(id);
                             if (!r)
                                 return AdminHttp::sendError(responder, r.error());
                             AuditLog(ctx->services.db)
                                 .record(who, QStringLiteral("project.deactivate"), QStringLiteral("project"), id);
                             AdminHttp::sendNoContent(responder);
                         }));
}
