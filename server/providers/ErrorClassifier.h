#pragma once

#include "providers/HeaderList.h"
#include "providers/UpstreamError.h"

#include <QByteArray>
#include <QString>

/** The parts of error classification that all providers share. */
class ErrorClassifier
{
public:
    /** "<provider>: <message>", or "<provider>: HTTP <status>: <start of the body>" when there is no message. */
    static QString prefixedMessage(const QString& provider, int status, const QString& message, const QByteArray& body);
    /** Messages the providers use when the prompt does not fit the context window. */
    static bool looksLikeContextLength(const QString& message);
    /** Messages the providers use when a request is refused by their content policy. */
    static bool looksLikeContentPolicy(const QString& message);
    /**
     * The class an HTTP status implies when the body says nothing more specific: 400/413/422 BadRequest,
     * 401/403 Authentication, 404 NotFound, 429 RateLimited, 503/529 Overloaded, 408 and other 5xx ServerError.
     */
    static UpstreamError::Class classForStatus(int status);
    /**
     * Sets retryAfterMs from the headers (they win over a delay already read from the body; the OpenAI message
     * hint is the last resort for rate limits) and `retryable` from the class: RateLimited, Overloaded,
     * ServerError and 409 are retryable; a provider's `x-should-retry: false` always wins.
     */
    static void finish(UpstreamError* error, const HeaderList::List& headers, const QString& providerMessage);
};
