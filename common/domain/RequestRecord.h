#pragma once

#include <QString>

#include <optional>

/** One row of the request log: every request that presented a valid key. */
struct RequestRecord
{
    QString id; ///< request id (UUID)
    QString projectId;
    QString apiKeyId; ///< empty: none
    QString provider;
    QString model;
    QString capability;
    QString status = QStringLiteral("success"); ///< success | error | rejected | cancelled
    int httpStatus = 200;
    bool stream = false;
    qint64 inputTokens = 0; ///< includes cached input
    qint64 cachedTokens = 0;
    qint64 outputTokens = 0; ///< includes reasoning
    qint64 reasoningTokens = 0;
    std::optional<qint64> costMicros; ///< unset: no price known
    bool usageEstimated = false;
    int latencyMs = 0;
    std::optional<int> ttftMs;
    int attempts = 1;
    QString errorCode;
    QString errorMessage;
    qint64 createdAt = 0;

    // The budget hold the request was admitted under (not a column of the log): the writer subtracts the
    // request's share from it in the transaction that records the actual usage. Empty: no budget check.
    QString holdId;
    qint64 holdTokens = 0;
    qint64 holdCostMicros = 0;

    qint64 totalTokens() const { return inputTokens + outputTokens; }
    bool isError() const { return status != QLatin1String("success"); }
};
