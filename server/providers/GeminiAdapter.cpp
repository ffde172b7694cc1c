#include "GeminiAdapter.h"

#include "providers/ChatRequest.h"
#include "providers/DataUrl.h"
#include "providers/ErrorClassifier.h"
#include "providers/GeminiStreamTranslator.h"
#include "providers/OpenAiFormat.h"
#include "providers/RetryAfter.h"
#include "providers/TurnList.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace {

const QString Type = QStringLiteral("type");
const QString Text = QStringLiteral("text");
const QString Parts = QStringLiteral("parts");

QString indexed(const QString& base, qsizetype index)
{
    return base + u'[' + QString::number(index) + u']';
}

QJsonObject inlineData(const QString& mimeType, const QString& data)
{
    return {{QStringLiteral("inlineData"),
             QJsonObject{{QStringLiteral("mimeType"), mimeType}, {QStringLiteral("data"), data}}}};
}

QJsonArray textParts(const QJsonValue& content)
{
    QJsonArray parts;
    if (content.isString()) {
        if (!content.toString().isEmpty())
            parts.append(QJsonObject{{Text, content.toString()}});
        return parts;
    }
    for (const QJsonValue& p : content.toArray()) {
        const QJsonObject part = p.toObject();
        const QString text
            = part.value(part.value(Type) == QJsonValue(QStringLiteral("refusal")) ? QStringLiteral("refusal") : Text)
                  .toString();
        if (!text.isEmpty())
            parts.append(QJsonObject{{Text, text}});
    }
    return parts;
}

Result<QJsonArray> userParts(const QJsonValue& content, const QString& param)
{
    if (content.isString())
        return textParts(content);
    QJsonArray result;
    const QJsonArray parts = content.toArray();
    for (qsizetype j = 0; j < parts.size(); ++j) {
        const QJsonObject part = parts.at(j).toObject();
        const QString type = part.value(Type).toString();
        const QString partParam = indexed(param, j);
        if (type == u"text") {
            if (!part.value(Text).toString().isEmpty())
                result.append(QJsonObject{{Text, part.value(Text).toString()}});
        } else if (type == u"image_url") {
            const QString url
                = part.value(QStringLiteral("image_url")).toObject().value(QStringLiteral("url")).toString();
            if (const auto data = DataUrl::parse(url)) {
                result.append(inlineData(data->mimeType(), data->base64Data()));
            } else {
                QJsonObject fileData{{QStringLiteral("fileUri"), url}};
                const QString mime = DataUrl::guessMimeType(url);
                if (!mime.isEmpty())
                    fileData.insert(QStringLiteral("mimeType"), mime);
                result.append(QJsonObject{{QStringLiteral("fileData"), fileData}});
            }
        } else if (type == u"input_audio") {
            const QJsonObject audio = part.value(QStringLiteral("input_audio")).toObject();
            result.append(inlineData(QStringLiteral("audio/") + audio.value(QStringLiteral("format")).toString(),
                                     audio.value(QStringLiteral("data")).toString()));
        } else if (type == u"file") {
            const auto data = DataUrl::parse(
                part.value(QStringLiteral("file")).toObject().value(QStringLiteral("file_data")).toString());
            if (!data)
                return Error::invalid(QStringLiteral("gemini accepts files only as data URLs in 'file_data'."),
                                      partParam + QStringLiteral(".file"));
            result.append(inlineData(data->mimeType(), data->base64Data()));
        } else {
            return Error::invalid(QStringLiteral("gemini does not accept '") + type + QStringLiteral("' content."),
                                  partParam + QStringLiteral(".type"));
        }
    }
    return result;
}

QJsonObject functionResponseBody(const QJsonValue& content)
{
    QString text;
    if (content.isString()) {
        text = content.toString();
    } else {
        for (const QJsonValue& part : textParts(content))
            text += part.toObject().value(Text).toString();
    }
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    if (doc.isObject())
        return doc.object();
    return {{QStringLiteral("output"), text}};
}

bool hasProperties(const QJsonObject& schema)
{
    return !schema.value(QStringLiteral("properties")).toObject().isEmpty();
}

} // namespace

QString GeminiAdapter::finishReasonFor(const QString& geminiReason)
{
    if (geminiReason == u"MAX_TOKENS")
        return QStringLiteral("length");
    static const QStringList filtered{
        QStringLiteral("SAFETY"),
        QStringLiteral("RECITATION"),
        QStringLiteral("PROHIBITED_CONTENT"),
        QStringLiteral("BLOCKLIST"),
        QStringLiteral("SPII"),
        QStringLiteral("IMAGE_SAFETY"),
        QStringLiteral("IMAGE_PROHIBITED_CONTENT"),
        QStringLiteral("IMAGE_RECITATION"),
    };
    if (filtered.contains(geminiReason))
        return QStringLiteral("content_filter");
    return QStringLiteral("stop"); // STOP, and OTHER, LANGUAGE, MALFORMED_FUNCTION_CALL, ... (no better OpenAI value)
}

Usage GeminiAdapter::usageFromMetadata(const QJsonObject& metadata)
{
    Usage usage;
    if (metadata.isEmpty())
        return usage;
    usage.reported = true;
    const auto count = [&metadata](const char* key) { return metadata.value(QLatin1StringView(key)).toInteger(); };
    usage.promptTokens = count("promptTokenCount") + count("toolUsePromptTokenCount");
    usage.cachedTokens = count("cachedContentTokenCount");
    usage.reasoningTokens = count("thoughtsTokenCount");
    usage.completionTokens = count("candidatesTokenCount") + usage.reasoningTokens;
    return usage;
}

QJsonObject GeminiAdapter::sanitizeSchema(const QJsonObject& schema)
{
    static const QStringList kept{
        QStringLiteral("type"),          QStringLiteral("format"),
        QStringLiteral("title"),         QStringLiteral("description"),
        QStringLiteral("nullable"),      QStringLiteral("enum"),
        QStringLiteral("maxItems"),      QStringLiteral("minItems"),
        QStringLiteral("required"),      QStringLiteral("propertyOrdering"),
        QStringLiteral("minimum"),       QStringLiteral("maximum"),
        QStringLiteral("minLength"),     QStringLiteral("maxLength"),
        QStringLiteral("pattern"),       QStringLiteral("example"),
        QStringLiteral("default"),       QStringLiteral("minProperties"),
        QStringLiteral("maxProperties"),
    };
    QJsonObject out;
    for (auto it = schema.constBegin(); it != schema.constEnd(); ++it) {
        const QString& key = it.key();
        if (key == u"properties") {
            QJsonObject properties;
            const QJsonObject in = it.value().toObject();
            for (auto p = in.constBegin(); p != in.constEnd(); ++p)
                properties.insert(p.key(), sanitizeSchema(p.value().toObject()));
            out.insert(key, properties);
        } else if (key == u"items" && it.value().isObject()) {
            out.insert(key, sanitizeSchema(it.value().toObject()));
        } else if (key == u"anyOf") {
            QJsonArray options;
            for (const QJsonValue& option : it.value().toArray())
                options.append(sanitizeSchema(option.toObject()));
            out.insert(key, options);
        } else if (key == u"type" && it.value().isArray()) {
            QString single;
            for (const QJsonValue& t : it.value().toArray()) {
                if (t.toString() == u"null")
                    out.insert(QStringLiteral("nullable"), true);
                else if (single.isEmpty())
                    single = t.toString();
            }
            if (!single.isEmpty())
                out.insert(key, single);
        } else if (key == u"const") {
            out.insert(QStringLiteral("enum"), QJsonArray{it.value()});
        } else if (kept.contains(key)) {
            out.insert(key, it.value());
        }
    }
    return out;
}

Result<UpstreamRequest> GeminiAdapter::buildRequest(const ChatRequest& request, const QString& model,
                                                    const QString& apiKey, const QString& baseUrl,
                                                    const AdapterOptions& options) const
{
    QJsonArray systemParts;
    QJsonArray contents;
    QHash<QString, QString> toolNameById;
    const QJsonArray input = request.messages();
    for (qsizetype i = 0; i < input.size(); ++i) {
        const QJsonObject message = input.at(i).toObject();
        const QString role = message.value(QStringLiteral("role")).toString();
        const QString param = indexed(QStringLiteral("messages"), i);
        const QJsonValue content = message.value(QStringLiteral("content"));
        if (role == u"system" || role == u"developer") {
            for (const QJsonValue& part : textParts(content))
                systemParts.append(part);
        } else if (role == u"user") {
            Result<QJsonArray> parts = userParts(content, param + QStringLiteral(".content"));
            if (!parts)
                return parts.error();
            TurnList::append(&contents, QStringLiteral("user"), Parts, *parts);
        } else if (role == u"assistant") {
            QJsonArray parts = textParts(content);
            const QJsonArray calls = message.value(QStringLiteral("tool_calls")).toArray();
            for (qsizetype j = 0; j < calls.size(); ++j) {
                const QJsonObject call = calls.at(j).toObject();
                const QJsonObject function = call.value(QStringLiteral("function")).toObject();
                const QString name = function.value(QStringLiteral("name")).toString();
                const QString arguments = function.value(QStringLiteral("arguments")).toString().trimmed();
                QJsonObject args;
                if (!arguments.isEmpty()) {
                    const QJsonDocument doc = QJsonDocument::fromJson(arguments.toUtf8());
                    if (!doc.isObject())
                        return Error::invalid(
                            QStringLiteral("gemini needs tool call arguments that are a JSON object."),
                            indexed(param + QStringLiteral(".tool_calls"), j) + QStringLiteral(".function.arguments"));
                    args = doc.object();
                }
                toolNameById.insert(call.value(QStringLiteral("id")).toString(), name);
                parts.append(
                    QJsonObject{{QStringLiteral("functionCall"),
                                 QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("args"), args}}}});
            }
            TurnList::append(&contents, QStringLiteral("model"), Parts, parts);
        } else { // tool
            const QString id = message.value(QStringLiteral("tool_call_id")).toString();
            if (!toolNameById.contains(id))
                return Error::invalid(QStringLiteral("gemini needs the function name of a tool result, but no earlier "
                                                     "assistant tool call has the id '")
                                          + id + QStringLiteral("'."),
                                      param + QStringLiteral(".tool_call_id"));
            const QJsonObject response{
                {QStringLiteral("name"), toolNameById.value(id)},
                {QStringLiteral("response"), functionResponseBody(content)},
            };
            TurnList::append(&contents, QStringLiteral("user"), Parts,
                             QJsonArray{QJsonObject{{QStringLiteral("functionResponse"), response}}});
        }
    }
    if (contents.isEmpty())
        return Error::invalid(QStringLiteral("gemini needs at least one user or assistant message."),
                              QStringLiteral("messages"));

    QJsonObject body{{QStringLiteral("contents"), contents}};
    if (!systemParts.isEmpty())
        body.insert(QStringLiteral("systemInstruction"), QJsonObject{{Parts, systemParts}});

    QJsonObject config;
    if (const auto t = request.temperature())
        config.insert(QStringLiteral("temperature"), *t);
    if (const auto p = request.topP())
        config.insert(QStringLiteral("topP"), *p);
    if (const auto m = request.maxTokens())
        config.insert(QStringLiteral("maxOutputTokens"), *m);
    if (!request.stop().isEmpty())
        config.insert(QStringLiteral("stopSequences"), QJsonArray::fromStringList(request.stop()));
    if (const auto s = request.seed())
        config.insert(QStringLiteral("seed"), *s);
    if (const auto p = request.presencePenalty())
        config.insert(QStringLiteral("presencePenalty"), *p);
    if (const auto f = request.frequencyPenalty())
        config.insert(QStringLiteral("frequencyPenalty"), *f);
    const QString format = request.responseFormatType();
    if (format == u"json_object" || format == u"json_schema")
        config.insert(QStringLiteral("responseMimeType"), QStringLiteral("application/json"));
    if (format == u"json_schema") {
        const QJsonValue schema
            = request.responseFormat().value(QStringLiteral("json_schema")).toObject().value(QStringLiteral("schema"));
        if (schema.isObject())
            config.insert(QStringLiteral("responseSchema"), sanitizeSchema(schema.toObject()));
    }
    if (options.thinking) {
        config.insert(QStringLiteral("thinkingConfig"),
                      QJsonObject{{QStringLiteral("thinkingBudget"), options.thinkingBudgetTokens},
                                  {QStringLiteral("includeThoughts"), options.includeThoughts}});
    }
    if (!config.isEmpty())
        body.insert(QStringLiteral("generationConfig"), config);

    const QJsonArray tools = request.tools();
    if (!tools.isEmpty()) {
        QJsonArray declarations;
        for (const QJsonValue& t : tools) {
            const QJsonObject function = t.toObject().value(QStringLiteral("function")).toObject();
            QJsonObject declaration{{QStringLiteral("name"), function.value(QStringLiteral("name"))}};
            if (function.value(QStringLiteral("description")).isString())
                declaration.insert(QStringLiteral("description"), function.value(QStringLiteral("description")));
            const QJsonObject parameters = function.value(QStringLiteral("parameters")).toObject();
            if (hasProperties(parameters))
                declaration.insert(QStringLiteral("parameters"), sanitizeSchema(parameters));
            declarations.append(declaration);
        }
        body.insert(QStringLiteral("tools"),
                    QJsonArray{QJsonObject{{QStringLiteral("functionDeclarations"), declarations}}});

        const QJsonValue choice = request.toolChoice();
        QJsonObject calling;
        if (choice.isString()) {
            const QString mode = choice.toString();
            calling.insert(QStringLiteral("mode"), mode == u"required" ? QStringLiteral("ANY") : mode.toUpper());
        } else if (choice.isObject()) {
            calling.insert(QStringLiteral("mode"), QStringLiteral("ANY"));
            calling.insert(QStringLiteral("allowedFunctionNames"), QJsonArray{request.forcedToolName()});
        }
        if (!calling.isEmpty())
            body.insert(QStringLiteral("toolConfig"), QJsonObject{{QStringLiteral("functionCallingConfig"), calling}});
    }

    QString base = baseUrl.isEmpty() ? QString::fromLatin1(DefaultBaseUrl) : baseUrl;
    while (base.endsWith(u'/'))
        base.chop(1);
    if (!base.endsWith(QLatin1StringView("/v1beta")) && !base.endsWith(QLatin1StringView("/v1")))
        base += QStringLiteral("/v1beta");
    QString modelId = model;
    if (modelId.startsWith(QLatin1StringView("models/")))
        modelId.remove(0, 7);

    UpstreamRequest upstream;
    upstream.method = QByteArrayLiteral("POST");
    upstream.url = UpstreamRequest::parseUrl(
        base + QStringLiteral("/models/") + modelId
        + (request.isStream() ? QStringLiteral(":streamGenerateContent?alt=sse") : QStringLiteral(":generateContent")));
    upstream.headers = {
        {QByteArrayLiteral("x-goog-api-key"), apiKey.toUtf8()},
        {QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")},
        {QByteArrayLiteral("accept"),
         request.isStream() ? QByteArrayLiteral("text/event-stream") : QByteArrayLiteral("application/json")},
    };
    upstream.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return upstream;
}

Result<TranslatedResponse> GeminiAdapter::parseResponse(const QByteArray& body, const QString& requestedModel,
                                                        ReasoningOutput reasoning) const
{
    QString parseError;
    const std::optional<QJsonObject> parsed = OpenAiFormat::parseObject(body, &parseError);
    if (!parsed)
        return Error::unavailable(QStringLiteral("gemini: the response is not valid JSON (") + parseError + u')');
    const QJsonObject& response = *parsed;

    TranslatedResponse result;
    result.upstreamId = response.value(QStringLiteral("responseId")).toString();
    result.upstreamModel = response.value(QStringLiteral("modelVersion")).toString();
    result.model = requestedModel.isEmpty() ? result.upstreamModel : requestedModel;

    const QJsonArray candidates = response.value(QStringLiteral("candidates")).toArray();
    const QString blockReason
        = response.value(QStringLiteral("promptFeedback")).toObject().value(QStringLiteral("blockReason")).toString();
    if (candidates.isEmpty() && blockReason.isEmpty())
        return Error::unavailable(QStringLiteral("gemini: the response has no candidates"));

    QString text;
    QJsonArray toolCalls;
    const QJsonObject candidate = candidates.at(0).toObject();
    for (const QJsonValue& p : candidate.value(QStringLiteral("content")).toObject().value(Parts).toArray()) {
        const QJsonObject part = p.toObject();
        if (part.contains(QStringLiteral("functionCall"))) {
            const QJsonObject call = part.value(QStringLiteral("functionCall")).toObject();
            toolCalls.append(
                OpenAiFormat::toolCall(OpenAiFormat::newToolCallId(), call.value(QStringLiteral("name")).toString(),
                                       OpenAiFormat::compact(call.value(QStringLiteral("args")).toObject())));
        } else if (part.value(QStringLiteral("thought")).toBool()) {
            result.reasoningText += part.value(Text).toString();
        } else {
            text += part.value(Text).toString();
        }
    }

    result.upstreamFinishReason
        = candidates.isEmpty() ? blockReason : candidate.value(QStringLiteral("finishReason")).toString();
    result.finishReason
        = candidates.isEmpty() ? QStringLiteral("content_filter") : finishReasonFor(result.upstreamFinishReason);
    if (!toolCalls.isEmpty() && result.finishReason == u"stop")
        result.finishReason = QStringLiteral("tool_calls");

    QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")},
                        {QStringLiteral("content"), text},
                        {QStringLiteral("refusal"), QJsonValue::Null}};
    if (result.finishReason == u"content_filter") {
        message.insert(QStringLiteral("content"), QJsonValue::Null);
        message.insert(QStringLiteral("refusal"),
                       text.isEmpty()
                           ? QStringLiteral("gemini blocked the response (") + result.upstreamFinishReason + u')'
                           : text);
    } else if (text.isEmpty() && !toolCalls.isEmpty()) {
        message.insert(QStringLiteral("content"), QJsonValue::Null);
    }
    if (!toolCalls.isEmpty())
        message.insert(QStringLiteral("tool_calls"), toolCalls);
    if (reasoning == ReasoningOutput::ReasoningContent && !result.reasoningText.isEmpty())
        message.insert(QStringLiteral("reasoning_content"), result.reasoningText);

    result.usage = usageFromMetadata(response.value(QStringLiteral("usageMetadata")).toObject());
    QJsonObject completion{
        {QStringLiteral("id"), OpenAiFormat::newCompletionId()},
        {QStringLiteral("object"), QStringLiteral("chat.completion")},
        {QStringLiteral("created"), OpenAiFormat::nowSeconds()},
        {QStringLiteral("model"), result.model},
        {QStringLiteral("choices"),
         QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                {QStringLiteral("message"), message},
                                {QStringLiteral("logprobs"), QJsonValue::Null},
                                {QStringLiteral("finish_reason"), result.finishReason}}}},
    };
    if (result.usage.reported)
        completion.insert(QStringLiteral("usage"), result.usage.toOpenAiJson());
    result.completion = completion;
    return result;
}

UpstreamError GeminiAdapter::errorFromJson(int httpStatus, const QJsonObject& errorObject, const QByteArray& body,
                                           const HeaderList::List& headers)
{
    using Class = UpstreamError::Class;
    UpstreamError error;
    error.status = httpStatus;
    error.type = errorObject.value(QStringLiteral("status")).toString();
    const QString message = errorObject.value(QStringLiteral("message")).toString();
    error.message = ErrorClassifier::prefixedMessage(QStringLiteral("gemini"), httpStatus, message, body);
    for (const QJsonValue& d : errorObject.value(QStringLiteral("details")).toArray()) {
        const QJsonObject detail = d.toObject();
        const QString type = detail.value(QStringLiteral("@type")).toString();
        if (type.endsWith(QLatin1StringView("google.rpc.ErrorInfo")) && error.code.isEmpty())
            error.code = detail.value(QStringLiteral("reason")).toString();
        else if (type.endsWith(QLatin1StringView("google.rpc.RetryInfo")))
            error.retryAfterMs = RetryAfter::fromDuration(detail.value(QStringLiteral("retryDelay")).toString());
    }

    const QString& status = error.type;
    if (error.code == u"API_KEY_INVALID" || status == u"UNAUTHENTICATED" || status == u"PERMISSION_DENIED"
        || message.contains(QLatin1StringView("API key not valid"), Qt::CaseInsensitive))
        error.errorClass = Class::Authentication;
    else if (ErrorClassifier::looksLikeContextLength(message))
        error.errorClass = Class::ContextLength;
    else if (ErrorClassifier::looksLikeContentPolicy(message))
        error.errorClass = Class::ContentPolicy;
    else if (status == u"RESOURCE_EXHAUSTED")
        error.errorClass = Class::RateLimited;
    else if (status == u"UNAVAILABLE")
        error.errorClass = Class::Overloaded;
    else if (status == u"INTERNAL" || status == u"DEADLINE_EXCEEDED" || status == u"UNKNOWN")
        error.errorClass = Class::ServerError;
    else if (status == u"NOT_FOUND")
        error.errorClass = Class::NotFound;
    else if (status == u"INVALID_ARGUMENT" || status == u"FAILED_PRECONDITION" || status == u"OUT_OF_RANGE")
        error.errorClass = Class::BadRequest;
    else
        error.errorClass = ErrorClassifier::classForStatus(httpStatus);
    ErrorClassifier::finish(&error, headers, message);
    return error;
}

UpstreamError GeminiAdapter::parseError(int httpStatus, const QByteArray& body, const HeaderList::List& headers) const
{
    // Some Google front ends wrap the error in an array: [{"error": {...}}].
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    const QJsonObject object = doc.isArray() ? doc.array().at(0).toObject() : doc.object();
    return errorFromJson(httpStatus, object.value(QStringLiteral("error")).toObject(), body, headers);
}

std::unique_ptr<StreamTranslator> GeminiAdapter::createStreamTranslator(const StreamOptions& options) const
{
    return std::make_unique<GeminiStreamTranslator>(options);
}
