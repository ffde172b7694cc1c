#include "AuthStage.h"

#include "http/HttpRequest.h"
#include "pipeline/RequestContext.h"
#include "services/ApiKeyService.h"

QString AuthStage::presentedKey(const HttpRequest& http)
{
    const QByteArray field = http.header(QByteArrayLiteral("authorization"));
    const QByteArrayView authorization = QByteArrayView(field).trimmed();
    if (authorization.size() > 7 && authorization.first(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        return QString::fromLatin1(authorization.sliced(7).trimmed());
    return QString::fromLatin1(QByteArrayView(http.header(QByteArrayLiteral("x-api-key"))).trimmed());
}

std::optional<GatewayError> AuthStage::run(const HttpRequest& http, RequestContext& ctx)
{
    const QString key = presentedKey(http);
    if (!key.startsWith(QLatin1String("gw_")))
        return GatewayError{401,
                            QStringLiteral("authentication_error"),
                            QStringLiteral("Missing or invalid Authorization header. Expected: Bearer gw_..."),
                            {},
                            QStringLiteral("invalid_api_key"),
                            {},
                            {}};
    const auto it = ctx.snapshot->keysByHash.constFind(ApiKeyService::hash(key));
    const auto project = it == ctx.snapshot->keysByHash.cend() ? ctx.snapshot->projects.cend()
                                                               : ctx.snapshot->projects.constFind(it->projectId);
    if (it == ctx.snapshot->keysByHash.cend() || !it->active || project == ctx.snapshot->projects.cend()
        || !project->active)
        return GatewayError{401, QStringLiteral("authentication_error"), QStringLiteral("Invalid or revoked API key"),
                            {},  QStringLiteral("invalid_api_key"),      {},
                            {}};
    ctx.key = *it;
    ctx.project = *project;
    return std::nullopt;
}
