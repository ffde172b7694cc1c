#pragma once

#include "domain/ApiKey.h"
#include "domain/Project.h"
#include "gateway/GatewaySnapshot.h"
#include "gateway/RoutePlan.h"
#include "http/HttpHeaders.h"
#include "pricing/Usage.h"
#include "providers/ChatRequest.h"

#include <QElapsedTimer>
#include <QString>

#include <memory>
#include <optional>

/** Everything one /v1/chat/completions request accumulates on its way through the pipeline. */
struct RequestContext
{
    QString requestId; ///< UUID, also the x-request-id header, the log row id and the budget hold id
    qint64 receivedAtMs = 0; ///< wall clock, UTC
    QElapsedTimer elapsed; ///< started when the request arrived

    std::shared_ptr<const GatewaySnapshot> snapshot;
    ApiKey key; ///< set by AuthStage
    Project project;
    std::optional<ChatRequest> request; ///< parsed once
    RoutePlan plan;
    QString budgetHoldId; ///< the budget lease the request was admitted under (empty: no limits)
    qint64 budgetHoldTokens = 0; ///< the request's share of it (its bounded estimate)
    qint64 budgetHoldCostMicros = 0;
    HttpHeaders rateLimitHeaders; ///< x-ratelimit-* sent with every answer

    // The outcome, filled by the provider stage and read by accounting.
    QString provider;
    QString model;
    Usage usage;
    bool usageEstimated = false;
    int attempts = 0;
    std::optional<int> ttftMs;
    qint64 upstreamStartNs = -1; ///< elapsed at the first upstream call (-1: none), for the metrics
    QString finishReason;
};
