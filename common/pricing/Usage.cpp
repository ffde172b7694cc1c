#include "pricing/Usage.h"

QJsonObject Usage::toOpenAiJson() const
{
    return QJsonObject{
        {QStringLiteral("prompt_tokens"), promptTokens},
        {QStringLiteral("completion_tokens"), completionTokens},
        {QStringLiteral("total_tokens"), totalTokens()},
        {QStringLiteral("prompt_tokens_details"), QJsonObject{{QStringLiteral("cached_tokens"), cachedTokens}}},
        {QStringLiteral("completion_tokens_details"),
         QJsonObject{{QStringLiteral("reasoning_tokens"), reasoningTokens}}},
    };
}

Usage Usage::fromOpenAiJson(const QJsonObject& usage)
{
    Usage u;
    u.reported = true;
    u.promptTokens = usage.value(QStringLiteral("prompt_tokens")).toInteger();
    u.completionTokens = usage.value(QStringLiteral("completion_tokens")).toInteger();
    u.cachedTokens = usage.value(QStringLiteral("prompt_tokens_details"))
                         .toObject()
                         .value(QStringLiteral("cached_tokens"))
                         .toInteger();
    u.reasoningTokens = usage.value(QStringLiteral("completion_tokens_details"))
                            .toObject()
                            .value(QStringLiteral("reasoning_tokens"))
                            .toInteger();
    return u;
}
