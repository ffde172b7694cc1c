#include "CircuitBreakerRegistry.h"

CircuitBreakerRegistry::CircuitBreakerRegistry(int failureThreshold, int openMs)
    : m_threshold(failureThreshold)
    , m_openMs(openMs)
{ }

CircuitBreakerRegistry::State CircuitBreakerRegistry::stateOf(const Breaker& b, qint64 nowMs) const
{
    if (!b.open)
        return State::Closed;
    return nowMs - b.openedAtMs >= m_openMs ? State::HalfOpen : State::Open;
}

bool CircuitBreakerRegistry::allow(const QString& upstream, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    Breaker& b = m_breakers[upstream];
    switch (stateOf(b, nowMs)) {
    case State::Closed:
        return true;
    case State::Open:
        return false;
    case State::HalfOpen:
        if (b.probeInFlight)
            return false;
        b.probeInFlight = true;
        return true;
    }
    return true;
}

void CircuitBreakerRegistry::recordSuccess(const QString& upstream)
{
    QMutexLocker lock(&m_mutex);
    Breaker& b = m_breakers[upstream];
    b = Breaker{};
}

void CircuitBreakerRegistry::recordFailure(const QString& upstream, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    Breaker& b = m_breakers[upstream];
    b.probeInFlight = false;
    if (b.open) { // a failed probe: stay open for another period
        b.openedAtMs = nowMs;
        return;
    }
    if (++b.consecutiveFailures >= m_threshold) {
        b.open = true;
        b.openedAtMs = nowMs;
    }
}

CircuitBreakerRegistry::State CircuitBreakerRegistry::state(const QString& upstream, qint64 nowMs) const
{
    QMutexLocker lock(&m_mutex);
    return stateOf(m_breakers.value(upstream), nowMs);
}

QHash<QString, CircuitBreakerRegistry::State> CircuitBreakerRegistry::states(qint64 nowMs) const
{
    QMutexLocker lock(&m_mutex);
    QHash<QString, State> out;
    for (auto it = m_breakers.cbegin(); it != m_breakers.cend(); ++it)
        out.insert(it.key(), stateOf(it.value(), nowMs));
    return out;
}
