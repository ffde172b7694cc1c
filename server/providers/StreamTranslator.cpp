#include "StreamTranslator.h"

#include "providers/CanonicalJson.h"
#include "providers/OpenAiFormat.h"
#include "providers/RawJsonObject.h"
#include "providers/TokenEstimator.h"

#include <QJsonArray>

#include <charconv>
#include <climits>
#include <optional>
#include <utility>

namespace {

/** A member written instead of the object's own: value empty removes it; onlyIfAbsent keeps the object's. */
struct Override
{
    QByteArrayView key;
    QByteArrayView value;
    bool onlyIfAbsent = false;
};

/**
 * Appends object (a node of json, or -1 for {}) with the overrides merged in, as QJsonObject::insert()/remove()
 * followed by toJson(Compact) would write it. overrides must be sorted by key; offsets (optional) receive where
 * each member starts in out.
 */
void writeMerged(const CanonicalJson& json, int object, const Override* overrides, int count, ByteSink& out,
                 QVarLengthArray<qint32, 12>* offsets = nullptr)
{
    out.append('{');
    const int members = object < 0 ? 0 : json.node(object).children;
    bool first = true;
    const auto startMember = [&](QByteArrayView key) {
        if (!first)
            out.append(',');
        first = false;
        if (offsets)
            offsets->append(qint32(out.size()));
        out.append('"');
        out.append(key);
        out.append("\":");
    };
    int m = 0;
    int o = 0;
    while (m < members || o < count) {
        const int child = m < members ? json.memberInKeyOrder(object, m) : -1;
        const int order
            = child < 0 ? 1 : (o >= count ? -1 : CanonicalJson::compareKeys(json.key(child), overrides[o].key));
        if (order < 0 || (order == 0 && overrides[o].onlyIfAbsent)) {
            startMember(json.key(child));
            json.write(child, out);
        } else if (!overrides[o].value.isEmpty()) {
            startMember(overrides[o].key);
            out.append(overrides[o].value);
        }
        if (order <= 0)
            ++m;
        if (order >= 0)
            ++o;
    }
    out.append('}');
}

/** The UTF-16 length of a String node, 0 for anything else (QJsonValue::toString().size()). */
qint64 stringSize(const CanonicalJson& json, int node)
{
    return node >= 0 && json.node(node).type == CanonicalJson::Type::String ? json.node(node).utf16Size : 0;
}

} // namespace

StreamTranslator::StreamTranslator(QString providerName, StreamOptions options)
    : m_provider(std::move(providerName))
    , m_options(std::move(options))
{ }

StreamTranslator::~StreamTranslator() = default;

QList<StreamEvent> StreamTranslator::feed(QByteArrayView bytes)
{
    if (!isFinished()) {
        const QList<SseEvent> events = m_parser.feed(bytes);
        for (const SseEvent& event : events) {
            if (isFinished())
                break;
            handleEvent(event);
        }
        if (!isFinished() && m_parser.overflowed())
            failMalformed(QStringLiteral("an event exceeded the size limit"));
    }
    return std::exchange(m_out, {});
}

QList<StreamEvent> StreamTranslator::finish()
{
    if (!isFinished()) {
        const QList<SseEvent> events = m_parser.finish();
        for (const SseEvent& event : events) {
            if (isFinished())
                break;
            handleEvent(event);
        }
        if (!isFinished() && m_parser.overflowed())
            failMalformed(QStringLiteral("an event exceeded the size limit"));
        if (!isFinished())
            handleEndOfStream();
        if (!isFinished())
            failTruncated(QStringLiteral("its end marker"));
    }
    return std::exchange(m_out, {});
}

Usage StreamTranslator::usageOrEstimate() const
{
    if (m_usage.reported)
        return m_usage;
    Usage estimate;
    estimate.promptTokens = m_options.promptTokensEstimate;
    estimate.completionTokens
        = TokenEstimator::tokensFromChars(m_contentChars + m_toolArgumentChars + m_reasoningChars);
    estimate.reasoningTokens = TokenEstimator::tokensFromChars(m_reasoningChars);
    return estimate;
}

void StreamTranslator::emitDelta(int index, const QJsonObject& delta, const QString& finishReason)
{
    emitChunk(OpenAiFormat::chunk(chunkId(), chunkCreated(), chunkModel(),
                                  QJsonArray{OpenAiFormat::chunkChoice(index, delta, finishReason)}));
}

void StreamTranslator::emitChunk(QJsonObject chunk)
{
    if (isFinished())
        return;
    chunk.insert(QStringLiteral("id"), chunkId());
    chunk.insert(QStringLiteral("object"), QStringLiteral("chat.completion.chunk"));
    chunk.insert(QStringLiteral("created"), chunkCreated());
    chunk.insert(QStringLiteral("model"), chunkModel());

    const QJsonArray choices = chunk.value(QStringLiteral("choices")).toArray();
    QJsonArray normalized;
    for (qsizetype i = 0; i < choices.size(); ++i) {
        QJsonObject choice = choices.at(i).toObject();
        const QJsonValue indexValue = choice.value(QStringLiteral("index"));
        const int index = indexValue.isDouble() ? indexValue.toInt() : int(i);
        QJsonObject delta = choice.value(QStringLiteral("delta")).toObject();
        if (!m_choicesSeen.contains(index)) {
            m_choicesSeen.insert(index);
            if (!delta.contains(QStringLiteral("role")))
                delta.insert(QStringLiteral("role"), QStringLiteral("assistant"));
        }

        const QString content = delta.value(QStringLiteral("content")).toString();
        m_contentChars += content.size();
        const QString reasoning = delta.value(QStringLiteral("reasoning_content")).toString()
            + delta.value(QStringLiteral("reasoning")).toString();
        m_reasoningChars += reasoning.size();
        const QJsonArray toolCalls = delta.value(QStringLiteral("tool_calls")).toArray();
        for (const QJsonValue& call : toolCalls) {
            m_toolArgumentChars += call.toObject()
                                       .value(QStringLiteral("function"))
                                       .toObject()
                                       .value(QStringLiteral("arguments"))
                                       .toString()
                                       .size();
        }
        if (!content.isEmpty() || !reasoning.isEmpty() || !toolCalls.isEmpty())
            m_emittedContent = true;

        const QJsonValue finish = choice.value(QStringLiteral("finish_reason"));
        if (finish.isString() && !finish.toString().isEmpty())
            m_finishReasons.insert(index, finish.toString());
        else
            choice.insert(QStringLiteral("finish_reason"), QJsonValue::Null);
        if (!choice.contains(QStringLiteral("logprobs")))
            choice.insert(QStringLiteral("logprobs"), QJsonValue::Null);
        choice.insert(QStringLiteral("index"), index);
        choice.insert(QStringLiteral("delta"), delta);
        normalized.append(choice);
    }
    chunk.insert(QStringLiteral("choices"), normalized);
    m_emittedChunk = true;
    m_out.append(StreamEvent{StreamEvent::Kind::Chunk, chunk});
}

bool StreamTranslator::emitChunkFast(const CanonicalJson& json)
{
    using Type = CanonicalJson::Type;
    if (isFinished())
        return true;
    const int choices = json.member(0, "choices");
    if (json.node(0).type != Type::Object || choices < 0 || json.node(choices).type != Type::Array)
        return false;

    // What emitChunk() would change, applied only once every choice was handled here.
    QVarLengthArray<int, 4> newChoices;
    QVarLengthArray<std::pair<int, QString>, 2> finishes;
    qint64 contentChars = 0;
    qint64 reasoningChars = 0;
    qint64 toolArgumentChars = 0;
    bool emittedContent = false;

    m_choicesBuffer.resize(0);
    std::optional<ByteSink> choicesOut(std::in_place, m_choicesBuffer);
    choicesOut->append('[');
    int position = 0;
    for (int choice = json.node(choices).firstChild; choice >= 0; choice = json.node(choice).next, ++position) {
        if (json.node(choice).type != Type::Object)
            return false;
        int index = position;
        const int indexNode = json.member(choice, "index");
        if (indexNode >= 0 && json.node(indexNode).type == Type::Number) {
            const qint64 value = json.integer(indexNode);
            if (value < INT_MIN || value > INT_MAX)
                return false;
            index = int(value);
        }
        const int delta = json.member(choice, "delta");
        if (delta >= 0 && json.node(delta).type != Type::Object)
            return false;
        bool addRole = false;
        if (!m_choicesSeen.contains(index) && !newChoices.contains(index)) {
            newChoices.append(index);
            addRole = delta < 0 || json.member(delta, "role") < 0;
        }
        if (delta >= 0) {
            const qint64 content = stringSize(json, json.member(delta, "content"));
            const qint64 reasoning = stringSize(json, json.member(delta, "reasoning_content"))
                + stringSize(json, json.member(delta, "reasoning"));
            bool hasToolCalls = false;
            const int calls = json.member(delta, "tool_calls");
            if (calls >= 0 && json.node(calls).type == Type::Array) {
                hasToolCalls = json.node(calls).children > 0;
                for (int call = json.node(calls).firstChild; call >= 0; call = json.node(call).next) {
                    const int function = json.node(call).type == Type::Object ? json.member(call, "function") : -1;
                    if (function >= 0 && json.node(function).type == Type::Object)
                        toolArgumentChars += stringSize(json, json.member(function, "arguments"));
                }
            }
            contentChars += content;
            reasoningChars += reasoning;
            if (content > 0 || reasoning > 0 || hasToolCalls)
                emittedContent = true;
        }
        const int finish = json.member(choice, "finish_reason");
        const bool keepFinish = stringSize(json, finish) > 0;
        if (keepFinish)
            finishes.append({index, json.string(finish)});

        m_deltaBuffer.resize(0);
        {
            ByteSink deltaOut(m_deltaBuffer);
            const Override role{"role", "\"assistant\"", true};
            writeMerged(json, delta, &role, addRole ? 1 : 0, deltaOut);
        }
        char indexText[16];
        const auto [indexEnd, ec] = std::to_chars(indexText, indexText + sizeof indexText, index);
        Q_UNUSED(ec)
        const Override overrides[] = {
            {"delta", m_deltaBuffer},
            {"finish_reason", "null", keepFinish},
            {"index", QByteArrayView(indexText, indexEnd - indexText)},
            {"logprobs", "null", true},
        };
        if (position > 0)
            choicesOut->append(',');
        writeMerged(json, choice, overrides, int(std::size(overrides)), *choicesOut);
    }
    choicesOut->append(']');
    choicesOut.reset(); // m_choicesBuffer complete

    if (m_idJson.isEmpty())
        m_idJson = RawJsonObject::serialize(chunkId()); // fixed once chosen
    if (m_createdJson.isEmpty())
        m_createdJson = QByteArray::number(chunkCreated()); // likewise; Qt writes integers this way
    const QString model = chunkModel();
    if (m_modelJson.isEmpty() || model != m_modelJsonFor) {
        m_modelJson = RawJsonObject::serialize(model);
        m_modelJsonFor = model;
    }
    const Override overrides[] = {
        {"choices", m_choicesBuffer},
        {"created", m_createdJson},
        {"id", m_idJson},
        {"model", m_modelJson},
        {"object", "\"chat.completion.chunk\""},
        {"usage", {}},
    };
    StreamEvent event;
    event.raw.reserve(json.raw(0).size() + 128);
    {
        ByteSink out(event.raw);
        writeMerged(json, 0, overrides, int(std::size(overrides)), out, &event.rawMembers);
    }

    for (int index : newChoices)
        m_choicesSeen.insert(index);
    for (const auto& [index, reason] : finishes)
        m_finishReasons.insert(index, reason);
    m_contentChars += contentChars;
    m_reasoningChars += reasoningChars;
    m_toolArgumentChars += toolArgumentChars;
    if (emittedContent)
        m_emittedContent = true;
    m_emittedChunk = true;
    m_out.append(std::move(event));
    return true;
}

void StreamTranslator::emitReasoning(int index, const QString& text)
{
    if (text.isEmpty())
        return;
    if (m_options.reasoning == ReasoningOutput::ReasoningContent)
        emitDelta(index, QJsonObject{{QStringLiteral("reasoning_content"), text}}); // counted by emitChunk
    else
        m_reasoningChars += text.size();
}

void StreamTranslator::emitFinish(int index, const QString& finishReason)
{
    emitDelta(index, QJsonObject{}, finishReason);
}

void StreamTranslator::complete()
{
    if (isFinished())
        return;
    if (m_options.includeUsage) {
        QJsonObject usage;
        if (m_usage.reported && !m_upstreamUsageJson.isEmpty()) {
            usage = m_upstreamUsageJson;
            QJsonObject prompt = usage.value(QStringLiteral("prompt_tokens_details")).toObject();
            if (!prompt.contains(QStringLiteral("cached_tokens")))
                prompt.insert(QStringLiteral("cached_tokens"), m_usage.cachedTokens);
            usage.insert(QStringLiteral("prompt_tokens_details"), prompt);
            QJsonObject completion = usage.value(QStringLiteral("completion_tokens_details")).toObject();
            if (!completion.contains(QStringLiteral("reasoning_tokens")))
                completion.insert(QStringLiteral("reasoning_tokens"), m_usage.reasoningTokens);
            usage.insert(QStringLiteral("completion_tokens_details"), completion);
        } else {
            usage = usageOrEstimate().toOpenAiJson();
        }
        QJsonObject chunk = OpenAiFormat::chunk(chunkId(), chunkCreated(), chunkModel(), QJsonArray{});
        chunk.insert(QStringLiteral("usage"), usage);
        m_emittedChunk = true;
        m_out.append(StreamEvent{StreamEvent::Kind::Chunk, chunk});
    }
    m_out.append(StreamEvent{StreamEvent::Kind::Done, {}});
    m_completed = true;
}

void StreamTranslator::fail(const UpstreamError& error)
{
    if (isFinished())
        return;
    m_failed = true;
    m_error = error;
    m_out.append(StreamEvent{StreamEvent::Kind::Error, error.toOpenAiJson()});
}

void StreamTranslator::failTruncated(const QString& missing)
{
    UpstreamError error;
    error.status = 200;
    error.type = QStringLiteral("server_error");
    error.code = QStringLiteral("upstream_stream_truncated");
    error.message
        = m_provider + QStringLiteral(": the stream ended before ") + missing + QStringLiteral(" (truncated answer)");
    error.errorClass = UpstreamError::Class::ServerError;
    error.retryable = true;
    fail(error);
}

void StreamTranslator::failMalformed(const QString& detail)
{
    UpstreamError error;
    error.status = 200;
    error.type = QStringLiteral("server_error");
    error.code = QStringLiteral("upstream_malformed_chunk");
    error.message = m_provider + QStringLiteral(": malformed stream data: ") + detail;
    error.errorClass = UpstreamError::Class::ServerError;
    error.retryable = true;
    fail(error);
}

const QString& StreamTranslator::chunkId()
{
    if (m_id.isEmpty()) {
        if (!m_options.id.isEmpty())
            m_id = m_options.id;
        else if (!m_fallbackId.isEmpty())
            m_id = m_fallbackId;
        else
            m_id = OpenAiFormat::newCompletionId();
    }
    return m_id;
}

qint64 StreamTranslator::chunkCreated()
{
    if (m_created == 0) {
        if (m_options.created > 0)
            m_created = m_options.created;
        else if (m_fallbackCreated > 0)
            m_created = m_fallbackCreated;
        else
            m_created = OpenAiFormat::nowSeconds();
    }
    return m_created;
}

QString StreamTranslator::chunkModel() const
{
    return m_options.model.isEmpty() ? m_upstreamModel : m_options.model;
}

void StreamTranslator::setFallbackIdentity(const QString& id, qint64 created)
{
    if (m_fallbackId.isEmpty())
        m_fallbackId = id;
    if (m_fallbackCreated == 0)
        m_fallbackCreated = created;
}

QString StreamTranslator::newToolCallId() const
{
    return m_options.toolCallIdGenerator ? m_options.toolCallIdGenerator() : OpenAiFormat::newToolCallId();
}
