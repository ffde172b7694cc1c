#pragma once

#include "providers/ProviderAdapter.h"

#include <QJsonObject>

/**
 * Google Gemini API (`POST {base}/v1beta/models/{model}:generateContent`, or `:streamGenerateContent?alt=sse`
 * when streaming; key in `x-goog-api-key`, never in the query string).
 *
 * Request mapping from OpenAI chat completions:
 * - system and developer messages → `systemInstruction.parts` (text);
 * - roles user → "user", assistant → "model", tool → "user" with functionResponse parts; consecutive turns of
 *   one role are merged;
 * - parts: text; image_url → inlineData for data: URLs, fileData {mimeType guessed from the extension when
 *   possible, fileUri} otherwise; input_audio → inlineData audio/<format>; file_data → inlineData; file ids
 *   are rejected;
 * - assistant tool_calls → functionCall {name, args} (arguments must be a JSON object; "" counts as {});
 * - tool results → functionResponse {name, response}: the name is looked up from the earlier assistant tool
 *   call with the same id (Error::invalid on `messages[i].tool_call_id` when there is none); the response is
 *   the content parsed as a JSON object when it is one, otherwise {"output": <content text>} as Google's
 *   FunctionResponse documentation suggests;
 * - tools → one {functionDeclarations: [...]} entry; tool_choice auto/none/required/{function} →
 *   toolConfig.functionCallingConfig mode AUTO/NONE/ANY/ANY + allowedFunctionNames;
 * - generationConfig only with what was sent: temperature, topP, maxOutputTokens, stopSequences, seed,
 *   presencePenalty, frequencyPenalty; response_format json_object → responseMimeType application/json,
 *   json_schema → also responseSchema; thinking → thinkingConfig {thinkingBudget, includeThoughts}.
 * - JSON Schemas (tool parameters, responseSchema) are reduced to the OpenAPI subset Gemini accepts: type
 *   arrays with "null" become nullable, const becomes a one-value enum, and unsupported keywords
 *   (additionalProperties, $schema, $defs, $ref, strict, ...) are dropped; parameters of a function without
 *   properties are omitted (Gemini rejects an OBJECT with empty properties).
 *
 * Responses: text parts concatenated, parts with `thought: true` are reasoning; every functionCall becomes a
 * tool call with a generated id "call_..." and finish_reason "tool_calls" (Gemini says STOP); STOP → stop,
 * MAX_TOKENS → length, SAFETY/RECITATION/PROHIBITED_CONTENT/BLOCKLIST/SPII/IMAGE_* and a blocked prompt
 * (promptFeedback.blockReason) → content_filter with message.refusal set; other reasons → stop. Usage:
 * prompt = promptTokenCount + toolUsePromptTokenCount, completion = candidates + thoughts, reasoning =
 * thoughts, cached = cachedContentTokenCount, total = prompt + completion.
 */
class GeminiAdapter final : public ProviderAdapter
{
public:
    static constexpr const char* DefaultBaseUrl = "https://generativelanguage.googleapis.com";

    /** OpenAI finish_reason for a Gemini finishReason or promptFeedback.blockReason. */
    static QString finishReasonFor(const QString& geminiReason);
    /** Usage from a usageMetadata object (reported true when the object is not empty). */
    static Usage usageFromMetadata(const QJsonObject& usageMetadata);
    /** Classifies a Gemini error object ({code, message, status, details}) seen with an HTTP status. */
    static UpstreamError errorFromJson(int httpStatus, const QJsonObject& errorObject, const QByteArray& body,
                                       const HeaderList::List& headers);
    /** A JSON Schema reduced to what Gemini's Schema type accepts (see the class comment). */
    static QJsonObject sanitizeSchema(const QJsonObject& schema);

    // Interface
    QString providerName() const override { return QStringLiteral("gemini"); }
    Result<UpstreamRequest> buildRequest(const ChatRequest& request, const QString& model, const QString& apiKey,
                                         const QString& baseUrl, const AdapterOptions& options) const override;
    Result<TranslatedResponse> parseResponse(const QByteArray& body, const QString& requestedModel,
                                             ReasoningOutput reasoning = ReasoningOutput::Omit) const override;
    UpstreamError parseError(int httpStatus, const QByteArray& body, const HeaderList::List& headers) const override;
    std::unique_ptr<StreamTranslator> createStreamTranslator(const StreamOptions& options) const override;
};
