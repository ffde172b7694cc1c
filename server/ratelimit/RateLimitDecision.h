#pragma once

#include <QtGlobal>

/** The outcome of one admission check, with what the x-ratelimit-* headers report. */
struct RateLimitDecision
{
    bool allowed = true;
    bool tokensLimited = false; ///< rejected by the tokens-per-minute bucket rather than requests
    qint64 requestLimit = 0;
    qint64 requestsRemaining = 0;
    qint64 requestsResetMs = 0; ///< until the request bucket is full again
    qint64 tokenLimit = 0; ///< 0: no token limit for this key
    qint64 tokensRemaining = 0;
    qint64 tokensResetMs = 0;
    qint64 retryAfterMs = 0; ///< when rejected: until the next request can pass
};
