#pragma once

#include "providers/ProviderAdapter.h"
#include "providers/StreamEvent.h"
#include "providers/StreamOptions.h"
#include "providers/Usage.h"

#include <QByteArray>
#include <QList>
#include <QString>

/**
 * Drives a StreamTranslator over recorded bytes and inspects what it emitted, for the adapter tests.
 * Everything here reads the emitted JSON; nothing re-implements the translation.
 */
class StreamHarness
{
public:
    enum class Split {
        Whole, ///< all bytes in one feed()
        ByteByByte, ///< one feed() per byte
        Random, ///< random slices of 1..64 bytes from a seeded generator
    };

    struct Run
    {
        QList<StreamEvent> events;
        bool completed = false;
        bool failed = false;
        UpstreamError error;
        Usage usage;
        QString finishReason;
        QString upstreamModel;
        QString upstreamId;
        qint64 contentChars = 0;
        qint64 toolArgumentChars = 0;
        qint64 reasoningChars = 0;
        bool emittedContent = false;
    };

    struct ToolCall
    {
        QString id;
        QString type;
        QString name;
        QString arguments;
    };

    /** Options with fixed id "chatcmpl-test", created 1700000000, model "test-model" and ids call_test_1, 2, ... */
    static StreamOptions fixedOptions(bool includeUsage, ReasoningOutput reasoning = ReasoningOutput::Omit);

    static Run run(const ProviderAdapter& adapter, const StreamOptions& options, const QByteArray& bytes, Split split,
                   quint32 seed = 1);

    /** The SSE bytes a client would receive. */
    static QByteArray wire(const QList<StreamEvent>& events);
    /** Concatenated delta.content / delta.reasoning_content of choice 0. */
    static QString content(const QList<StreamEvent>& events);
    static QString reasoning(const QList<StreamEvent>& events);
    /** Tool calls of choice 0 reassembled by index, as an SDK accumulates them. */
    static QList<ToolCall> toolCalls(const QList<StreamEvent>& events);
    /** Chunks (not Done / Error). */
    static QList<QJsonObject> chunks(const QList<StreamEvent>& events);
    /** The `choices: []` chunk's usage object, or an empty object. */
    static QJsonObject usageChunk(const QList<StreamEvent>& events);

    /**
     * The rules of the OpenAI SDK's strict ChatCompletionStream helper and of the chunk schema, for a stream that
     * completed: chunk fields, role on each choice's first chunk, tool call id/type/name on first fragments, a
     * valid finish_reason per choice, usage totals, Done last and no Error. Returns a description of the first
     * violation, or an empty string.
     */
    static QString strictClientViolation(const QList<StreamEvent>& events);

    /** Runs whole, byte by byte and with five random seeds; returns a description of any difference. */
    static QString splitInvarianceViolation(const ProviderAdapter& adapter, const StreamOptions& options,
                                            const QByteArray& bytes);
};
