#include "OpenAiAdapter.h"

#include "providers/CanonicalJson.h"
#include "providers/ChatRequest.h"
#include "providers/ErrorClassifier.h"
#include "providers/OpenAiFormat.h"
#include "providers/OpenAiStreamTranslator.h"
#include "providers/RawJsonObject.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {

/** Read-only: true when normalizeCompletion() would change nothing. */
bool isNormalCompletion(const QJsonObject& completion)
{
    if (completion.value(QStringLiteral("object")) != QStringLiteral("chat.completion")
        || completion.value(QStringLiteral("id")).toString().isEmpty()
        || !completion.value(QStringLiteral("created")).isDouble())
        return false;
    const QJsonArray choices = completion.value(QStringLiteral("choices")).toArray();
    for (const QJsonValue& value : choices) {
        if (!value.isObject())
            return false;
        const QJsonObject choice = value.toObject();
        if (!choice.value(QStringLiteral("index")).isDouble() || !choice.contains(QStringLiteral("logprobs"))
            || !choice.value(QStringLiteral("finish_reason")).isString()
            || !choice.value(QStringLiteral("message")).isObject())
            return false;
        const QJsonObject message = choice.value(QStringLiteral("message")).toObject();
        if (!message.contains(QStringLiteral("role")) || !message.contains(QStringLiteral("content"))
            || !message.contains(QStringLiteral("refusal")))
            return false;
    }
    const QJsonValue usageValue = completion.value(QStringLiteral("usage"));
    if (usageValue.isUndefined())
        return true;
    if (!usageValue.isObject())
        return false;
    const QJsonObject usage = usageValue.toObject();
    return usage.value(QStringLiteral("total_tokens")).isDouble()
        && usage.value(QStringLiteral("prompt_tokens_details")).toObject().contains(QStringLiteral("cached_tokens"))
        && usage.value(QStringLiteral("completion_tokens_details"))
               .toObject()
               .contains(QStringLiteral("reasoning_tokens"));
}

/**
 * Brings a chat.completion into the form TranslatedResponse::completion documents: every choice with
 * index, logprobs, finish_reason and a message with role, content and refusal; object, id and created set;
 * usage (when present as an object) with total_tokens and both details objects.
 */
void normalizeCompletion(QJsonObject& completion)
{
    const QJsonArray choices = completion.value(QStringLiteral("choices")).toArray();
    QJsonArray normalized;
    for (qsizetype i = 0; i < choices.size(); ++i) {
        QJsonObject choice = choices.at(i).toObject();
        if (!choice.value(QStringLiteral("index")).isDouble())
            choice.insert(QStringLiteral("index"), int(i));
        if (!choice.contains(QStringLiteral("logprobs")))
            choice.insert(QStringLiteral("logprobs"), QJsonValue::Null);
        if (!choice.value(QStringLiteral("finish_reason")).isString())
            choice.insert(QStringLiteral("finish_reason"), QStringLiteral("stop"));
        QJsonObject message = choice.value(QStringLiteral("message")).toObject();
        if (!message.contains(QStringLiteral("role")))
            message.insert(QStringLiteral("role"), QStringLiteral("assistant"));
        for (const char* key : {"content", "refusal"}) {
            if (!message.contains(QLatin1StringView(key)))
                message.insert(QLatin1StringView(key), QJsonValue::Null);
        }
        choice.insert(QStringLiteral("message"), message);
        normalized.append(choice);
    }
    completion.insert(QStringLiteral("choices"), normalized);
    completion.insert(QStringLiteral("object"), QStringLiteral("chat.completion"));
    if (completion.value(QStringLiteral("id")).toString().isEmpty())
        completion.insert(QStringLiteral("id"), OpenAiFormat::newCompletionId());
    if (!completion.value(QStringLiteral("created")).isDouble())
        completion.insert(QStringLiteral("created"), OpenAiFormat::nowSeconds());

    const QJsonValue usageValue = completion.value(QStringLiteral("usage"));
    if (!usageValue.isObject())
        return;
    QJsonObject usage = usageValue.toObject();
    if (!usage.value(QStringLiteral("total_tokens")).isDouble())
        usage.insert(QStringLiteral("total_tokens"), Usage::fromOpenAiJson(usage).totalTokens());
    QJsonObject prompt = usage.value(QStringLiteral("prompt_tokens_details")).toObject();
    if (!prompt.contains(QStringLiteral("cached_tokens")))
        prompt.insert(QStringLiteral("cached_tokens"), 0);
    usage.insert(QStringLiteral("prompt_tokens_details"), prompt);
    QJsonObject completionDetails = usage.value(QStringLiteral("completion_tokens_details")).toObject();
    if (!completionDetails.contains(QStringLiteral("reasoning_tokens")))
        completionDetails.insert(QStringLiteral("reasoning_tokens"), 0);
    usage.insert(QStringLiteral("completion_tokens_details"), completionDetails);
    completion.insert(QStringLiteral("usage"), usage);
}

bool isSent(const QJsonValue& value)
{
    return !value.isUndefined() && !value.isNull();
}

/** RawJsonObject when the bytes allow it, else a re-serialised copy (never expected for validated input). */
RawJsonObject editableBody(const ChatRequest& request)
{
    if (!request.memberRanges().isEmpty())
        return RawJsonObject::fromRanges(request.rawBody(), request.memberRanges());
    if (auto raw = RawJsonObject::parse(request.rawBody()))
        return *raw;
    return *RawJsonObject::parse(QJsonDocument(request.json()).toJson(QJsonDocument::Compact));
}

} // namespace

OpenAiAdapter::OpenAiAdapter(QString name, QString defaultBaseUrl)
    : m_name(std::move(name))
    , m_defaultBaseUrl(std::move(defaultBaseUrl))
{ }

bool OpenAiAdapter::isReasoningModel(const QString& model)
{
    // gpt-5* except gpt-5-chat*, and the o-series: "o" and digits, alone or followed by '-' (case ignored).
    if (model.startsWith(QLatin1StringView("gpt-5"), Qt::CaseInsensitive))
        return !model.startsWith(QLatin1StringView("gpt-5-chat"), Qt::CaseInsensitive);
    if (model.size() < 2 || (model[0] != u'o' && model[0] != u'O'))
        return false;
    qsizetype i = 1;
    while (i < model.size() && model[i] >= u'0' && model[i] <= u'9')
        ++i;
    return i > 1 && (i == model.size() || model[i] == u'-');
}

Result<UpstreamRequest> OpenAiAdapter::buildRequest(const ChatRequest& request, const QString& model,
                                                    const QString& apiKey, const QString& baseUrl,
                                                    const AdapterOptions& options) const
{
    // Members are read one by one (ChatRequest::member): a body read without a QJsonObject keeps it that way.
    RawJsonObject body = editableBody(request);
    QByteArray modelText;
    RawJsonObject::appendString(modelText, model); // serialize(QJsonValue(model)) without the value
    body.insertRaw(QStringLiteral("model"), modelText);
    static const QString extensions[]
        = {QStringLiteral("capability"), QStringLiteral("provider"), QStringLiteral("fallbacks")};
    for (const QString& extension : extensions)
        body.remove(extension);

    if (request.isStream()) {
        QJsonObject streamOptions = request.member(QStringLiteral("stream_options")).toObject();
        streamOptions.insert(QStringLiteral("include_usage"), true);
        body.insert(QStringLiteral("stream_options"), streamOptions);
    } else {
        body.remove(QStringLiteral("stream_options"));
    }

    if (isReasoningModel(model)) {
        const QJsonValue maxTokens = request.member(QStringLiteral("max_tokens"));
        if (isSent(maxTokens) && !isSent(request.member(QStringLiteral("max_completion_tokens"))))
            body.insert(QStringLiteral("max_completion_tokens"), maxTokens);
        for (const char* unsupported : {"max_tokens", "temperature", "top_p", "presence_penalty", "frequency_penalty",
                                        "logprobs", "top_logprobs"})
            body.remove(QString::fromLatin1(unsupported));
        if (options.thinking && request.reasoningEffort().isEmpty() && !options.reasoningEffort.isEmpty())
            body.insert(QStringLiteral("reasoning_effort"), options.reasoningEffort);
    }

    QString base = baseUrl.isEmpty() ? m_defaultBaseUrl : baseUrl;
    while (base.endsWith(u'/'))
        base.chop(1);

    UpstreamRequest upstream;
    upstream.method = QByteArrayLiteral("POST");
    upstream.url = UpstreamRequest::parseUrl(base + QStringLiteral("/chat/completions"));
    upstream.headers.reserve(3);
    if (!apiKey.isEmpty())
        upstream.headers.append({QByteArrayLiteral("authorization"), "Bearer " + apiKey.toUtf8()});
    upstream.headers.append({QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")});
    upstream.headers.append(
        {QByteArrayLiteral("accept"),
         request.isStream() ? QByteArrayLiteral("text/event-stream") : QByteArrayLiteral("application/json")});
    upstream.body = body.toJson();
    return upstream;
}

Result<TranslatedResponse> OpenAiAdapter::parseResponse(const QByteArray& body, const QString& requestedModel,
                                                        ReasoningOutput reasoning) const
{
    Q_UNUSED(reasoning) // an OpenAI-compatible server's own reasoning_content is passed through as it is
    if (std::optional<TranslatedResponse> normal = readNormalCompletion(body, requestedModel))
        return std::move(*normal);
    return readAnyCompletion(body, requestedModel);
}

// The checks are isNormalCompletion's, on CanonicalJson's nodes.
std::optional<TranslatedResponse> OpenAiAdapter::readNormalCompletion(const QByteArray& body,
                                                                      const QString& requestedModel)
{
    CanonicalJson json;
    if (!json.parse(body) || json.node(0).type != CanonicalJson::Type::Object)
        return std::nullopt;
    using Type = CanonicalJson::Type;
    const auto is = [&](int node, Type type) { return node >= 0 && json.node(node).type == type; };
    const auto string = [&](int node) { return is(node, Type::String) ? json.string(node) : QString(); };
    const auto integer = [&](int node) { return is(node, Type::Number) ? json.integer(node) : qint64(0); };

    const int object = json.member(0, "object");
    const int id = json.member(0, "id");
    if (!is(object, Type::String) || json.raw(object) != QByteArrayView("\"chat.completion\"") || !is(id, Type::String)
        || json.raw(id).size() <= 2 || !is(json.member(0, "created"), Type::Number))
        return std::nullopt;
    const int choices = json.member(0, "choices");
    if (!is(choices, Type::Array) || json.node(choices).children == 0)
        return std::nullopt;
    for (int choice = json.node(choices).firstChild; choice >= 0; choice = json.node(choice).next) {
        if (!is(choice, Type::Object) || !is(json.member(choice, "index"), Type::Number)
            || json.member(choice, "logprobs") < 0 || !is(json.member(choice, "finish_reason"), Type::String))
            return std::nullopt;
        const int message = json.member(choice, "message");
        if (!is(message, Type::Object) || json.member(message, "role") < 0 || json.member(message, "content") < 0
            || json.member(message, "refusal") < 0)
            return std::nullopt;
    }
    const int usage = json.member(0, "usage");
    if (!is(usage, Type::Object) || !is(json.member(usage, "total_tokens"), Type::Number))
        return std::nullopt;
    const int promptDetails = json.member(usage, "prompt_tokens_details");
    const int completionDetails = json.member(usage, "completion_tokens_details");
    if (!is(promptDetails, Type::Object) || json.member(promptDetails, "cached_tokens") < 0
        || !is(completionDetails, Type::Object) || json.member(completionDetails, "reasoning_tokens") < 0)
        return std::nullopt;

    TranslatedResponse result;
    result.upstreamId = json.string(id);
    result.upstreamModel = string(json.member(0, "model"));
    result.model = requestedModel.isEmpty() ? result.upstreamModel : requestedModel;
    const int first = json.node(choices).firstChild;
    result.finishReason = json.string(json.member(first, "finish_reason"));
    result.upstreamFinishReason = result.finishReason;
    result.reasoningText = string(json.member(json.member(first, "message"), "reasoning_content"));
    // As Usage::fromOpenAiJson reads it (QJsonValue::toInteger: 0 for anything but a number).
    result.usage.reported = true;
    result.usage.promptTokens = integer(json.member(usage, "prompt_tokens"));
    result.usage.completionTokens = integer(json.member(usage, "completion_tokens"));
    result.usage.cachedTokens = integer(json.member(promptDetails, "cached_tokens"));
    result.usage.reasoningTokens = integer(json.member(completionDetails, "reasoning_tokens"));
    result.upstreamBody = body;
    // CanonicalJson refused duplicate keys and keys with escapes: its ranges are the splice's members.
    result.upstreamMembers.reserve(json.node(0).children);
    for (int member = json.node(0).firstChild; member >= 0; member = json.node(member).next) {
        const CanonicalJson::Node& n = json.node(member);
        result.upstreamMembers.append({n.keyBegin, n.keyEnd, n.begin, n.end});
    }
    return result;
}

Result<TranslatedResponse> OpenAiAdapter::readAnyCompletion(const QByteArray& body, const QString& requestedModel) const
{
    QString parseError;
    const std::optional<QJsonObject> parsed = OpenAiFormat::parseObject(body, &parseError);
    if (!parsed)
        return Error::unavailable(m_name + QStringLiteral(": the response is not valid JSON (") + parseError
                                  + QStringLiteral(")"));
    QJsonObject completion = *parsed;
    const QJsonArray choices = completion.value(QStringLiteral("choices")).toArray();
    if (choices.isEmpty()) {
        const QString message
            = completion.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
        return Error::unavailable(m_name + QStringLiteral(": the response has no choices")
                                  + (message.isEmpty() ? QString() : QStringLiteral(" (") + message + u')'));
    }

    TranslatedResponse result;
    result.upstreamId = completion.value(QStringLiteral("id")).toString();
    result.upstreamModel = completion.value(QStringLiteral("model")).toString();
    // Already in normal form (an OpenAI answer usually is): nothing to add, and the body itself can go to
    // the client with a few members replaced (TranslatedResponse::upstreamBody).
    const bool normal = isNormalCompletion(completion);
    if (!normal)
        normalizeCompletion(completion);
    result.model = requestedModel.isEmpty() ? result.upstreamModel : requestedModel;
    completion.insert(QStringLiteral("model"), result.model);

    const QJsonObject first = completion.value(QStringLiteral("choices")).toArray().at(0).toObject();
    result.finishReason = first.value(QStringLiteral("finish_reason")).toString();
    result.upstreamFinishReason = result.finishReason;
    result.reasoningText
        = first.value(QStringLiteral("message")).toObject().value(QStringLiteral("reasoning_content")).toString();
    const QJsonValue usage = completion.value(QStringLiteral("usage"));
    if (usage.isObject())
        result.usage = Usage::fromOpenAiJson(usage.toObject());
    if (normal)
        result.upstreamBody = body;
    result.completion = completion;
    return result;
}

UpstreamError OpenAiAdapter::parseError(int httpStatus, const QByteArray& body, const HeaderList::List& headers) const
{
    UpstreamError error;
    error.status = httpStatus;
    const QJsonObject object = OpenAiFormat::parseObject(body).value_or(QJsonObject{});
    const QJsonValue errorValue = object.value(QStringLiteral("error"));
    QString message;
    if (errorValue.isObject()) {
        const QJsonObject e = errorValue.toObject();
        message = e.value(QStringLiteral("message")).toString();
        error.type = e.value(QStringLiteral("type")).toString();
        error.code = OpenAiFormat::stringOrNumber(e.value(QStringLiteral("code")));
    } else if (errorValue.isString()) {
        message = errorValue.toString(); // some compatible servers send {"error": "..."}
    }
    error.message = ErrorClassifier::prefixedMessage(m_name, httpStatus, message, body);

    using Class = UpstreamError::Class;
    const QString code = error.code.toLower();
    const QString type = error.type.toLower();
    if (code == u"context_length_exceeded" || ErrorClassifier::looksLikeContextLength(message))
        error.errorClass = Class::ContextLength;
    else if (code == u"content_policy_violation" || code == u"content_filter" || code == u"invalid_prompt"
             || ErrorClassifier::looksLikeContentPolicy(message))
        error.errorClass = Class::ContentPolicy;
    else if (code == u"insufficient_quota" || type == u"insufficient_quota")
        error.errorClass = Class::QuotaExceeded;
    else if (type == u"server_error" && (httpStatus < 400 || httpStatus >= 500))
        error.errorClass = Class::ServerError; // in-stream errors arrive with status 200
    else
        error.errorClass = ErrorClassifier::classForStatus(httpStatus);

    ErrorClassifier::finish(&error, headers, message);
    return error;
}

std::unique_ptr<StreamTranslator> OpenAiAdapter::createStreamTranslator(const StreamOptions& options) const
{
    return std::make_unique<OpenAiStreamTranslator>(m_name, options);
}
