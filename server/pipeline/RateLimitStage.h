#pragma once

#include "pipeline/GatewayError.h"

#include <optional>

class KeyRateLimiter;
class SharedRequestLimiter;
struct RequestContext;

/**
 * Pipeline stage 2: the key's requests-per-minute (its own rate_limit_rpm, else the configured default)
 * and, when set, tokens-per-minute. Over the limit: 429 with Retry-After. Every answer carries
 * x-ratelimit-limit/remaining/reset-requests (and the -tokens trio when the key has a token limit).
 * With a shared limiter (PostgreSQL), requests are counted across every gateway process on the database;
 * tokens per minute, and requests while the database cannot be asked, by this process's buckets.
 */
class RateLimitStage
{
public:
    static std::optional<GatewayError> run(RequestContext& context, KeyRateLimiter& limiter, int defaultRpm,
                                           SharedRequestLimiter* shared = nullptr);
    /** "20ms", "1.5s", "6m0s": the duration format of OpenAI's x-ratelimit-reset-* headers. */
    static QByteArray formatReset(qint64 ms);
};
