#pragma once

#include "providers/StreamTranslator.h"

#include <QHash>

/**
 * Anthropic Messages streams (`event: <type>` + `data: <json>`, JSON padded with spaces, no [DONE]).
 *
 * message_start → the role chunk (usage: input + cache fields); content_block_start of a tool_use → the first
 * tool call delta {index, id, type, function {name, arguments: ""}}; text_delta → content;
 * input_json_delta → argument fragments (empty ones skipped); thinking_delta → reasoning (relayed only as
 * delta.reasoning_content when asked); signature_delta, ping and unknown events are ignored; message_delta →
 * stop_reason and the cumulative usage (taken, not summed); message_stop → the finish chunk, the usage chunk,
 * Done. `event: error` (or a data object of type "error") fails the stream, as does EOF before message_stop.
 * Events are recognised by the JSON `type`, so a proxy that drops the `event:` lines does not matter.
 */
class AnthropicStreamTranslator final : public StreamTranslator
{
public:
    explicit AnthropicStreamTranslator(StreamOptions options);

protected:
    // Interface
    void handleEvent(const SseEvent& event) override;
    void handleEndOfStream() override;

private:
    void readUsage(const QJsonObject& usage);

    QHash<int, int> m_toolIndexByBlock; ///< content block index → OpenAI tool call index
    QString m_stopReason;
    qint64 m_inputTokens = 0;
    qint64 m_cacheReadTokens = 0;
    qint64 m_cacheWriteTokens = 0;
};
