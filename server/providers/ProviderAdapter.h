#pragma once

#include "providers/AdapterOptions.h"
#include "providers/HeaderList.h"
#include "providers/ReasoningOutput.h"
#include "providers/StreamOptions.h"
#include "providers/TranslatedResponse.h"
#include "providers/UpstreamError.h"
#include "providers/UpstreamRequest.h"
#include "util/Result.h"

#include <QByteArray>
#include <QString>

#include <memory>

class ChatRequest;
class StreamTranslator;

/**
 * Translation between the gateway's OpenAI chat-completions contract and one provider's wire format. Pure and
 * stateless (no networking, no I/O): the same instance may be used from any thread at once.
 */
class ProviderAdapter
{
public:
    virtual ~ProviderAdapter() = default;

    /** The provider name used in messages and logs ("openai", "anthropic", "gemini", or a configured name). */
    virtual QString providerName() const = 0;

    /**
     * Builds the upstream HTTP request for a validated client request.
     * @param model the upstream model id (already resolved, without any "provider/" prefix)
     * @param baseUrl the provider's base URL; empty for the provider's public default
     * @return the request, or Error::invalid(message, param) when the client request uses something this provider
     *         cannot express (e.g. an audio part for Anthropic, a tool result without a matching tool call)
     */
    virtual Result<UpstreamRequest> buildRequest(const ChatRequest& request, const QString& model,
                                                 const QString& apiKey, const QString& baseUrl,
                                                 const AdapterOptions& options) const = 0;

    /**
     * Translates a successful (2xx) non-streaming body into an OpenAI chat.completion.
     * @param requestedModel the model id reported to the client as `model`
     * @return the translation, or Error::unavailable when the body is not what the provider documents
     */
    virtual Result<TranslatedResponse> parseResponse(const QByteArray& body, const QString& requestedModel,
                                                     ReasoningOutput reasoning = ReasoningOutput::Omit) const = 0;

    /** Classifies an error answer (any non-2xx status). Never fails: unknown bodies give Class::Other etc. */
    virtual UpstreamError parseError(int httpStatus, const QByteArray& body, const HeaderList::List& headers) const = 0;

    /** A new translator for one streaming answer (2xx, text/event-stream). */
    virtual std::unique_ptr<StreamTranslator> createStreamTranslator(const StreamOptions& options) const = 0;
};
