#pragma once

#include "providers/TranslatedResponse.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

/** Builders and small helpers for the OpenAI chat-completions wire format that every adapter emits. */
class OpenAiFormat
{
public:
    /** "chatcmpl-" + 29 random alphanumerics (the length OpenAI uses). */
    static QString newCompletionId();
    /** "call_" + 24 random alphanumerics, for tool calls the provider did not name (Gemini). */
    static QString newToolCallId();
    /** Seconds since the epoch from Clock::instance(). */
    static qint64 nowSeconds();

    /** {id, object: "chat.completion.chunk", created, model, choices}. */
    static QJsonObject chunk(const QString& id, qint64 created, const QString& model, const QJsonArray& choices);
    /** {index, delta, logprobs: null, finish_reason} (finish_reason null unless given). */
    static QJsonObject chunkChoice(int index, const QJsonObject& delta, const QString& finishReason = {});
    /** {id, type: "function", function: {name, arguments}}; index is added for stream deltas when >= 0. */
    static QJsonObject toolCall(const QString& id, const QString& name, const QString& arguments, int index = -1);
    /** {"error": {message, type, param: null, code}} with code null when empty. */
    static QJsonObject errorBody(const QString& message, const QString& type, const QString& code = {});

    /** Parses a JSON object; nullopt for invalid JSON or any other top-level value. */
    static std::optional<QJsonObject> parseObject(QByteArrayView json, QString* errorText = nullptr);
    /** Compact JSON of an object or array. */
    static QString compact(const QJsonObject& object);
    /** A value as a string when it is one; integers as decimal text; empty otherwise. */
    static QString stringOrNumber(const QJsonValue& value);
    /**
     * The client's `chat.completion` body: @p response's completion with @p members set (id, model,
     * provider, cost, ...). From response.upstreamBody when it is set, so everything else goes out as the
     * provider wrote it (no second parse, no re-serialisation); else from response.completion.
     */
    static QByteArray completionBody(const TranslatedResponse& response,
                                     const QList<QPair<QString, QJsonValue>>& members);
    /**
     * The same with each member's value given as compact JSON text (RawJsonObject::serialize's form): the
     * gateway writes its members straight to text rather than through QJsonValue.
     */
    static QByteArray completionBodyRaw(const TranslatedResponse& response,
                                        const QList<QPair<QString, QByteArray>>& members);

private:
    /** completionBodyRaw() from response.upstreamMembers; the members' keys are distinct (at most 32). */
    static QByteArray splice(const TranslatedResponse& response, const QList<QPair<QString, QByteArray>>& members);
};
