#pragma once

#include "ratelimit/RateLimitDecision.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <array>

/**
 * Per-key token buckets: requests per minute (capacity = RPM, refilled continuously at RPM per minute)
 * and, when the key has one, tokens per minute (admission needs a positive balance; the actual tokens are
 * charged after the call, so a large answer may drive it negative and hold the next requests back).
 * The map is split into shards with a mutex each, so workers rarely meet on the same lock; buckets idle for
 * ten minutes are dropped. Thread-safe.
 */
class KeyRateLimiter
{
public:
    /**
     * Admits one request of keyId, or says when to retry. With countRequests false only the token bucket is
     * checked (the requests are counted by SharedRequestLimiter across processes).
     */
    RateLimitDecision admit(const QString& keyId, qint64 rpm, qint64 tpm, qint64 nowMs, bool countRequests = true);
    /** Charges tokens actually used by an admitted request (only keys with a token limit keep a balance). */
    void chargeTokens(const QString& keyId, qint64 tpm, qint64 tokens, qint64 nowMs);
    /** Drops buckets unused since before cutoffMs. */
    void prune(qint64 cutoffMs);

private:
    struct Bucket
    {
        double requests = -1; ///< -1: not initialised
        double tokens = 0;
        bool tokensInitialised = false;
        qint64 updatedMs = 0;
        qint64 rpm = 0;
        qint64 tpm = 0;
    };
    struct Shard
    {
        QMutex mutex;
        QHash<QString, Bucket> buckets;
    };

    static void refill(Bucket& b, qint64 rpm, qint64 tpm, qint64 nowMs);
    Shard& shardFor(const QString& keyId);

    std::array<Shard, 16> m_shards;
};
