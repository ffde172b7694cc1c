#include "OpenApiEndpoint.h"

#include "http/HttpRouter.h"

#include <QFile>

const QByteArray& OpenApiEndpoint::document()
{
    static const QByteArray doc = [] {
        QFile f(QStringLiteral(":/openapi/openapi.json"));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    return doc;
}

void OpenApiEndpoint::install(HttpRouter& router)
{
    router.addRoute("GET", QStringLiteral("/api/v1/openapi.json"), [](const HttpRequest&, HttpResponder responder) {
        if (document().isEmpty()) {
            responder.sendError(500, QStringLiteral("server_error"), QStringLiteral("the OpenAPI document is missing"));
            return;
        }
        responder.sendJson(200, document());
    });
}
