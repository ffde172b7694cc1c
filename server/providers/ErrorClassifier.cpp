#include "ErrorClassifier.h"

#include "providers/RetryAfter.h"
#include "util/Clock.h"

QString ErrorClassifier::prefixedMessage(const QString& provider, int status, const QString& message,
                                         const QByteArray& body)
{
    if (!message.isEmpty())
        return provider + QStringLiteral(": ") + message;
    QString text = provider + QStringLiteral(": HTTP ") + QString::number(status);
    const QString snippet = QString::fromUtf8(body.left(200)).simplified();
    if (!snippet.isEmpty())
        text += QStringLiteral(": ") + snippet;
    return text;
}

bool ErrorClassifier::looksLikeContextLength(const QString& message)
{
    static const QLatin1StringView patterns[] = {
        QLatin1StringView("maximum context length"),
        QLatin1StringView("context_length_exceeded"),
        QLatin1StringView("context window"),
        QLatin1StringView("prompt is too long"),
        QLatin1StringView("exceeds the maximum number of tokens"),
        QLatin1StringView("exceed context limit"),
        QLatin1StringView("input is too long"),
    };
    for (const QLatin1StringView pattern : patterns) {
        if (message.contains(pattern, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool ErrorClassifier::looksLikeContentPolicy(const QString& message)
{
    static const QLatin1StringView patterns[] = {
        QLatin1StringView("content policy"),
        QLatin1StringView("content management policy"),
        QLatin1StringView("content filtering policy"),
        QLatin1StringView("usage policies"),
        QLatin1StringView("usage policy"),
        QLatin1StringView("flagged as potentially violating"),
    };
    for (const QLatin1StringView pattern : patterns) {
        if (message.contains(pattern, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

UpstreamError::Class ErrorClassifier::classForStatus(int status)
{
    using Class = UpstreamError::Class;
    switch (status) {
    case 400:
    case 413:
    case 422:
        return Class::BadRequest;
    case 401:
    case 403:
        return Class::Authentication;
    case 404:
        return Class::NotFound;
    case 429:
        return Class::RateLimited;
    case 503:
    case 529:
        return Class::Overloaded;
    case 408:
        return Class::ServerError;
    default:
        break;
    }
    return status >= 500 && status <= 599 ? Class::ServerError : Class::Other;
}

void ErrorClassifier::finish(UpstreamError* error, const HeaderList::List& headers, const QString& providerMessage)
{
    using Class = UpstreamError::Class;
    const int fromHeaders = RetryAfter::fromHeaders(headers, Clock::instance().nowMs());
    if (fromHeaders >= 0)
        error->retryAfterMs = fromHeaders;
    else if (error->retryAfterMs < 0 && error->errorClass == Class::RateLimited)
        error->retryAfterMs = RetryAfter::fromMessage(providerMessage);

    switch (error->errorClass) {
    case Class::RateLimited:
    case Class::Overloaded:
    case Class::ServerError:
        error->retryable = true;
        break;
    case Class::Other:
        error->retryable = error->status == 409;
        break;
    default:
        error->retryable = false;
        break;
    }
    if (HeaderList::value(headers, "x-should-retry").compare("false", Qt::CaseInsensitive) == 0)
        error->retryable = false;
}
