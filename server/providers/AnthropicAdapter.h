#pragma once

#include "providers/ProviderAdapter.h"

/**
 * Anthropic Messages API (`POST {base}/v1/messages`, `x-api-key`, `anthropic-version: 2023-06-01`).
 *
 * Request mapping from OpenAI chat completions:
 * - system and developer messages, wherever they are, become top-level `system` text blocks in order;
 * - content strings and parts become blocks: text (cache_control kept), image_url → image with a base64 source
 *   for data: URLs or a url source otherwise, PDF file_data → document; audio, file ids and non-PDF files are
 *   rejected (Error::invalid naming the part); empty text is dropped (Anthropic rejects empty text blocks);
 * - assistant tool_calls → tool_use blocks (arguments parsed; they must be a JSON object, "" counts as {});
 *   role tool → tool_result blocks in a user turn; consecutive turns of one role are merged, and inside a
 *   user turn tool_result blocks are moved before other blocks as Anthropic requires;
 * - tools → {name, description, input_schema}; tool_choice auto/none/required/{function} →
 *   {type: auto}/{type: none}/{type: any}/{type: tool, name}; parallel_tool_calls false →
 *   disable_parallel_tool_use; tool_choice is sent only together with tools;
 * - stop → stop_sequences; temperature (clamped to Anthropic's 0..1) and top_p only when sent; max_tokens from
 *   max_completion_tokens / max_tokens / AdapterOptions::defaultMaxTokens; user → metadata.user_id;
 * - response_format json_object / json_schema has no native equivalent in this API version: a system block asks
 *   for a bare JSON object (with the schema, compact, for json_schema). This is best effort, not enforced.
 * - JSON nulls from the client are treated as absent and never sent.
 *
 * Responses: text blocks concatenated; tool_use → tool_calls (id kept, input serialised as arguments);
 * thinking blocks → reasoning; stop_reason end_turn/stop_sequence/pause_turn → stop, max_tokens and
 * model_context_window_exceeded → length, tool_use → tool_calls, refusal → content_filter with the text moved
 * to message.refusal (content null). Usage: prompt = input + cache_read + cache_creation, cached = cache_read,
 * cacheWrite = cache_creation; reasoning tokens are estimated (thinking characters / 4, capped at
 * output_tokens) because Anthropic bills them inside output_tokens without a separate count.
 */
class AnthropicAdapter final : public ProviderAdapter
{
public:
    static constexpr const char* DefaultBaseUrl = "https://api.anthropic.com";
    static constexpr const char* ApiVersion = "2023-06-01";

    /** OpenAI finish_reason for an Anthropic stop_reason. */
    static QString finishReasonFor(const QString& stopReason);
    /** Classifies an Anthropic error object ({"type": ..., "message": ...}) seen with an HTTP status. */
    static UpstreamError errorFromJson(int httpStatus, const QJsonObject& errorObject, const QByteArray& body,
                                       const HeaderList::List& headers);

    // Interface
    QString providerName() const override { return QStringLiteral("anthropic"); }
    Result<UpstreamRequest> buildRequest(const ChatRequest& request, const QString& model, const QString& apiKey,
                                         const QString& baseUrl, const AdapterOptions& options) const override;
    Result<TranslatedResponse> parseResponse(const QByteArray& body, const QString& requestedModel,
                                             ReasoningOutput reasoning = ReasoningOutput::Omit) const override;
    UpstreamError parseError(int httpStatus, const QByteArray& body, const HeaderList::List& headers) const override;
    std::unique_ptr<StreamTranslator> createStreamTranslator(const StreamOptions& options) const override;
};
