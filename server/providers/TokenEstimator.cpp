#include "TokenEstimator.h"

#include "providers/ChatRequest.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace {

qint64 ceilDiv(qint64 value, qint64 divisor)
{
    return value <= 0 ? 0 : (value + divisor - 1) / divisor;
}

qint64 utf8Bytes(const QJsonValue& value)
{
    return value.isString() ? value.toString().toUtf8().size() : 0;
}

} // namespace

qint64 TokenEstimator::promptTokens(const QJsonArray& messages, const QJsonArray& tools)
{
    qint64 tokens = ReplyPrimingTokens;
    for (const QJsonValue& m : messages) {
        const QJsonObject message = m.toObject();
        qint64 bytes = utf8Bytes(message.value(QStringLiteral("role")))
            + utf8Bytes(message.value(QStringLiteral("name")))
            + utf8Bytes(message.value(QStringLiteral("tool_call_id")));
        qint64 media = 0;
        const QJsonValue content = message.value(QStringLiteral("content"));
        if (content.isString()) {
            bytes += utf8Bytes(content);
        } else {
            for (const QJsonValue& p : content.toArray()) {
                const QJsonObject part = p.toObject();
                const QString type = part.value(QStringLiteral("type")).toString();
                if (type == u"text")
                    bytes += utf8Bytes(part.value(QStringLiteral("text")));
                else if (type == u"refusal")
                    bytes += utf8Bytes(part.value(QStringLiteral("refusal")));
                else
                    media += MediaPartTokens;
            }
        }
        for (const QJsonValue& c : message.value(QStringLiteral("tool_calls")).toArray()) {
            const QJsonObject function = c.toObject().value(QStringLiteral("function")).toObject();
            bytes += utf8Bytes(function.value(QStringLiteral("name")))
                + utf8Bytes(function.value(QStringLiteral("arguments")));
        }
        tokens += messageTokens(bytes, media);
    }
    if (!tools.isEmpty())
        tokens += ceilDiv(QJsonDocument(tools).toJson(QJsonDocument::Compact).size(), BytesPerToken);
    return tokens;
}

qint64 TokenEstimator::promptTokens(const ChatRequest& request)
{
    return request.promptTokenEstimate();
}

qint64 TokenEstimator::messageTokens(qint64 textBytes, qint64 mediaTokens)
{
    return MessageOverheadTokens + ceilDiv(textBytes, BytesPerToken) + mediaTokens;
}

qint64 TokenEstimator::textTokens(QStringView text)
{
    return ceilDiv(text.toUtf8().size(), BytesPerToken);
}

qint64 TokenEstimator::tokensFromChars(qint64 chars)
{
    return ceilDiv(chars, BytesPerToken);
}
