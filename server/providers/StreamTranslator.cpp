#include "StreamTranslator.h"

#include "providers/OpenAiFormat.h"
#include "providers/TokenEstimator.h"

#include <QJsonArray>

#include <utility>

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
