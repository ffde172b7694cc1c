#include "GatewayClient.h"

#include "ChatRequest.h"
#include "ChatStream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

GatewayClient::GatewayClient(QNetworkAccessManager* network, QObject* parent)
    : QObject(parent)
    , m_network(network)
{ }

void GatewayClient::setEndpoint(const QUrl& baseUrl, const QString& apiKey)
{
    m_baseUrl = baseUrl;
    m_apiKey = apiKey.trimmed();
}

QUrl GatewayClient::endpoint(const QString& path) const
{
    QUrl url = m_baseUrl;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    if (base.endsWith(QLatin1String("/v1")))
        base.chop(3);
    url.setPath(base + path);
    return url;
}

ChatStream* GatewayClient::startChat(const ChatRequest& request, QObject* parent)
{
    const QUrl url = endpoint(QStringLiteral("/v1/chat/completions"));
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    req.setRawHeader("Authorization", "Bearer " + m_apiKey.toUtf8());
    req.setRawHeader("Accept", request.stream ? "text/event-stream" : "application/json");
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    // Answers can take minutes; only a silent connection is a failure.
    req.setTransferTimeout(120000);
    QNetworkReply* reply = m_network->post(req, QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact));
    return new ChatStream(reply, url, parent);
}

void GatewayClient::fetchModels()
{
    const QUrl url = endpoint(QStringLiteral("/v1/models"));
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + m_apiKey.toUtf8());
    req.setTransferTimeout(15000);
    QNetworkReply* reply = m_network->get(req);
    connect(reply, &QNetworkReply::finished, this, [this, reply, url]() {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        if (reply->error() != QNetworkReply::NoError && status == 0) {
            emit modelsFailed(describeError(0, body, reply->errorString(), url));
            return;
        }
        if (status >= 400) {
            emit modelsFailed(describeError(status, body, reply->errorString(), url));
            return;
        }
        QList<ModelInfo> models;
        const QJsonArray data = QJsonDocument::fromJson(body).object().value(QStringLiteral("data")).toArray();
        for (const QJsonValue& v : data) {
            const QJsonObject o = v.toObject();
            ModelInfo m{o.value(QStringLiteral("id")).toString(), o.value(QStringLiteral("owned_by")).toString()};
            if (!m.id.isEmpty())
                models << m;
        }
        emit modelsReceived(models);
    });
}

QString GatewayClient::describeError(int httpStatus, const QByteArray& body, const QString& networkError,
                                     const QUrl& url)
{
    const QJsonObject error = QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toObject();
    QString detail = error.value(QStringLiteral("message")).toString().trimmed();
    const QString type = error.value(QStringLiteral("type")).toString();
    if (detail.isEmpty() && !body.trimmed().startsWith('{') && !body.trimmed().startsWith('<'))
        detail = QString::fromUtf8(body.left(300)).trimmed();
    const QString suffix = detail.isEmpty() ? QString() : QStringLiteral(" (") + detail + QStringLiteral(")");
    if (httpStatus == 0)
        return tr("Cannot reach the gateway at %1: %2. Check that the gateway is running and the URL is right.")
            .arg(url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery), networkError);
    if (httpStatus == 401)
        return tr("The gateway did not accept the API key%1. Check the gw_ key in the connection profile; it may "
                  "have been revoked.")
            .arg(suffix);
    if (httpStatus == 403)
        return tr("This key is not allowed to do that%1.").arg(suffix);
    if (httpStatus == 429 && type == QLatin1String("insufficient_quota"))
        return tr("The project's budget is used up%1. Ask an operator to raise the limit, or wait for the next "
                  "day or month.")
            .arg(suffix);
    if (httpStatus == 429)
        return tr("Too many requests: the rate limit was reached%1. Wait a moment and try again.").arg(suffix);
    if (httpStatus == 400 || httpStatus == 404 || httpStatus == 422)
        return tr("The gateway refused the request%1. Check the model and the settings.").arg(suffix);
    if (httpStatus >= 500)
        return tr("The provider or the gateway failed (HTTP %1)%2. Try again, or pick another provider.")
            .arg(httpStatus)
            .arg(suffix);
    return tr("The gateway answered with HTTP %1%2.").arg(httpStatus).arg(suffix);
}
