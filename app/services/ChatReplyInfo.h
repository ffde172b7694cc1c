#pragma once

#include <QString>

#include <optional>

/** What the gateway reported about one answer: who answered, the token usage and the cost. */
struct ChatReplyInfo
{
    QString provider;
    QString model;
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    std::optional<qint64> costMicros; ///< unset: the gateway knew no price
    QString finishReason;

    qint64 totalTokens() const { return promptTokens + completionTokens; }
};
