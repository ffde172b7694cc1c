#include "OpenAiFormat.h"

#include "providers/RawJsonObject.h"

#include "security/SecureRandom.h"
#include "util/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstring>

namespace {
const QString Alphanumeric = QStringLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
}

QString OpenAiFormat::newCompletionId()
{
    return QStringLiteral("chatcmpl-") + SecureRandom::token(29, Alphanumeric);
}

QString OpenAiFormat::newToolCallId()
{
    return QStringLiteral("call_") + SecureRandom::token(24, Alphanumeric);
}

qint64 OpenAiFormat::nowSeconds()
{
    return Clock::instance().nowMs() / 1000;
}

QJsonObject OpenAiFormat::chunk(const QString& id, qint64 created, const QString& model, const QJsonArray& choices)
{
    return QJsonObject{
        {QStringLiteral("id"), id},           {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
        {QStringLiteral("created"), created}, {QStringLiteral("model"), model},
        {QStringLiteral("choices"), choices},
    };
}

QJsonObject OpenAiFormat::chunkChoice(int index, const QJsonObject& delta, const QString& finishReason)
{
    return QJsonObject{
        {QStringLiteral("index"), index},
        {QStringLiteral("delta"), delta},
        {QStringLiteral("logprobs"), QJsonValue::Null},
        {QStringLiteral("finish_reason"),
         finishReason.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(finishReason)},
    };
}

QJsonObject OpenAiFormat::toolCall(const QString& id, const QString& name, const QString& arguments, int index)
{
    QJsonObject call{
        {QStringLiteral("id"), id},
        {QStringLiteral("type"), QStringLiteral("function")},
        {QStringLiteral("function"),
         QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("arguments"), arguments}}},
    };
    if (index >= 0)
        call.insert(QStringLiteral("index"), index);
    return call;
}

QJsonObject OpenAiFormat::errorBody(const QString& message, const QString& type, const QString& code)
{
    return QJsonObject{{QStringLiteral("error"),
                        QJsonObject{
                            {QStringLiteral("message"), message},
                            {QStringLiteral("type"), type},
                            {QStringLiteral("param"), QJsonValue::Null},
                            {QStringLiteral("code"), code.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(code)},
                        }}};
}

std::optional<QJsonObject> OpenAiFormat::parseObject(QByteArrayView json, QString* errorText)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError) {
        if (errorText)
            *errorText = error.errorString() + QStringLiteral(" at offset ") + QString::number(error.offset);
        return std::nullopt;
    }
    if (!doc.isObject()) {
        if (errorText)
            *errorText = QStringLiteral("not a JSON object");
        return std::nullopt;
    }
    return doc.object();
}

QString OpenAiFormat::compact(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString OpenAiFormat::stringOrNumber(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toInteger());
    return {};
}

QByteArray OpenAiFormat::completionBody(const TranslatedResponse& response,
                                        const QList<QPair<QString, QJsonValue>>& members)
{
    QList<QPair<QString, QByteArray>> raw;
    raw.reserve(members.size());
    for (const auto& [key, value] : members)
        raw.append({key, value.isUndefined() ? QByteArray() : RawJsonObject::serialize(value)});
    return completionBodyRaw(response, raw);
}

QByteArray OpenAiFormat::completionBodyRaw(const TranslatedResponse& response,
                                           const QList<QPair<QString, QByteArray>>& members)
{
    // An empty text stands for an undefined value: the member is removed.
    if (!response.upstreamBody.isEmpty() && !response.upstreamMembers.isEmpty() && members.size() <= 32)
        return splice(response, members);
    if (!response.upstreamBody.isEmpty()) {
        std::optional<RawJsonObject> raw = RawJsonObject::parse(response.upstreamBody);
        // A member written twice: QJsonDocument (and so `completion`) kept the last one, a spliced copy would
        // keep both, and clients disagree about which counts. Serialise `completion` instead.
        if (raw && !raw->hasDuplicateKeys()) {
            for (const auto& [key, value] : members) {
                if (value.isEmpty())
                    raw->remove(key);
                else
                    raw->insertRaw(key, value);
            }
            return raw->toJson();
        }
    }
    QJsonObject completion = response.completionObject();
    for (const auto& [key, value] : members) {
        if (value.isEmpty())
            completion.remove(key);
        else
            completion.insert(key, QJsonDocument::fromJson('[' + value + ']').array().at(0));
    }
    return QJsonDocument(completion).toJson(QJsonDocument::Compact);
}

QByteArray OpenAiFormat::splice(const TranslatedResponse& response, const QList<QPair<QString, QByteArray>>& members)
{
    // What RawJsonObject's remove / insertRaw and toJson() make of the body, from the ranges its reader found,
    // copied into a buffer sized for the worst case (an added key escaped at six bytes per UTF-16 unit).
    const QByteArray& body = response.upstreamBody;
    qsizetype size = body.size() + 2;
    for (const auto& [key, value] : members)
        size += 6 * key.size() + value.size() + 4;
    QByteArray out(size, Qt::Uninitialized);
    char* to = out.data();
    const auto put = [&to](const char* from, qsizetype n) {
        std::memcpy(to, from, size_t(n));
        to += n;
    };
    *to++ = '{';
    quint32 replaced = 0; // bit i: members[i] took an upstream member's place
    for (const JsonMemberRange& m : response.upstreamMembers) {
        const QLatin1StringView key(body.constData() + m.keyBegin, m.keyEnd - m.keyBegin);
        qsizetype match = -1;
        for (qsizetype i = 0; i < members.size() && match < 0; ++i) {
            if (members[i].first.size() == key.size() && members[i].first == key)
                match = i;
        }
        if (match >= 0)
            replaced |= 1u << match;
        if (match >= 0 && members[match].second.isEmpty())
            continue;
        if (to - out.constData() > 1)
            *to++ = ',';
        put(body.constData() + m.keyBegin - 1, m.keyEnd - m.keyBegin + 2); // with its quotes
        *to++ = ':';
        if (match >= 0)
            put(members[match].second.constData(), members[match].second.size());
        else
            put(body.constData() + m.valueBegin, m.valueEnd - m.valueBegin);
    }
    for (qsizetype i = 0; i < members.size(); ++i) {
        if ((replaced & (1u << i)) || members[i].second.isEmpty())
            continue;
        if (to - out.constData() > 1)
            *to++ = ',';
        QByteArray key;
        RawJsonObject::appendString(key, members[i].first);
        put(key.constData(), key.size());
        *to++ = ':';
        put(members[i].second.constData(), members[i].second.size());
    }
    *to++ = '}';
    out.truncate(to - out.constData());
    return out;
}
