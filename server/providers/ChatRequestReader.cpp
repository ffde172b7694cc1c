#include "ChatRequestReader.h"

#include "providers/CanonicalJson.h"
#include "providers/TokenEstimator.h"

#include <cmath>
#include <limits>

namespace {

using Type = CanonicalJson::Type;

/** The nodes of one parsed body, with the checks the general reader makes on QJsonValues. */
class Nodes
{
public:
    explicit Nodes(const CanonicalJson& json)
        : m_json(json)
    { }

    Type type(int i) const { return m_json.node(i).type; }
    bool is(int i, Type t) const { return i >= 0 && type(i) == t; }
    /** Not sent: absent or null (the general reader's isSent() is false). */
    bool absent(int i) const { return i < 0 || m_json.raw(i) == QByteArrayView("null"); }
    bool isTrue(int i) const { return i >= 0 && m_json.raw(i) == QByteArrayView("true"); }
    bool isBool(int i) const { return isTrue(i) || (i >= 0 && m_json.raw(i) == QByteArrayView("false")); }
    /** A String node's text as written between its quotes, when it has no escapes. */
    std::optional<QByteArrayView> plainText(int i) const
    {
        const CanonicalJson::Node& n = m_json.node(i);
        if (!n.plain)
            return std::nullopt;
        return m_json.raw(i).sliced(1, n.end - n.begin - 2);
    }
    /** A String node's decoded text in UTF-8 bytes (TokenEstimator counts those). */
    qint64 utf8Size(int i) const
    {
        if (const auto text = plainText(i))
            return text->size();
        return m_json.string(i).toUtf8().size();
    }
    bool isEmptyString(int i) const { return m_json.node(i).utf16Size == 0; }

private:
    const CanonicalJson& m_json;
};

/** QJsonValue::toInteger's rule in the general reader: integral, finite, within 2^53. */
bool integral(double d, qint64* out)
{
    if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) > 9007199254740992.0)
        return false;
    *out = qint64(d);
    return true;
}

} // namespace

std::optional<ChatRequest> ChatRequestReader::read(const QByteArray& body, const QStringList& knownProviders)
{
    CanonicalJson json;
    if (!json.parse(body, CanonicalJson::Numbers::Any) || json.node(0).type != Type::Object)
        return std::nullopt;
    const Nodes nodes(json);

    ChatRequest r;
    r.m_rawBody = body;
    r.m_memberRanges.reserve(json.node(0).children);
    int model = -1, capability = -1, provider = -1, messages = -1, streamOptions = -1;
    std::optional<qint64> maxTokens, maxCompletionTokens;

    // Each member the general reader reads, with its checks; a body that fails one goes to the general reader
    // for its error message.
    for (int m = json.node(0).firstChild; m >= 0; m = json.node(m).next) {
        const CanonicalJson::Node& n = json.node(m);
        r.m_memberRanges.append({n.keyBegin, n.keyEnd, n.begin, n.end});
        if (nodes.absent(m))
            continue; // null is "not sent" for every member
        const QByteArrayView key = json.key(m);
        const auto number = [&](double min, double max, std::optional<double>* out) {
            if (n.type != Type::Number)
                return false;
            const double d = json.number(m);
            if (d < min || d > max)
                return false;
            *out = d;
            return true;
        };
        const auto integer = [&](qint64 min, std::optional<qint64>* out) {
            qint64 value = 0;
            if (n.type != Type::Number || !integral(json.number(m), &value) || value < min)
                return false;
            *out = value;
            return true;
        };
        bool ok = true;
        if (key == "model" || key == "capability" || key == "provider" || key == "user" || key == "reasoning_effort") {
            ok = n.type == Type::String;
            if (key == "model")
                model = m;
            else if (key == "capability")
                capability = m;
            else if (key == "provider")
                provider = m;
            else if (ok && key == "user")
                r.m_user = json.string(m);
            else if (ok)
                r.m_reasoningEffort = json.string(m);
        } else if (key == "messages") {
            messages = m;
        } else if (key == "temperature") {
            ok = number(0, 2, &r.m_temperature);
        } else if (key == "top_p") {
            ok = number(0, 1, &r.m_topP);
        } else if (key == "presence_penalty") {
            ok = number(-2, 2, &r.m_presencePenalty);
        } else if (key == "frequency_penalty") {
            ok = number(-2, 2, &r.m_frequencyPenalty);
        } else if (key == "max_tokens") {
            ok = integer(1, &maxTokens);
        } else if (key == "max_completion_tokens") {
            ok = integer(1, &maxCompletionTokens);
        } else if (key == "seed") {
            ok = integer(std::numeric_limits<qint64>::min(), &r.m_seed);
        } else if (key == "n") {
            std::optional<qint64> count;
            ok = integer(1, &count) && *count == 1; // more than one choice is an error
        } else if (key == "top_logprobs") {
            std::optional<qint64> top;
            ok = integer(0, &top);
        } else if (key == "stream") {
            ok = nodes.isBool(m);
            r.m_stream = nodes.isTrue(m);
        } else if (key == "parallel_tool_calls") {
            ok = nodes.isBool(m);
            r.m_parallelToolCalls = nodes.isTrue(m);
        } else if (key == "logprobs") {
            ok = nodes.isBool(m);
        } else if (key == "stream_options") {
            streamOptions = m;
            const int includeUsage = n.type == Type::Object ? json.member(m, "include_usage") : -1;
            ok = n.type == Type::Object && (nodes.absent(includeUsage) || nodes.isBool(includeUsage));
        } else if (key == "stop") {
            if (n.type == Type::String) {
                r.m_stop.append(json.string(m));
            } else if (n.type == Type::Array) {
                for (int s = n.firstChild; s >= 0 && ok; s = json.node(s).next) {
                    ok = nodes.is(s, Type::String);
                    if (ok)
                        r.m_stop.append(json.string(s));
                }
            } else {
                ok = false;
            }
        } else if (key == "fallbacks" || key == "tools" || key == "tool_choice" || key == "response_format") {
            ok = false; // the general reader's
        }
        if (!ok)
            return std::nullopt;
    }

    const auto text = [&](int i) { return i >= 0 && nodes.is(i, Type::String) ? json.string(i) : QString(); };
    if (r.setRouting(text(model), text(capability), text(provider), knownProviders))
        return std::nullopt;
    r.m_maxTokens = maxCompletionTokens ? maxCompletionTokens : maxTokens;
    if (streamOptions >= 0)
        r.m_includeUsage = r.m_stream && nodes.isTrue(json.member(streamOptions, "include_usage"));

    // Messages: validated as the general reader does, and counted as TokenEstimator counts them.
    if (!nodes.is(messages, Type::Array) || json.node(messages).children == 0)
        return std::nullopt;
    qint64 tokens = TokenEstimator::ReplyPrimingTokens;
    for (int message = json.node(messages).firstChild; message >= 0; message = json.node(message).next) {
        if (!nodes.is(message, Type::Object))
            return std::nullopt;
        const int role = json.member(message, "role");
        const std::optional<QByteArrayView> roleText
            = nodes.is(role, Type::String) ? nodes.plainText(role) : std::nullopt;
        if (!roleText
            || (*roleText != "system" && *roleText != "developer" && *roleText != "user" && *roleText != "assistant"
                && *roleText != "tool"))
            return std::nullopt;
        qint64 bytes = roleText->size();
        const int content = json.member(message, "content");
        if (nodes.absent(content)) {
            if (*roleText != "assistant")
                return std::nullopt;
        } else if (nodes.is(content, Type::String)) {
            bytes += nodes.utf8Size(content);
        } else {
            return std::nullopt; // content parts: the general reader's
        }
        const int name = json.member(message, "name");
        if (!nodes.absent(name)) {
            if (!nodes.is(name, Type::String))
                return std::nullopt;
            bytes += nodes.utf8Size(name);
        }
        if (!nodes.absent(json.member(message, "tool_calls")))
            return std::nullopt; // the general reader's
        const int toolCallId = json.member(message, "tool_call_id");
        if (*roleText == "tool" && (!nodes.is(toolCallId, Type::String) || nodes.isEmptyString(toolCallId)))
            return std::nullopt;
        if (nodes.is(toolCallId, Type::String))
            bytes += nodes.utf8Size(toolCallId);
        tokens += TokenEstimator::messageTokens(bytes, 0);
    }
    r.m_promptTokens = tokens; // no tools: the general reader has those
    return r;
}
