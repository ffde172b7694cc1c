#include "AnthropicAdapter.h"

#include "providers/AnthropicStreamTranslator.h"
#include "providers/ChatRequest.h"
#include "providers/DataUrl.h"
#include "providers/ErrorClassifier.h"
#include "providers/OpenAiFormat.h"
#include "providers/TokenEstimator.h"
#include "providers/TurnList.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace {

const QString Type = QStringLiteral("type");
const QString Text = QStringLiteral("text");
const QString Content = QStringLiteral("content");

QString indexed(const QString& base, qsizetype index)
{
    return base + u'[' + QString::number(index) + u']';
}

QJsonObject textBlock(const QString& text, const QJsonValue& cacheControl = {})
{
    QJsonObject block{{Type, Text}, {Text, text}};
    if (cacheControl.isObject())
        block.insert(QStringLiteral("cache_control"), cacheControl);
    return block;
}

/** Text blocks of a system / developer / tool / assistant content (string or text and refusal parts). */
QJsonArray textBlocks(const QJsonValue& content)
{
    QJsonArray blocks;
    if (content.isString()) {
        if (!content.toString().isEmpty())
            blocks.append(textBlock(content.toString()));
        return blocks;
    }
    for (const QJsonValue& p : content.toArray()) {
        const QJsonObject part = p.toObject();
        const QString text
            = part.value(part.value(Type) == QJsonValue(QStringLiteral("refusal")) ? QStringLiteral("refusal") : Text)
                  .toString();
        if (!text.isEmpty())
            blocks.append(textBlock(text, part.value(QStringLiteral("cache_control"))));
    }
    return blocks;
}

/** Blocks of a user message: text, images and PDF documents. */
Result<QJsonArray> userBlocks(const QJsonValue& content, const QString& param)
{
    if (content.isString())
        return textBlocks(content);
    QJsonArray blocks;
    const QJsonArray parts = content.toArray();
    for (qsizetype j = 0; j < parts.size(); ++j) {
        const QJsonObject part = parts.at(j).toObject();
        const QString type = part.value(Type).toString();
        const QString partParam = indexed(param, j);
        const QJsonValue cacheControl = part.value(QStringLiteral("cache_control"));
        QJsonObject block;
        if (type == u"text") {
            if (part.value(Text).toString().isEmpty())
                continue;
            blocks.append(textBlock(part.value(Text).toString(), cacheControl));
            continue;
        }
        if (type == u"image_url") {
            const QString url
                = part.value(QStringLiteral("image_url")).toObject().value(QStringLiteral("url")).toString();
            QJsonObject source;
            if (const auto data = DataUrl::parse(url)) {
                source = {{Type, QStringLiteral("base64")},
                          {QStringLiteral("media_type"), data->mimeType()},
                          {QStringLiteral("data"), data->base64Data()}};
            } else {
                source = {{Type, QStringLiteral("url")}, {QStringLiteral("url"), url}};
            }
            block = {{Type, QStringLiteral("image")}, {QStringLiteral("source"), source}};
        } else if (type == u"file") {
            const QJsonObject file = part.value(QStringLiteral("file")).toObject();
            const auto data = DataUrl::parse(file.value(QStringLiteral("file_data")).toString());
            if (!data || data->mimeType() != u"application/pdf")
                return Error::invalid(QStringLiteral("anthropic accepts files only as PDF data in 'file_data'."),
                                      partParam + QStringLiteral(".file"));
            block = {{Type, QStringLiteral("document")},
                     {QStringLiteral("source"),
                      QJsonObject{{Type, QStringLiteral("base64")},
                                  {QStringLiteral("media_type"), data->mimeType()},
                                  {QStringLiteral("data"), data->base64Data()}}}};
        } else {
            return Error::invalid(QStringLiteral("anthropic does not accept '") + type + QStringLiteral("' content."),
                                  partParam + QStringLiteral(".type"));
        }
        if (cacheControl.isObject())
            block.insert(QStringLiteral("cache_control"), cacheControl);
        blocks.append(block);
    }
    return blocks;
}

Result<QJsonArray> toolUseBlocks(const QJsonArray& toolCalls, const QString& param)
{
    QJsonArray blocks;
    for (qsizetype j = 0; j < toolCalls.size(); ++j) {
        const QJsonObject call = toolCalls.at(j).toObject();
        const QJsonObject function = call.value(QStringLiteral("function")).toObject();
        const QString arguments = function.value(QStringLiteral("arguments")).toString().trimmed();
        QJsonObject input;
        if (!arguments.isEmpty()) {
            const QJsonDocument doc = QJsonDocument::fromJson(arguments.toUtf8());
            if (!doc.isObject())
                return Error::invalid(QStringLiteral("anthropic needs tool call arguments that are a JSON object."),
                                      indexed(param + QStringLiteral(".tool_calls"), j)
                                          + QStringLiteral(".function.arguments"));
            input = doc.object();
        }
        blocks.append(QJsonObject{{Type, QStringLiteral("tool_use")},
                                  {QStringLiteral("id"), call.value(QStringLiteral("id"))},
                                  {QStringLiteral("name"), function.value(QStringLiteral("name"))},
                                  {QStringLiteral("input"), input}});
    }
    return blocks;
}

/** Anthropic wants the tool_result blocks of a user turn before any other block. */
QJsonArray toolResultsFirst(const QJsonArray& blocks)
{
    QList<QJsonValue> list(blocks.begin(), blocks.end());
    std::stable_partition(list.begin(), list.end(), [](const QJsonValue& block) {
        return block.toObject().value(Type) == QJsonValue(QStringLiteral("tool_result"));
    });
    QJsonArray result;
    for (const QJsonValue& block : list)
        result.append(block);
    return result;
}

QJsonObject toolChoiceFor(const ChatRequest& request)
{
    QJsonObject choice;
    const QJsonValue requested = request.toolChoice();
    if (requested.isString()) {
        const QString mode = requested.toString();
        choice.insert(Type, mode == u"required" ? QStringLiteral("any") : mode);
    } else if (requested.isObject()) {
        choice = {{Type, QStringLiteral("tool")}, {QStringLiteral("name"), request.forcedToolName()}};
    }
    if (request.parallelToolCalls() == false && choice.value(Type) != QJsonValue(QStringLiteral("none"))) {
        if (choice.isEmpty())
            choice.insert(Type, QStringLiteral("auto"));
        choice.insert(QStringLiteral("disable_parallel_tool_use"), true);
    }
    return choice;
}

QString jsonInstruction(const ChatRequest& request)
{
    const QString type = request.responseFormatType();
    const QString base = QStringLiteral("Respond with a single valid JSON object and nothing else: no prose, no "
                                        "Markdown code fences.");
    if (type == u"json_object")
        return base;
    if (type == u"json_schema") {
        const QJsonValue schema
            = request.responseFormat().value(QStringLiteral("json_schema")).toObject().value(QStringLiteral("schema"));
        if (!schema.isObject())
            return base;
        return base + QStringLiteral(" The object must conform to this JSON Schema: ")
            + OpenAiFormat::compact(schema.toObject());
    }
    return {};
}

} // namespace

QString AnthropicAdapter::finishReasonFor(const QString& stopReason)
{
    if (stopReason == u"max_tokens" || stopReason == u"model_context_window_exceeded")
        return QStringLiteral("length");
    if (stopReason == u"tool_use")
        return QStringLiteral("tool_calls");
    if (stopReason == u"refusal")
        return QStringLiteral("content_filter");
    return QStringLiteral("stop"); // end_turn, stop_sequence, pause_turn, and anything new
}

Result<UpstreamRequest> AnthropicAdapter::buildRequest(const ChatRequest& request, const QString& model,
                                                       const QString& apiKey, const QString& baseUrl,
                                                       const AdapterOptions& options) const
{
    QJsonArray system;
    QJsonArray messages;
    const QJsonArray input = request.messages();
    for (qsizetype i = 0; i < input.size(); ++i) {
        const QJsonObject message = input.at(i).toObject();
        const QString role = message.value(QStringLiteral("role")).toString();
        const QString param = indexed(QStringLiteral("messages"), i);
        const QJsonValue content = message.value(Content);
        if (role == u"system" || role == u"developer") {
            for (const QJsonValue& block : textBlocks(content))
                system.append(block);
        } else if (role == u"user") {
            Result<QJsonArray> blocks = userBlocks(content, param + QStringLiteral(".content"));
            if (!blocks)
                return blocks.error();
            TurnList::append(&messages, role, Content, *blocks);
        } else if (role == u"assistant") {
            QJsonArray blocks = textBlocks(content);
            Result<QJsonArray> toolUses = toolUseBlocks(message.value(QStringLiteral("tool_calls")).toArray(), param);
            if (!toolUses)
                return toolUses.error();
            for (const QJsonValue& block : *toolUses)
                blocks.append(block);
            TurnList::append(&messages, role, Content, blocks);
        } else { // tool
            QJsonObject result{{Type, QStringLiteral("tool_result")},
                               {QStringLiteral("tool_use_id"), message.value(QStringLiteral("tool_call_id"))}};
            if (content.isString() && !content.toString().isEmpty())
                result.insert(Content, content);
            else if (content.isArray() && !textBlocks(content).isEmpty())
                result.insert(Content, textBlocks(content));
            TurnList::append(&messages, QStringLiteral("user"), Content, QJsonArray{result});
        }
    }
    if (messages.isEmpty())
        return Error::invalid(QStringLiteral("anthropic needs at least one user or assistant message."),
                              QStringLiteral("messages"));
    for (qsizetype i = 0; i < messages.size(); ++i) {
        QJsonObject turn = messages.at(i).toObject();
        if (turn.value(QStringLiteral("role")) == QJsonValue(QStringLiteral("user"))) {
            turn.insert(Content, toolResultsFirst(turn.value(Content).toArray()));
            messages.replace(i, turn);
        }
    }

    const QString instruction = jsonInstruction(request);
    if (!instruction.isEmpty())
        system.append(textBlock(instruction));

    qint64 maxTokens = request.maxTokens().value_or(options.defaultMaxTokens);
    QJsonObject body{{QStringLiteral("model"), model}, {QStringLiteral("messages"), messages}};
    if (!system.isEmpty())
        body.insert(QStringLiteral("system"), system);
    if (!request.stop().isEmpty())
        body.insert(QStringLiteral("stop_sequences"), QJsonArray::fromStringList(request.stop()));
    if (request.isStream())
        body.insert(QStringLiteral("stream"), true);
    if (!request.user().isEmpty())
        body.insert(QStringLiteral("metadata"), QJsonObject{{QStringLiteral("user_id"), request.user()}});

    const QJsonArray tools = request.tools();
    if (!tools.isEmpty()) {
        QJsonArray anthropicTools;
        for (const QJsonValue& t : tools) {
            const QJsonObject function = t.toObject().value(QStringLiteral("function")).toObject();
            QJsonObject tool{{QStringLiteral("name"), function.value(QStringLiteral("name"))}};
            if (function.value(QStringLiteral("description")).isString())
                tool.insert(QStringLiteral("description"), function.value(QStringLiteral("description")));
            const QJsonValue parameters = function.value(QStringLiteral("parameters"));
            tool.insert(QStringLiteral("input_schema"),
                        parameters.isObject() ? parameters.toObject()
                                              : QJsonObject{{Type, QStringLiteral("object")},
                                                            {QStringLiteral("properties"), QJsonObject{}}});
            anthropicTools.append(tool);
        }
        body.insert(QStringLiteral("tools"), anthropicTools);
        const QJsonObject choice = toolChoiceFor(request);
        if (!choice.isEmpty())
            body.insert(QStringLiteral("tool_choice"), choice);
    }

    const bool forcesTool
        = request.toolChoice() == QJsonValue(QStringLiteral("required")) || request.toolChoice().isObject();
    const bool thinking = options.thinking && !(forcesTool && !tools.isEmpty());
    if (thinking) {
        const qint64 budget = qMax(1024, options.thinkingBudgetTokens);
        body.insert(QStringLiteral("thinking"),
                    QJsonObject{{Type, QStringLiteral("enabled")}, {QStringLiteral("budget_tokens"), budget}});
        if (maxTokens <= budget)
            maxTokens += budget;
    } else {
        if (const auto t = request.temperature())
            body.insert(QStringLiteral("temperature"), qMin(*t, 1.0));
        if (const auto p = request.topP())
            body.insert(QStringLiteral("top_p"), *p);
    }
    body.insert(QStringLiteral("max_tokens"), maxTokens);

    QString base = baseUrl.isEmpty() ? QString::fromLatin1(DefaultBaseUrl) : baseUrl;
    while (base.endsWith(u'/'))
        base.chop(1);
    UpstreamRequest upstream;
    upstream.method = QByteArrayLiteral("POST");
    upstream.url = UpstreamRequest::parseUrl(
        base
        + (base.endsWith(QLatin1StringView("/v1")) ? QStringLiteral("/messages") : QStringLiteral("/v1/messages")));
    upstream.headers = {
        {QByteArrayLiteral("x-api-key"), apiKey.toUtf8()},
        {QByteArrayLiteral("anthropic-version"), QByteArray(ApiVersion)},
        {QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")},
        {QByteArrayLiteral("accept"),
         request.isStream() ? QByteArrayLiteral("text/event-stream") : QByteArrayLiteral("application/json")},
    };
    upstream.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return upstream;
}

Result<TranslatedResponse> AnthropicAdapter::parseResponse(const QByteArray& body, const QString& requestedModel,
                                                           ReasoningOutput reasoning) const
{
    QString parseError;
    const std::optional<QJsonObject> parsed = OpenAiFormat::parseObject(body, &parseError);
    if (!parsed)
        return Error::unavailable(QStringLiteral("anthropic: the response is not valid JSON (") + parseError + u')');
    const QJsonObject& message = *parsed;
    if (message.value(Type) == QJsonValue(QStringLiteral("error")) || !message.value(Content).isArray())
        return Error::unavailable(
            QStringLiteral("anthropic: the response is not a message") + QStringLiteral(" (")
            + message.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString() + u')');

    TranslatedResponse result;
    result.upstreamId = message.value(QStringLiteral("id")).toString();
    result.upstreamModel = message.value(QStringLiteral("model")).toString();
    result.model = requestedModel.isEmpty() ? result.upstreamModel : requestedModel;
    result.upstreamFinishReason = message.value(QStringLiteral("stop_reason")).toString();
    result.finishReason = finishReasonFor(result.upstreamFinishReason);

    QString text;
    QJsonArray toolCalls;
    for (const QJsonValue& b : message.value(Content).toArray()) {
        const QJsonObject block = b.toObject();
        const QString type = block.value(Type).toString();
        if (type == u"text") {
            text += block.value(Text).toString();
        } else if (type == u"tool_use") {
            toolCalls.append(OpenAiFormat::toolCall(
                block.value(QStringLiteral("id")).toString(), block.value(QStringLiteral("name")).toString(),
                OpenAiFormat::compact(block.value(QStringLiteral("input")).toObject())));
        } else if (type == u"thinking") {
            result.reasoningText += block.value(QStringLiteral("thinking")).toString();
        }
    }

    QJsonObject openAiMessage{{QStringLiteral("role"), QStringLiteral("assistant")},
                              {Content, text},
                              {QStringLiteral("refusal"), QJsonValue::Null}};
    if (result.finishReason == u"content_filter") {
        openAiMessage.insert(Content, QJsonValue::Null);
        openAiMessage.insert(QStringLiteral("refusal"),
                             text.isEmpty() ? QStringLiteral("The model declined to answer.") : text);
    } else if (text.isEmpty() && !toolCalls.isEmpty()) {
        openAiMessage.insert(Content, QJsonValue::Null);
    }
    if (!toolCalls.isEmpty())
        openAiMessage.insert(QStringLiteral("tool_calls"), toolCalls);
    if (reasoning == ReasoningOutput::ReasoningContent && !result.reasoningText.isEmpty())
        openAiMessage.insert(QStringLiteral("reasoning_content"), result.reasoningText);

    const QJsonObject usage = message.value(QStringLiteral("usage")).toObject();
    if (!usage.isEmpty()) {
        Usage& u = result.usage;
        u.reported = true;
        u.cachedTokens = usage.value(QStringLiteral("cache_read_input_tokens")).toInteger();
        u.cacheWriteTokens = usage.value(QStringLiteral("cache_creation_input_tokens")).toInteger();
        u.promptTokens = usage.value(QStringLiteral("input_tokens")).toInteger() + u.cachedTokens + u.cacheWriteTokens;
        u.completionTokens = usage.value(QStringLiteral("output_tokens")).toInteger();
        if (!result.reasoningText.isEmpty()) {
            u.reasoningTokens = qMin(u.completionTokens, TokenEstimator::tokensFromChars(result.reasoningText.size()));
            u.reasoningEstimated = true;
        }
    }

    QJsonObject completion{
        {QStringLiteral("id"), OpenAiFormat::newCompletionId()},
        {QStringLiteral("object"), QStringLiteral("chat.completion")},
        {QStringLiteral("created"), OpenAiFormat::nowSeconds()},
        {QStringLiteral("model"), result.model},
        {QStringLiteral("choices"),
         QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                {QStringLiteral("message"), openAiMessage},
                                {QStringLiteral("logprobs"), QJsonValue::Null},
                                {QStringLiteral("finish_reason"), result.finishReason}}}},
    };
    if (result.usage.reported)
        completion.insert(QStringLiteral("usage"), result.usage.toOpenAiJson());
    result.completion = completion;
    return result;
}

UpstreamError AnthropicAdapter::errorFromJson(int httpStatus, const QJsonObject& errorObject, const QByteArray& body,
                                              const HeaderList::List& headers)
{
    using Class = UpstreamError::Class;
    UpstreamError error;
    error.status = httpStatus;
    error.type = errorObject.value(Type).toString();
    const QString message = errorObject.value(QStringLiteral("message")).toString();
    error.message = ErrorClassifier::prefixedMessage(QStringLiteral("anthropic"), httpStatus, message, body);

    if (ErrorClassifier::looksLikeContextLength(message))
        error.errorClass = Class::ContextLength;
    else if (ErrorClassifier::looksLikeContentPolicy(message))
        error.errorClass = Class::ContentPolicy;
    else if (error.type == u"rate_limit_error")
        error.errorClass = Class::RateLimited;
    else if (error.type == u"overloaded_error")
        error.errorClass = Class::Overloaded;
    else if (error.type == u"api_error" || error.type == u"timeout_error")
        error.errorClass = Class::ServerError;
    else if (error.type == u"authentication_error" || error.type == u"permission_error")
        error.errorClass = Class::Authentication;
    else if (error.type == u"not_found_error")
        error.errorClass = Class::NotFound;
    else if (error.type == u"billing_error")
        error.errorClass = Class::QuotaExceeded;
    else if (error.type == u"invalid_request_error" || error.type == u"request_too_large")
        error.errorClass = Class::BadRequest;
    else
        error.errorClass = ErrorClassifier::classForStatus(httpStatus);
    ErrorClassifier::finish(&error, headers, message);
    return error;
}

UpstreamError AnthropicAdapter::parseError(int httpStatus, const QByteArray& body,
                                           const HeaderList::List& headers) const
{
    const QJsonObject object = OpenAiFormat::parseObject(body).value_or(QJsonObject{});
    return errorFromJson(httpStatus, object.value(QStringLiteral("error")).toObject(), body, headers);
}

std::unique_ptr<StreamTranslator> AnthropicAdapter::createStreamTranslator(const StreamOptions& options) const
{
    return std::make_unique<AnthropicStreamTranslator>(options);
}
