#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

/**
 * One circuit breaker per upstream (provider + base URL), shared by all workers. Closed: calls go through.
 * After `failureThreshold` consecutive failures it opens: calls are skipped for `openMs`. Then it is
 * half-open: one probe call goes through; its success closes the breaker, its failure opens it again.
 * Thread-safe; touched once at the start and once at the end of an attempt.
 */
class CircuitBreakerRegistry
{
public:
    enum class State { Closed, Open, HalfOpen };

    CircuitBreakerRegistry(int failureThreshold, int openMs);

    /** Whether an attempt may go to upstream now; in half-open state only the first caller gets true. */
    bool allow(const QString& upstream, qint64 nowMs);
    void recordSuccess(const QString& upstream);
    void recordFailure(const QString& upstream, qint64 nowMs);
    State state(const QString& upstream, qint64 nowMs) const;
    /** Every upstream seen so far with its state (for /metrics). */
    QHash<QString, State> states(qint64 nowMs) const;

private:
    struct Breaker
    {
        int consecutiveFailures = 0;
        qint64 openedAtMs = 0;
        bool open = false;
        bool probeInFlight = false;
    };
    State stateOf(const Breaker& b, qint64 nowMs) const;

    const int m_threshold;
    const int m_openMs;
    mutable QMutex m_mutex;
    QHash<QString, Breaker> m_breakers;
};
