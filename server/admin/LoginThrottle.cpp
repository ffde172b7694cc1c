#include "LoginThrottle.h"

#include <QMutexLocker>

LoginThrottle::LoginThrottle(int threshold, qint64 baseLockMs, qint64 maxLockMs)
    : m_threshold(threshold)
    , m_baseLockMs(baseLockMs)
    , m_maxLockMs(maxLockMs)
{ }

qint64 LoginThrottle::retryAfterMs(const QString& key, qint64 nowMs) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_entries.constFind(key);
    if (it == m_entries.cend())
        return 0;
    return qMax<qint64>(0, it->lockedUntilMs - nowMs);
}

void LoginThrottle::recordFailure(const QString& key, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    // Forget keys that have been quiet for a day, so the table cannot grow without bound.
    if (m_entries.size() > 100000) {
        for (auto it = m_entries.begin(); it != m_entries.end();)
            it = nowMs - it->lastFailureMs > 86400000 ? m_entries.erase(it) : std::next(it);
    }
    Entry& e = m_entries[key];
    if (e.failures >= m_threshold && e.lockedUntilMs + m_maxLockMs < nowMs)
        e.failures = 0; // long after the last lockout ended: start over
    ++e.failures;
    e.lastFailureMs = nowMs;
    if (e.failures >= m_threshold) {
        const int doublings = qMin(20, e.failures - m_threshold);
        e.lockedUntilMs = nowMs + qMin(m_maxLockMs, m_baseLockMs << doublings);
    }
}

void LoginThrottle::reset(const QString& key)
{
    QMutexLocker lock(&m_mutex);
    m_entries.remove(key);
}
