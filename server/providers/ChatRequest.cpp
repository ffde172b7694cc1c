#include "ChatRequest.h"

#include "providers/ChatRequestReader.h"
#include "providers/JsonText.h"
#include "providers/TokenEstimator.h"

#include <QHash>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace {

using MaybeError = std::optional<Error>;

const QString Function = QStringLiteral("function");

bool isSent(const QJsonValue& value)
{
    return !value.isUndefined() && !value.isNull();
}

Error typeError(const QString& param, const QString& expected)
{
    return Error::invalid(QStringLiteral("Invalid type for '") + param + QStringLiteral("': expected ") + expected
                              + QStringLiteral("."),
                          param);
}

Error valueError(const QString& param, const QString& problem)
{
    return Error::invalid(
        QStringLiteral("Invalid value for '") + param + QStringLiteral("': ") + problem + QStringLiteral("."), param);
}

/** A JSON number with an integral value that fits a double exactly. */
bool toInteger(const QJsonValue& value, qint64* out)
{
    if (!value.isDouble())
        return false;
    const double d = value.toDouble();
    if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) > 9007199254740992.0)
        return false;
    *out = qint64(d);
    return true;
}

MaybeError readNumber(const QJsonValue& value, const QString& key, double min, double max, std::optional<double>* out)
{
    if (!isSent(value))
        return std::nullopt;
    if (!value.isDouble())
        return typeError(key, QStringLiteral("a number"));
    const double d = value.toDouble();
    if (d < min || d > max)
        return valueError(key,
                          QStringLiteral("must be between ") + QString::number(min) + QStringLiteral(" and ")
                              + QString::number(max));
    *out = d;
    return std::nullopt;
}

MaybeError readInteger(const QJsonValue& value, const QString& key, qint64 min, std::optional<qint64>* out)
{
    if (!isSent(value))
        return std::nullopt;
    qint64 n = 0;
    if (!toInteger(value, &n))
        return typeError(key, QStringLiteral("an integer"));
    if (n < min)
        return valueError(key, QStringLiteral("must be at least ") + QString::number(min));
    *out = n;
    return std::nullopt;
}

MaybeError requireType(const QJsonValue& value, QJsonValue::Type type, const QString& expected, const QString& param)
{
    if (isSent(value) && value.type() != type)
        return typeError(param, expected);
    return std::nullopt;
}

MaybeError requireType(const QJsonObject& object, const QString& key, QJsonValue::Type type, const QString& expected,
                       const QString& param)
{
    return requireType(object.value(key), type, expected, param);
}

/** The top-level members fromJson() reads. */
enum Field : quint8 {
    Model,
    Capability,
    Provider,
    User,
    ReasoningEffort,
    Fallbacks,
    Messages,
    Temperature,
    TopP,
    PresencePenalty,
    FrequencyPenalty,
    MaxTokens,
    MaxCompletionTokens,
    Seed,
    N,
    TopLogprobs,
    Stream,
    ParallelToolCalls,
    Logprobs,
    StreamOptions,
    Stop,
    Tools,
    ToolChoice,
    ResponseFormat,
    FieldCount
};

const QString& fieldName(Field field)
{
    static const QString names[FieldCount] = {
        QStringLiteral("model"),
        QStringLiteral("capability"),
        QStringLiteral("provider"),
        QStringLiteral("user"),
        QStringLiteral("reasoning_effort"),
        QStringLiteral("fallbacks"),
        QStringLiteral("messages"),
        QStringLiteral("temperature"),
        QStringLiteral("top_p"),
        QStringLiteral("presence_penalty"),
        QStringLiteral("frequency_penalty"),
        QStringLiteral("max_tokens"),
        QStringLiteral("max_completion_tokens"),
        QStringLiteral("seed"),
        QStringLiteral("n"),
        QStringLiteral("top_logprobs"),
        QStringLiteral("stream"),
        QStringLiteral("parallel_tool_calls"),
        QStringLiteral("logprobs"),
        QStringLiteral("stream_options"),
        QStringLiteral("stop"),
        QStringLiteral("tools"),
        QStringLiteral("tool_choice"),
        QStringLiteral("response_format"),
    };
    return names[field];
}

/**
 * The body's top-level members, looked up by Field. A QJsonObject lookup is a binary search with string
 * comparisons (about 200 instructions each in the profile) and validation asks for every Field, while a typical
 * body sends three to six of them: one pass over the body's keys records which were sent, and a member that was
 * not sent is answered without a lookup.
 */
class BodyMembers
{
public:
    explicit BodyMembers(const QJsonObject& json)
        : m_json(json)
    {
        static const QHash<QString, int> index = [] {
            QHash<QString, int> h;
            for (int i = 0; i < FieldCount; ++i)
                h.insert(fieldName(Field(i)), i);
            return h;
        }();
        static_assert(FieldCount <= 32);
        for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
            const auto found = index.constFind(it.key());
            if (found != index.cend())
                m_sent |= 1u << *found;
        }
    }

    QJsonValue value(Field field) const
    {
        return (m_sent & (1u << field)) ? m_json.value(fieldName(field)) : QJsonValue(QJsonValue::Undefined);
    }

private:
    const QJsonObject& m_json;
    quint32 m_sent = 0;
};

MaybeError requireNonEmptyString(const QJsonObject& object, const QString& key, const QString& param)
{
    const QJsonValue value = object.value(key);
    if (!isSent(value))
        return Error::invalid(QStringLiteral("Missing required parameter: '") + param + QStringLiteral("'."), param);
    if (!value.isString())
        return typeError(param, QStringLiteral("a string"));
    if (value.toString().isEmpty())
        return valueError(param, QStringLiteral("must not be empty"));
    return std::nullopt;
}

MaybeError validatePart(const QJsonValue& value, const QString& role, const QString& param)
{
    if (!value.isObject())
        return typeError(param, QStringLiteral("an object"));
    const QJsonObject part = value.toObject();
    const QJsonValue typeValue = part.value(QStringLiteral("type"));
    if (!typeValue.isString())
        return typeError(param + QStringLiteral(".type"), QStringLiteral("a string"));
    const QString type = typeValue.toString();
    const bool user = role == u"user";
    if (type == u"text") {
        if (!part.value(QStringLiteral("text")).isString())
            return typeError(param + QStringLiteral(".text"), QStringLiteral("a string"));
        return std::nullopt;
    }
    if (type == u"refusal" && role == u"assistant") {
        if (!part.value(QStringLiteral("refusal")).isString())
            return typeError(param + QStringLiteral(".refusal"), QStringLiteral("a string"));
        return std::nullopt;
    }
    if (type == u"image_url" && user) {
        const QJsonValue image = part.value(QStringLiteral("image_url"));
        if (!image.isObject())
            return typeError(param + QStringLiteral(".image_url"), QStringLiteral("an object"));
        if (auto e
            = requireNonEmptyString(image.toObject(), QStringLiteral("url"), param + QStringLiteral(".image_url.url")))
            return e;
        if (auto e = requireType(image.toObject(), QStringLiteral("detail"), QJsonValue::String,
                                 QStringLiteral("a string"), param + QStringLiteral(".image_url.detail")))
            return e;
        return std::nullopt;
    }
    if (type == u"input_audio" && user) {
        const QJsonValue audio = part.value(QStringLiteral("input_audio"));
        if (!audio.isObject())
            return typeError(param + QStringLiteral(".input_audio"), QStringLiteral("an object"));
        if (auto e = requireNonEmptyString(audio.toObject(), QStringLiteral("data"),
                                           param + QStringLiteral(".input_audio.data")))
            return e;
        if (auto e = requireNonEmptyString(audio.toObject(), QStringLiteral("format"),
                                           param + QStringLiteral(".input_audio.format")))
            return e;
        return std::nullopt;
    }
    if (type == u"file" && user) {
        const QJsonValue file = part.value(QStringLiteral("file"));
        if (!file.isObject())
            return typeError(param + QStringLiteral(".file"), QStringLiteral("an object"));
        const QJsonObject f = file.toObject();
        if (!f.value(QStringLiteral("file_data")).isString() && !f.value(QStringLiteral("file_id")).isString())
            return Error::invalid(QStringLiteral("Missing 'file_data' or 'file_id' in '") + param
                                      + QStringLiteral(".file'."),
                                  param + QStringLiteral(".file"));
        return std::nullopt;
    }
    return Error::invalid(QStringLiteral("Invalid value for '") + param + QStringLiteral(".type': '") + type
                              + QStringLiteral("' parts are not allowed in a ") + role + QStringLiteral(" message."),
                          param + QStringLiteral(".type"));
}

MaybeError validateToolCall(const QJsonValue& value, const QString& param)
{
    if (!value.isObject())
        return typeError(param, QStringLiteral("an object"));
    const QJsonObject call = value.toObject();
    if (auto e = requireNonEmptyString(call, QStringLiteral("id"), param + QStringLiteral(".id")))
        return e;
    const QJsonValue type = call.value(QStringLiteral("type"));
    if (isSent(type) && type != QJsonValue(Function))
        return valueError(param + QStringLiteral(".type"), QStringLiteral("only 'function' is supported"));
    const QJsonValue function = call.value(Function);
    if (!function.isObject())
        return typeError(param + QStringLiteral(".function"), QStringLiteral("an object"));
    if (auto e
        = requireNonEmptyString(function.toObject(), QStringLiteral("name"), param + QStringLiteral(".function.name")))
        return e;
    if (!function.toObject().value(QStringLiteral("arguments")).isString())
        return typeError(param + QStringLiteral(".function.arguments"), QStringLiteral("a string"));
    return std::nullopt;
}

MaybeError validateMessage(const QJsonValue& value, int index)
{
    // Built only for an error message: most requests are valid.
    const auto param = [index]() -> QString { return QStringLiteral("messages[") + QString::number(index) + u']'; };
    if (!value.isObject())
        return typeError(param(), QStringLiteral("an object"));
    const QJsonObject message = value.toObject();
    const QJsonValue roleValue = message.value(QStringLiteral("role"));
    if (!roleValue.isString() || !ChatRequest::validRoles().contains(roleValue.toString()))
        return Error::invalid(QStringLiteral("Invalid value for '") + param()
                                  + QStringLiteral(".role': expected one of system, developer, user, assistant, tool."),
                              param() + QStringLiteral(".role"));
    const QString role = roleValue.toString();
    const bool assistant = role == u"assistant";

    const auto contentParam = [&param]() -> QString { return param() + QStringLiteral(".content"); };
    const QJsonValue content = message.value(QStringLiteral("content"));
    if (!isSent(content)) {
        if (!assistant)
            return Error::invalid(QStringLiteral("Missing required parameter: '") + contentParam()
                                      + QStringLiteral("'."),
                                  contentParam());
    } else if (content.isArray()) {
        const QJsonArray parts = content.toArray();
        for (int j = 0; j < parts.size(); ++j) {
            if (auto e = validatePart(parts.at(j), role, contentParam() + u'[' + QString::number(j) + u']'))
                return e;
        }
    } else if (!content.isString()) {
        return typeError(contentParam(), QStringLiteral("a string, an array of content parts or null"));
    }

    if (const QJsonValue name = message.value(QStringLiteral("name")); isSent(name) && !name.isString())
        return typeError(param() + QStringLiteral(".name"), QStringLiteral("a string"));

    const QJsonValue toolCalls = message.value(QStringLiteral("tool_calls"));
    if (isSent(toolCalls)) {
        if (!assistant)
            return Error::invalid(QStringLiteral("Invalid parameter '") + param()
                                      + QStringLiteral(".tool_calls': only assistant messages may call tools."),
                                  param() + QStringLiteral(".tool_calls"));
        if (!toolCalls.isArray())
            return typeError(param() + QStringLiteral(".tool_calls"), QStringLiteral("an array"));
        const QJsonArray calls = toolCalls.toArray();
        for (int j = 0; j < calls.size(); ++j) {
            if (auto e
                = validateToolCall(calls.at(j), param() + QStringLiteral(".tool_calls[") + QString::number(j) + u']'))
                return e;
        }
    }
    if (role == u"tool") {
        if (auto e
            = requireNonEmptyString(message, QStringLiteral("tool_call_id"), param() + QStringLiteral(".tool_call_id")))
            return e;
    }
    return std::nullopt;
}

MaybeError validateTools(const QJsonValue& value, QStringList* names)
{
    if (!isSent(value))
        return std::nullopt;
    if (!value.isArray())
        return typeError(QStringLiteral("tools"), QStringLiteral("an array"));
    static const QRegularExpression validName(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
    const QJsonArray tools = value.toArray();
    for (int i = 0; i < tools.size(); ++i) {
        const QString param = QStringLiteral("tools[") + QString::number(i) + u']';
        if (!tools.at(i).isObject())
            return typeError(param, QStringLiteral("an object"));
        const QJsonObject tool = tools.at(i).toObject();
        const QJsonValue type = tool.value(QStringLiteral("type"));
        if (isSent(type) && type != QJsonValue(Function))
            return valueError(param + QStringLiteral(".type"), QStringLiteral("only 'function' tools are supported"));
        const QJsonValue function = tool.value(Function);
        if (!function.isObject())
            return typeError(param + QStringLiteral(".function"), QStringLiteral("an object"));
        const QJsonObject f = function.toObject();
        if (auto e = requireNonEmptyString(f, QStringLiteral("name"), param + QStringLiteral(".function.name")))
            return e;
        const QString name = f.value(QStringLiteral("name")).toString();
        if (!validName.match(name).hasMatch())
            return valueError(param + QStringLiteral(".function.name"),
                              QStringLiteral("must be 1 to 64 letters, digits, underscores or dashes"));
        if (auto e = requireType(f, QStringLiteral("description"), QJsonValue::String, QStringLiteral("a string"),
                                 param + QStringLiteral(".function.description")))
            return e;
        if (auto e = requireType(f, QStringLiteral("parameters"), QJsonValue::Object, QStringLiteral("an object"),
                                 param + QStringLiteral(".function.parameters")))
            return e;
        if (auto e = requireType(f, QStringLiteral("strict"), QJsonValue::Bool, QStringLiteral("a boolean"),
                                 param + QStringLiteral(".function.strict")))
            return e;
        names->append(name);
    }
    return std::nullopt;
}

MaybeError validateToolChoice(const QJsonValue& value, const QStringList& toolNames)
{
    const QString param = QStringLiteral("tool_choice");
    if (!isSent(value))
        return std::nullopt;
    if (value.isString()) {
        const QString choice = value.toString();
        if (choice != u"none" && choice != u"auto" && choice != u"required")
            return valueError(param, QStringLiteral("expected 'none', 'auto', 'required' or a function object"));
        return std::nullopt;
    }
    if (!value.isObject())
        return typeError(param, QStringLiteral("a string or an object"));
    const QJsonObject choice = value.toObject();
    if (choice.value(QStringLiteral("type")) != QJsonValue(Function))
        return valueError(param + QStringLiteral(".type"), QStringLiteral("only 'function' is supported"));
    const QJsonValue function = choice.value(Function);
    if (!function.isObject())
        return typeError(param + QStringLiteral(".function"), QStringLiteral("an object"));
    if (auto e
        = requireNonEmptyString(function.toObject(), QStringLiteral("name"), param + QStringLiteral(".function.name")))
        return e;
    const QString name = function.toObject().value(QStringLiteral("name")).toString();
    if (!toolNames.contains(name))
        return valueError(param + QStringLiteral(".function.name"),
                          QStringLiteral("no tool named '") + name + QStringLiteral("' is in 'tools'"));
    return std::nullopt;
}

MaybeError validateResponseFormat(const QJsonValue& value)
{
    const QString param = QStringLiteral("response_format");
    if (!isSent(value))
        return std::nullopt;
    if (!value.isObject())
        return typeError(param, QStringLiteral("an object"));
    const QJsonObject format = value.toObject();
    const QString type = format.value(QStringLiteral("type")).toString();
    if (type == u"text" || type == u"json_object")
        return std::nullopt;
    if (type != u"json_schema")
        return valueError(param + QStringLiteral(".type"),
                          QStringLiteral("expected 'text', 'json_object' or 'json_schema'"));
    const QJsonValue schema = format.value(QStringLiteral("json_schema"));
    if (!schema.isObject())
        return typeError(param + QStringLiteral(".json_schema"), QStringLiteral("an object"));
    if (auto e
        = requireNonEmptyString(schema.toObject(), QStringLiteral("name"), param + QStringLiteral(".json_schema.name")))
        return e;
    if (auto e = requireType(schema.toObject(), QStringLiteral("schema"), QJsonValue::Object,
                             QStringLiteral("an object"), param + QStringLiteral(".json_schema.schema")))
        return e;
    if (auto e = requireType(schema.toObject(), QStringLiteral("strict"), QJsonValue::Bool, QStringLiteral("a boolean"),
                             param + QStringLiteral(".json_schema.strict")))
        return e;
    return std::nullopt;
}

} // namespace

const QStringList& ChatRequest::defaultProviderNames()
{
    static const QStringList names{QStringLiteral("openai"), QStringLiteral("anthropic"), QStringLiteral("gemini")};
    return names;
}

QStringList ChatRequest::validRoles()
{
    static const QStringList roles{QStringLiteral("system"), QStringLiteral("developer"), QStringLiteral("user"),
                                   QStringLiteral("assistant"), QStringLiteral("tool")};
    return roles;
}

std::optional<Error> ChatRequest::setRouting(const QString& model, const QString& capability, const QString& provider,
                                             const QStringList& knownProviders)
{
    m_model = model.trimmed();
    m_modelName = m_model;
    m_capability = capability.trimmed().toLower();
    m_provider = provider.trimmed().toLower();
    if (!m_provider.isEmpty() && !knownProviders.contains(m_provider))
        return valueError(QStringLiteral("provider"),
                          QStringLiteral("unknown provider '") + m_provider + QStringLiteral("'; known providers: ")
                              + knownProviders.join(QStringLiteral(", ")));
    const qsizetype slash = m_model.indexOf(u'/');
    if (slash > 0) {
        const QString prefix = m_model.left(slash).toLower();
        if (knownProviders.contains(prefix)) {
            m_modelProvider = prefix;
            m_modelName = m_model.mid(slash + 1);
            if (m_modelName.isEmpty())
                return valueError(QStringLiteral("model"), QStringLiteral("no model name after the provider prefix"));
        }
    }
    if (!m_provider.isEmpty() && !m_modelProvider.isEmpty() && m_provider != m_modelProvider)
        return valueError(QStringLiteral("provider"),
                          QStringLiteral("'") + m_provider + QStringLiteral("' conflicts with the model prefix '")
                              + m_modelProvider + u'\'');
    // Neither model nor capability: the router applies the project's default capability.
    return std::nullopt;
}

Result<ChatRequest> ChatRequest::fromJson(const QByteArray& body, const QStringList& knownProviders, Reader reader)
{
    if (reader == Reader::Automatic) {
        if (std::optional<ChatRequest> common = ChatRequestReader::read(body, knownProviders))
            return std::move(*common);
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error::invalid(QStringLiteral("The request body is not valid JSON: ") + parseError.errorString()
                              + QStringLiteral(" at offset ") + QString::number(parseError.offset) + u'.');
    if (!doc.isObject())
        return Error::invalid(QStringLiteral("The request body must be a JSON object."));

    ChatRequest r;
    r.m_rawBody = body;
    r.m_json = doc.object();
    r.m_jsonRead = true;
    const QJsonObject& json = r.m_json;

    // Routing fields and extensions.
    const BodyMembers members(json);
    for (const Field field : {Model, Capability, Provider, User, ReasoningEffort}) {
        if (auto e
            = requireType(members.value(field), QJsonValue::String, QStringLiteral("a string"), fieldName(field)))
            return *e;
    }
    r.m_user = members.value(User).toString();
    r.m_reasoningEffort = members.value(ReasoningEffort).toString();
    if (auto e = r.setRouting(members.value(Model).toString(), members.value(Capability).toString(),
                              members.value(Provider).toString(), knownProviders))
        return *e;

    const QJsonValue fallbacks = members.value(Fallbacks);
    if (isSent(fallbacks)) {
        if (!fallbacks.isArray())
            return typeError(QStringLiteral("fallbacks"), QStringLiteral("an array of \"provider/model\" strings"));
        const QJsonArray list = fallbacks.toArray();
        for (int i = 0; i < list.size(); ++i) {
            const QString param = QStringLiteral("fallbacks[") + QString::number(i) + u']';
            const QString entry = list.at(i).toString().trimmed();
            const qsizetype at = entry.indexOf(u'/');
            if (!list.at(i).isString() || at <= 0 || at == entry.size() - 1)
                return valueError(param, QStringLiteral("expected a \"provider/model\" string"));
            const QString provider = entry.left(at).toLower();
            if (!knownProviders.contains(provider))
                return valueError(param, QStringLiteral("unknown provider '") + provider + u'\'');
            r.m_fallbacks.append({provider, entry.mid(at + 1)});
        }
    }

    // Messages.
    const QJsonValue messages = members.value(Messages);
    if (!isSent(messages))
        return Error::invalid(QStringLiteral("Missing required parameter: 'messages'."), QStringLiteral("messages"));
    if (!messages.isArray())
        return typeError(QStringLiteral("messages"), QStringLiteral("an array"));
    const QJsonArray list = messages.toArray();
    if (list.isEmpty())
        return valueError(QStringLiteral("messages"), QStringLiteral("must not be empty"));
    for (int i = 0; i < list.size(); ++i) {
        if (auto e = validateMessage(list.at(i), i))
            return *e;
    }

    // Sampling and limits.
    if (auto e = readNumber(members.value(Temperature), fieldName(Temperature), 0, 2, &r.m_temperature))
        return *e;
    if (auto e = readNumber(members.value(TopP), fieldName(TopP), 0, 1, &r.m_topP))
        return *e;
    if (auto e = readNumber(members.value(PresencePenalty), fieldName(PresencePenalty), -2, 2, &r.m_presencePenalty))
        return *e;
    if (auto e = readNumber(members.value(FrequencyPenalty), fieldName(FrequencyPenalty), -2, 2, &r.m_frequencyPenalty))
        return *e;
    std::optional<qint64> maxTokens;
    std::optional<qint64> maxCompletionTokens;
    if (auto e = readInteger(members.value(MaxTokens), fieldName(MaxTokens), 1, &maxTokens))
        return *e;
    if (auto e
        = readInteger(members.value(MaxCompletionTokens), fieldName(MaxCompletionTokens), 1, &maxCompletionTokens))
        return *e;
    r.m_maxTokens = maxCompletionTokens ? maxCompletionTokens : maxTokens;
    std::optional<qint64> seed;
    if (auto e = readInteger(members.value(Seed), fieldName(Seed), std::numeric_limits<qint64>::min(), &seed))
        return *e;
    r.m_seed = seed;
    std::optional<qint64> n;
    if (auto e = readInteger(members.value(N), fieldName(N), 1, &n))
        return *e;
    if (n && *n > 1)
        return valueError(QStringLiteral("n"), QStringLiteral("only n = 1 is supported by this gateway"));
    std::optional<qint64> topLogprobs;
    if (auto e = readInteger(members.value(TopLogprobs), fieldName(TopLogprobs), 0, &topLogprobs))
        return *e;
    for (const Field field : {Stream, ParallelToolCalls, Logprobs}) {
        if (auto e = requireType(members.value(field), QJsonValue::Bool, QStringLiteral("a boolean"), fieldName(field)))
            return *e;
    }
    r.m_stream = members.value(Stream).toBool();
    if (const QJsonValue parallel = members.value(ParallelToolCalls); isSent(parallel))
        r.m_parallelToolCalls = parallel.toBool();

    const QJsonValue streamOptions = members.value(StreamOptions);
    if (isSent(streamOptions)) {
        if (!streamOptions.isObject())
            return typeError(QStringLiteral("stream_options"), QStringLiteral("an object"));
        if (auto e = requireType(streamOptions.toObject(), QStringLiteral("include_usage"), QJsonValue::Bool,
                                 QStringLiteral("a boolean"), QStringLiteral("stream_options.include_usage")))
            return *e;
        r.m_includeUsage = r.m_stream && streamOptions.toObject().value(QStringLiteral("include_usage")).toBool();
    }

    const QJsonValue stop = members.value(Stop);
    if (stop.isString()) {
        r.m_stop.append(stop.toString());
    } else if (stop.isArray()) {
        const QJsonArray stops = stop.toArray();
        for (int i = 0; i < stops.size(); ++i) {
            if (!stops.at(i).isString())
                return typeError(QStringLiteral("stop[") + QString::number(i) + u']', QStringLiteral("a string"));
            r.m_stop.append(stops.at(i).toString());
        }
    } else if (isSent(stop)) {
        return typeError(QStringLiteral("stop"), QStringLiteral("a string or an array of strings"));
    }

    QStringList toolNames;
    if (auto e = validateTools(members.value(Tools), &toolNames))
        return *e;
    if (auto e = validateToolChoice(members.value(ToolChoice), toolNames))
        return *e;
    if (auto e = validateResponseFormat(members.value(ResponseFormat)))
        return *e;
    return r;
}

const QJsonObject& ChatRequest::json() const
{
    if (!m_jsonRead) {
        // ChatRequestReader accepts only what QJsonDocument reads without error.
        m_json = QJsonDocument::fromJson(m_rawBody).object();
        m_jsonRead = true;
    }
    return m_json;
}

QJsonValue ChatRequest::member(const QString& key) const
{
    if (m_jsonRead || m_memberRanges.isEmpty())
        return json().value(key);
    for (const JsonMemberRange& m : m_memberRanges) {
        if (key == QLatin1StringView(m_rawBody.constData() + m.keyBegin, m.keyEnd - m.keyBegin))
            return JsonText::valueOf(QByteArrayView(m_rawBody).sliced(m.valueBegin, m.valueEnd - m.valueBegin));
    }
    return QJsonValue(QJsonValue::Undefined);
}

qint64 ChatRequest::promptTokenEstimate() const
{
    if (!m_promptTokens)
        m_promptTokens = TokenEstimator::promptTokens(messages(), tools());
    return *m_promptTokens;
}

QJsonArray ChatRequest::messages() const
{
    return json().value(QStringLiteral("messages")).toArray();
}

QJsonArray ChatRequest::tools() const
{
    return json().value(QStringLiteral("tools")).toArray();
}

QJsonValue ChatRequest::toolChoice() const
{
    const QJsonValue choice = json().value(QStringLiteral("tool_choice"));
    return choice.isNull() ? QJsonValue(QJsonValue::Undefined) : choice;
}

QString ChatRequest::forcedToolName() const
{
    return toolChoice().toObject().value(Function).toObject().value(QStringLiteral("name")).toString();
}

QJsonObject ChatRequest::responseFormat() const
{
    return json().value(QStringLiteral("response_format")).toObject();
}

QString ChatRequest::responseFormatType() const
{
    return responseFormat().value(QStringLiteral("type")).toString();
}
