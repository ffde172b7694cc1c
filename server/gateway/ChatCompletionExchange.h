#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponder.h"
#include "pipeline/GatewayError.h"
#include "pipeline/RequestContext.h"

#include <QObject>

#include <optional>

class CurlMulti;
class ProviderStage;
struct GatewayServices;

/**
 * One POST /v1/chat/completions, through the pipeline in order:
 * AuthStage → (parse) → RateLimitStage → RouteStage → BudgetStage → ProviderStage → AccountingStage.
 * Deletes itself when the request is answered and accounted for.
 */
class ChatCompletionExchange : public QObject
{
    Q_OBJECT

public:
    ChatCompletionExchange(const HttpRequest& request, HttpResponder responder, GatewayServices& services,
                           CurlMulti* multi, QObject* parent);

    void start();

private:
    void reject(const GatewayError& error, bool logRow);
    void onProviderFinished(std::optional<GatewayError> error);

    HttpRequest m_http;
    HttpResponder m_responder;
    GatewayServices& m_services;
    CurlMulti* m_multi;
    RequestContext m_ctx;
    ProviderStage* m_provider = nullptr;
};
