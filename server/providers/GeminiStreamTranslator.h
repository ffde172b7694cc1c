#pragma once

#include "providers/StreamTranslator.h"

/**
 * Gemini `streamGenerateContent?alt=sse` streams: `data: <GenerateContentResponse>` events separated by
 * CR LF CR LF, no `event:` lines, no terminator.
 *
 * Text parts → content, `thought: true` parts → reasoning, every functionCall part → one complete tool call
 * delta with a generated id; usageMetadata is cumulative on every chunk (and not monotonic): the last one wins.
 * A clean end is EOF after a chunk with finishReason (or a blocked prompt): the finish chunk (tool_calls when
 * any function was called), the usage chunk and Done are emitted then. EOF without finishReason, invalid JSON or
 * `{"error": ...}` fail the stream.
 */
class GeminiStreamTranslator final : public StreamTranslator
{
public:
    explicit GeminiStreamTranslator(StreamOptions options);

protected:
    // Interface
    void handleEvent(const SseEvent& event) override;
    void handleEndOfStream() override;

private:
    QString m_finishReason; ///< Gemini's value, or the prompt's blockReason
    bool m_promptBlocked = false;
    int m_toolCalls = 0;
};
