#include "GatewayRoutes.h"

#include "gateway/ChatCompletionExchange.h"
#include "gateway/GatewayServices.h"
#include "gateway/SnapshotStore.h"
#include "http/HttpRouter.h"
#include "pipeline/AuthStage.h"
#include "pipeline/RequestContext.h"
#include "storage/Database.h"
#include "storage/Migrator.h"
#include "upstream/CurlMulti.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace {
QByteArray modelsJson(const RequestContext& ctx, const GatewayServices& s)
{
    QJsonArray data;
    QSet<QString> seen;
    const auto add = [&](const QString& id, const QString& owner) {
        if (seen.contains(id))
            return;
        seen.insert(id);
        data.append(QJsonObject{{QStringLiteral("id"), id},
                                {QStringLiteral("object"), QStringLiteral("model")},
                                {QStringLiteral("created"), 0},
                                {QStringLiteral("owned_by"), owner}});
    };
    QStringList reachable;
    for (const QString& p : s.capabilities.providerOrder())
        if (ctx.snapshot->access(ctx.project.id, p))
            reachable << p;
    for (const QString& cap : s.capabilities.capabilities())
        for (const QString& p : reachable)
            if (!s.capabilities.model(cap, p).isEmpty()) {
                add(cap, QStringLiteral("aigw"));
                break;
            }
    QStringList models = s.prices.models();
    models.sort();
    for (const QString& m : models) {
        const QString provider = s.prices.providerOf(m);
        if (reachable.contains(provider) && (!ctx.key.allowedModels || ctx.key.allowedModels->contains(m)))
            add(m, provider);
    }
    return QJsonDocument(
               QJsonObject{{QStringLiteral("object"), QStringLiteral("list")}, {QStringLiteral("data"), data}})
        .toJson(QJsonDocument::Compact);
}
} // namespace

void GatewayRoutes::install(HttpRouter& router, GatewayServices& services)
{
    auto* multi = new CurlMulti(router.context());
    QObject* context = router.context();
    GatewayServices* s = &services;

    const HttpRouter::Handler chat = [s, multi, context](const HttpRequest& request, HttpResponder responder) {
        auto* exchange = new ChatCompletionExchange(request, std::move(responder), *s, multi, context);
        exchange->start();
    };
    router.addRoute("POST", QStringLiteral("/v1/chat/completions"), chat);
    router.addRoute("POST", QStringLiteral("/chat/completions"), chat); // clients whose base URL lacks /v1
    router.addRoute("GET", QStringLiteral("/v1/models"), [s](const HttpRequest& request, HttpResponder responder) {
        RequestContext ctx;
        ctx.snapshot = s->snapshots.current();
        if (auto e = AuthStage::run(request, ctx)) {
            responder.sendError(e->status, e->type, e->message, e->param, e->code);
            return;
        }
        responder.sendJson(200, modelsJson(ctx, *s));
    });
    router.addRoute("GET", QStringLiteral("/health"), [](const HttpRequest&, HttpResponder responder) {
        responder.sendJson(200, QByteArrayLiteral("{\"status\":\"ok\"}"));
    });
    router.addRoute("GET", QStringLiteral("/ready"), [s](const HttpRequest&, HttpResponder responder) {
        auto ping = s->db.ping();
        auto migrated = ping ? Migrator(s->db).checkUpToDate() : Result<void>(ping.error());
        if (!migrated) {
            const QJsonObject body{{QStringLiteral("status"), QStringLiteral("unavailable")},
                                   {QStringLiteral("reason"), migrated.error().message}};
            responder.sendJson(503, QJsonDocument(body).toJson(QJsonDocument::Compact));
            return;
        }
        responder.sendJson(200, QByteArrayLiteral("{\"status\":\"ready\"}"));
    });
}
