#pragma once

#include "providers/ProviderAdapter.h"

/**
 * OpenAI Chat Completions, and any OpenAI-compatible server (give it its own name and base URL).
 *
 * Requests: `POST {base}/chat/completions` with `Authorization: Bearer <key>` (omitted when the key is empty,
 * for local servers). The body is the client's body edited member by member (RawJsonObject), so unknown fields
 * and key order survive: `model` replaced, the gateway extensions capability/provider/fallbacks removed,
 * `stream_options.include_usage: true` forced when streaming (and stream_options dropped otherwise). Reasoning
 * models (o1, o3, o4..., gpt-5 except gpt-5-chat) get max_completion_tokens instead of max_tokens and lose
 * temperature, top_p, presence/frequency penalties, logprobs and top_logprobs, which they reject; with
 * AdapterOptions::thinking they get reasoning_effort unless the client set one.
 *
 * Responses pass through with `model` set to the requested model and missing `refusal`, `logprobs`, `content`
 * filled with null, usage details ensured.
 */
class OpenAiAdapter final : public ProviderAdapter
{
public:
    static constexpr const char* DefaultBaseUrl = "https://api.openai.com/v1";

    explicit OpenAiAdapter(QString name = QStringLiteral("openai"),
                           QString defaultBaseUrl = QString::fromLatin1(DefaultBaseUrl));

    /** o1*, o3*, o4* (any o<digits> family) and gpt-5* except gpt-5-chat*; case-insensitive. */
    static bool isReasoningModel(const QString& model);

    // Interface
    QString providerName() const override { return m_name; }
    Result<UpstreamRequest> buildRequest(const ChatRequest& request, const QString& model, const QString& apiKey,
                                         const QString& baseUrl, const AdapterOptions& options) const override;
    Result<TranslatedResponse> parseResponse(const QByteArray& body, const QString& requestedModel,
                                             ReasoningOutput reasoning = ReasoningOutput::Omit) const override;
    UpstreamError parseError(int httpStatus, const QByteArray& body, const HeaderList::List& headers) const override;
    std::unique_ptr<StreamTranslator> createStreamTranslator(const StreamOptions& options) const override;

    /**
     * parseResponse's two ways. readNormalCompletion is the common case without a QJsonDocument: an answer
     * already in normal form with a usage object, read with CanonicalJson (which accepts a subset of what
     * QJsonDocument accepts: no duplicate keys, integers only); nullopt for anything else. `completion` is
     * left empty (TranslatedResponse::completionObject()). readAnyCompletion reads every answer, normalising
     * it; for what readNormalCompletion accepts it gives the same response.
     */
    static std::optional<TranslatedResponse> readNormalCompletion(const QByteArray& body,
                                                                  const QString& requestedModel);
    Result<TranslatedResponse> readAnyCompletion(const QByteArray& body, const QString& requestedModel) const;

private:
    QString m_name;
    QString m_defaultBaseUrl;
};
