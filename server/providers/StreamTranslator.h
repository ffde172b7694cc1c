#pragma once

#include "providers/SseEvent.h"
#include "providers/SseParser.h"
#include "providers/StreamEvent.h"
#include "providers/StreamOptions.h"
#include "providers/UpstreamError.h"
#include "providers/Usage.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

/**
 * Turns one provider's streaming answer (SSE bytes, split anywhere) into OpenAI `chat.completion.chunk` events.
 *
 * Contract of the emitted sequence, for every provider:
 * - every chunk has id, object, created, model and choices[{index, delta, logprobs: null, finish_reason}];
 * - the first chunk of each choice has `delta.role: "assistant"`; tool call deltas carry index, id, type
 *   "function" and function.name on their first fragment, function.arguments fragments afterwards;
 * - a proper end gives a chunk with finish_reason, then (when includeUsage) a `choices: []` chunk with usage,
 *   then Done;
 * - anything else (EOF before the provider's end marker, a data line that is not valid JSON, an in-stream error,
 *   an oversized event) gives one Error event instead, and never Done.
 * After Done or Error the translator ignores further input.
 *
 * Subclasses implement handleEvent() and handleEndOfStream() with the protected helpers.
 */
class CanonicalJson;

class StreamTranslator
{
public:
    StreamTranslator(QString providerName, StreamOptions options);
    virtual ~StreamTranslator();
    Q_DISABLE_COPY_MOVE(StreamTranslator)

    /** Feeds upstream bytes; returns the events they complete. */
    QList<StreamEvent> feed(QByteArrayView bytes);
    /** Upstream EOF: returns the closing events (Done, or Error for a truncated stream). */
    QList<StreamEvent> finish();

    /** Done was emitted. */
    bool completed() const { return m_completed; }
    /** An Error event was emitted. */
    bool failed() const { return m_failed; }
    /**
     * What the Error event said, classified, when failed(): a provider's in-stream error as its adapter's
     * parseError() would classify it (status 200), or for a truncated / malformed stream: class ServerError,
     * type "server_error", code "upstream_stream_truncated" / "upstream_malformed_chunk", retryable. Whether a
     * retry is still possible depends on hasEmittedContent().
     */
    const UpstreamError& error() const { return m_error; }
    /** error().message: prefixed with the provider name, empty unless failed(). */
    const QString& errorMessage() const { return m_error.message; }

    /** Usage as the provider reported it; reported is false when it never did (numbers then 0). */
    const Usage& usage() const { return m_usage; }
    /**
     * usage() when reported; otherwise an estimate: promptTokensEstimate from the options and
     * TokenEstimator::tokensFromChars() of the characters relayed. Always check usage().reported.
     */
    Usage usageOrEstimate() const;
    /** finish_reason of choice 0 (OpenAI value), empty before it arrived. */
    QString finishReason() const { return m_finishReasons.value(0); }
    /** The provider's model string (e.g. a dated snapshot), when it sent one. */
    const QString& upstreamModel() const { return m_upstreamModel; }
    /** The provider's own response id (msg_..., responseId, chatcmpl-...). */
    const QString& upstreamId() const { return m_upstreamId; }

    /** Characters (UTF-16 code units) of content relayed to the client. */
    qint64 contentChars() const { return m_contentChars; }
    /** Characters of tool-call arguments relayed. */
    qint64 toolArgumentChars() const { return m_toolArgumentChars; }
    /** Characters of reasoning text received (relayed or not: it is billed either way). */
    qint64 reasoningChars() const { return m_reasoningChars; }
    /** At least one chunk was emitted (the role chunk counts). */
    bool hasEmittedChunk() const { return m_emittedChunk; }
    /** At least one chunk carried content, a tool call or reasoning text. */
    bool hasEmittedContent() const { return m_emittedContent; }

protected:
    /** One SSE event from upstream; called until the translator completes or fails. */
    virtual void handleEvent(const SseEvent& event) = 0;
    /** Upstream EOF without the translator having completed or failed: complete() or fail. */
    virtual void handleEndOfStream() = 0;

    const QString& providerName() const { return m_provider; }
    const StreamOptions& options() const { return m_options; }
    bool isFinished() const { return m_completed || m_failed; }

    /** Emits one chunk with a single choice (role added automatically to a choice's first chunk). */
    void emitDelta(int index, const QJsonObject& delta, const QString& finishReason = {});
    /**
     * Emits a whole chunk object (OpenAI pass-through): id/created/model/object are set from the options or
     * the stream's values, choices get role/logprobs/finish_reason normalised, characters are counted.
     */
    void emitChunk(QJsonObject chunk);
    /**
     * emitChunk() of an OpenAI chunk read by CanonicalJson (node 0 is the chunk object) without its "usage"
     * member, with the bytes written directly (StreamEvent::raw) instead of through QJsonObject. Returns false,
     * having changed nothing, for shapes it leaves to emitChunk(): choices not an array, a choice or delta that
     * is not an object, an index out of int range.
     */
    bool emitChunkFast(const CanonicalJson& chunk);
    /** Reasoning text: counted, and relayed as delta.reasoning_content when the options ask for it. */
    void emitReasoning(int index, const QString& text);
    /** Emits the finish chunk for choice index (empty delta) and records the reason. */
    void emitFinish(int index, const QString& finishReason);
    /** Ends properly: the usage chunk when includeUsage, then Done. */
    void complete();
    /** Ends with an Error event built from error (its message already carries the provider prefix). */
    void fail(const UpstreamError& error);
    /** EOF before the provider's end marker. */
    void failTruncated(const QString& missing);
    /** A data line that is not valid JSON / not the expected shape. */
    void failMalformed(const QString& detail);

    Usage& mutableUsage() { return m_usage; }
    void setUpstreamModel(const QString& model) { m_upstreamModel = model; }
    void setUpstreamId(const QString& id) { m_upstreamId = id; }
    /**
     * The provider's own OpenAI usage object (OpenAI pass-through), relayed in the usage chunk instead of
     * usage().toOpenAiJson() so fields such as audio_tokens survive; cached/reasoning details are ensured.
     */
    void setUpstreamUsageJson(const QJsonObject& usage) { m_upstreamUsageJson = usage; }
    /** Chunk id / created / model in use (from the options, else from upstream, else generated). */
    const QString& chunkId();
    qint64 chunkCreated();
    QString chunkModel() const;
    /** Provider-given values used when the options leave id / created empty (OpenAI pass-through). */
    void setFallbackIdentity(const QString& id, qint64 created);
    /** setFallbackIdentity() would still change something. */
    bool needsFallbackIdentity() const { return m_fallbackId.isEmpty() || m_fallbackCreated == 0; }
    /** A tool call id from the options' generator, or "call_" + random characters. */
    QString newToolCallId() const;
    /** Whether a finish_reason was already emitted for a choice. */
    bool hasFinished(int index) const { return m_finishReasons.contains(index); }
    /** Indexes of the choices seen so far. */
    const QSet<int>& choicesSeen() const { return m_choicesSeen; }

private:
    QString m_provider;
    StreamOptions m_options;
    SseParser m_parser;
    QList<StreamEvent> m_out;
    Usage m_usage;
    QJsonObject m_upstreamUsageJson;
    QHash<int, QString> m_finishReasons;
    QSet<int> m_choicesSeen;
    QString m_id;
    qint64 m_created = 0;
    QString m_fallbackId;
    qint64 m_fallbackCreated = 0;
    QString m_upstreamModel;
    QString m_upstreamId;
    UpstreamError m_error;
    qint64 m_contentChars = 0;
    qint64 m_toolArgumentChars = 0;
    qint64 m_reasoningChars = 0;
    bool m_emittedChunk = false;
    bool m_emittedContent = false;
    bool m_completed = false;
    bool m_failed = false;
    // emitChunkFast(): id / created / model as JSON, and buffers reused from event to event.
    QByteArray m_idJson;
    QByteArray m_createdJson;
    QByteArray m_modelJson;
    QString m_modelJsonFor;
    QByteArray m_choicesBuffer;
    QByteArray m_deltaBuffer;
};
