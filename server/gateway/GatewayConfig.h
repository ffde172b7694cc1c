#pragma once

#include "config/Config.h"
#include "util/Result.h"

#include <QHash>
#include <QString>

/** Everything `aigw serve` reads from the configuration, validated once at start-up. */
struct GatewayConfig
{
    QString listen = QStringLiteral("127.0.0.1:8080");
    int workers = 0; ///< 0: one per core
    qint64 maxBodyBytes = 10 * 1024 * 1024;
    int idleTimeoutMs = 30000;
    int shutdownDeadlineMs = 30000;

    int defaultRpm = 60; ///< per key, when the key has no rate_limit_rpm
    /** Upstream timeouts. firstByte is time to the response headers (non-streaming answers arrive whole);
     *  firstEvent bounds the wait for a stream's first event; idle the gap between events. */
    int connectTimeoutMs = 10000;
    int firstByteTimeoutMs = 300000;
    int firstEventTimeoutMs = 60000;
    int idleTimeoutMsUpstream = 60000;
    int totalTimeoutMs = 600000;
    int maxAttemptsPerModel = 2; ///< attempts on one model before failing over
    int maxAttempts = 6; ///< attempts in all, over every model of the chain
    int backoffBaseMs = 250;
    int backoffMaxMs = 8000;
    int maxRetryAfterMs = 20000; ///< an upstream Retry-After above this fails over instead of waiting
    int breakerFailures = 5; ///< consecutive failures that open a provider's circuit
    int breakerOpenMs = 30000; ///< how long it stays open before a probe
    /** upstream/http_client = libcurl: plain-http upstreams go through libcurl too instead of the built-in
     *  HTTP/1.1 client (a way back should some server disagree with it); https always uses libcurl. */
    bool upstreamLibcurlOnly = false;

    qint64 defaultMaxTokensEstimate = 4096; ///< budget estimate when the request sets no max_tokens
    qint64 maxTokensEstimateCap = 65536;
    int holdTtlMs = 15 * 60 * 1000; ///< a reservation left by a killed process expires after this

    QString pricesFile;
    QString capabilitiesFile;
    QString metricsToken;

    /** Global fallback provider keys (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY / GOOGLE_AI_API_KEY). */
    QHash<QString, QString> globalKeys;
    /** Base URL overrides for the global keys (OPENAI_BASE_URL, ...). */
    QHash<QString, QString> globalBaseUrls;

    static Result<GatewayConfig> fromConfig(const Config& config);
};
