#include "ChatStream.h"

#include "GatewayClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

ChatStream::ChatStream(QNetworkReply* reply, QUrl url, QObject* parent)
    : QObject(parent)
    , m_reply(reply)
    , m_url(std::move(url))
{
    reply->setParent(this);
    connect(reply, &QNetworkReply::readyRead, this, &ChatStream::handleReadyRead);
    connect(reply, &QNetworkReply::finished, this, &ChatStream::handleFinished);
}

ChatStream::~ChatStream()
{
    if (m_reply && m_reply->isRunning()) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

void ChatStream::stop()
{
    if (!m_running)
        return;
    m_stopRequested = true;
    if (m_reply)
        m_reply->abort(); // emits finished(); handleFinished reports stopped()
}

void ChatStream::handleReadyRead()
{
    if (!m_running || !m_reply)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString contentType = m_reply->header(QNetworkRequest::ContentTypeHeader).toString();
    m_isEventStream = status < 400 && contentType.startsWith(QLatin1String("text/event-stream"));
    const QByteArray bytes = m_reply->readAll();
    if (!m_isEventStream) {
        m_body += bytes;
        return;
    }
    for (const QByteArray& data : m_parser.feed(bytes)) {
        handleEvent(data);
        if (!m_running)
            return;
    }
}

void ChatStream::handleFinished()
{
    if (!m_running)
        return;
    if (m_reply && m_reply->bytesAvailable() > 0 && !m_stopRequested)
        handleReadyRead();
    if (!m_running)
        return;
    if (m_stopRequested) {
        m_running = false;
        emit stopped();
        return;
    }
    const int status = m_reply ? m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() : 0;
    if (status == 0 || status >= 400) {
        fail(GatewayClient::describeError(status, m_body, m_reply ? m_reply->errorString() : QString(), m_url));
        return;
    }
    if (m_isEventStream) {
        for (const QByteArray& data : m_parser.finish()) {
            handleEvent(data);
            if (!m_running)
                return;
        }
        if (!m_sawDone && m_reply && m_reply->error() != QNetworkReply::NoError) {
            fail(tr("The connection to the gateway broke off before the answer was complete: %1")
                     .arg(m_reply->errorString()));
            return;
        }
    } else {
        const QJsonObject o = QJsonDocument::fromJson(m_body).object();
        if (o.contains(QStringLiteral("error"))) {
            fail(GatewayClient::describeError(500, m_body, {}, m_url));
            return;
        }
        const QJsonObject message
            = o.value(QStringLiteral("choices")).toArray().at(0).toObject().value(QStringLiteral("message")).toObject();
        const QString content = message.value(QStringLiteral("content")).toString();
        if (o.isEmpty()) {
            fail(tr("The gateway sent an answer that is not JSON."));
            return;
        }
        m_text += content;
        readMeta(o);
        if (!content.isEmpty())
            emit textReceived(content);
    }
    m_running = false;
    emit finished();
}

void ChatStream::handleEvent(const QByteArray& data)
{
    if (data.trimmed() == "[DONE]") {
        m_sawDone = true;
        return;
    }
    QJsonParseError pe;
    const QJsonObject o = QJsonDocument::fromJson(data, &pe).object();
    if (pe.error != QJsonParseError::NoError)
        return; // keep-alive or junk; the gateway only sends JSON events
    if (o.contains(QStringLiteral("error"))) {
        const QJsonObject e = o.value(QStringLiteral("error")).toObject();
        const QString type = e.value(QStringLiteral("type")).toString();
        int status = 500;
        if (type == QLatin1String("insufficient_quota") || type == QLatin1String("rate_limit_error"))
            status = 429;
        else if (type == QLatin1String("authentication_error"))
            status = 401;
        else if (type == QLatin1String("invalid_request_error"))
            status = 400;
        fail(GatewayClient::describeError(status, QJsonDocument(o).toJson(), {}, m_url));
        return;
    }
    const QJsonObject choice = o.value(QStringLiteral("choices")).toArray().at(0).toObject();
    const QString delta = choice.value(QStringLiteral("delta")).toObject().value(QStringLiteral("content")).toString();
    readMeta(o);
    if (!delta.isEmpty()) {
        m_text += delta;
        emit textReceived(delta);
    }
}

void ChatStream::readMeta(const QJsonObject& o)
{
    if (const QString model = o.value(QStringLiteral("model")).toString(); !model.isEmpty())
        m_info.model = model;
    if (const QString provider = o.value(QStringLiteral("provider")).toString(); !provider.isEmpty())
        m_info.provider = provider;
    const QJsonObject choice = o.value(QStringLiteral("choices")).toArray().at(0).toObject();
    if (const QString reason = choice.value(QStringLiteral("finish_reason")).toString(); !reason.isEmpty())
        m_info.finishReason = reason;
    const QJsonObject usage = o.value(QStringLiteral("usage")).toObject();
    if (!usage.isEmpty()) {
        m_info.promptTokens = usage.value(QStringLiteral("prompt_tokens")).toInteger();
        m_info.completionTokens = usage.value(QStringLiteral("completion_tokens")).toInteger();
    }
    const QJsonObject cost = o.value(QStringLiteral("cost")).toObject();
    if (cost.contains(QStringLiteral("total")))
        m_info.costMicros = qRound64(cost.value(QStringLiteral("total")).toDouble() * 1000000.0);
}

void ChatStream::fail(const QString& message)
{
    m_running = false;
    if (m_reply && m_reply->isRunning()) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
    emit failed(message);
}
