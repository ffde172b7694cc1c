#pragma once

#include <QJsonObject>
#include <QString>

/**
 * A provider's error answer (non-2xx status, or an error event inside a stream), classified so the router can
 * decide between retrying, failing over and giving up.
 */
struct UpstreamError
{
    enum class Class {
        RateLimited, ///< 429 / rate_limit_error / RESOURCE_EXHAUSTED: retry after retryAfterMs or fail over
        QuotaExceeded, ///< out of credit (OpenAI insufficient_quota, Anthropic billing_error): fail over, no retry
        Overloaded, ///< Anthropic 529 overloaded_error, Gemini 503 UNAVAILABLE, any 503: retryable
        ServerError, ///< other 5xx, 408: retryable
        Authentication, ///< bad or missing provider key (including Gemini's 400 API_KEY_INVALID), 401, 403
        ContextLength, ///< the prompt does not fit the model: never retry the same model
        ContentPolicy, ///< rejected by the provider's content policy: never retry the same model
        BadRequest, ///< any other 4xx about the request itself
        NotFound, ///< unknown model or endpoint
        Other,
    };

    int status = 0; ///< the HTTP status (200 for in-stream errors)
    QString type; ///< provider error type: OpenAI error.type, Anthropic error.type, Gemini error.status
    QString message; ///< the provider's message prefixed with the provider name, e.g. "anthropic: Overloaded"
    QString code; ///< OpenAI error.code, Gemini ErrorInfo.reason; empty when the provider has none
    int retryAfterMs = -1; ///< from retry-after-ms, retry-after (seconds or HTTP date) or the body; -1 if none
    Class errorClass = Class::Other;
    bool retryable = false; ///< worth retrying the same model (after retryAfterMs when set)

    /** Stable lower-case name of a class for logs and metrics: "rate_limited", "context_length", ... */
    static QString className(Class errorClass);
    /** The OpenAI error envelope {"error": {message, type, param: null, code}} (code null when empty). */
    QJsonObject toOpenAiJson() const;
};
