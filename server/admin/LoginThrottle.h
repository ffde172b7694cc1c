#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

/**
 * Brute-force protection for POST /api/v1/auth/login, shared by every worker thread. Failures are counted
 * per key ("account:<email>", "address:<ip>"); from the threshold on, each further failure locks the key for
 * base * 2^(failures - threshold), capped. State is kept in memory only: a restart forgets it, and several
 * gateway processes each count on their own.
 */
class LoginThrottle
{
public:
    LoginThrottle(int threshold, qint64 baseLockMs, qint64 maxLockMs);

    /** Milliseconds until the key may try again (0: now). */
    qint64 retryAfterMs(const QString& key, qint64 nowMs) const;
    void recordFailure(const QString& key, qint64 nowMs);
    void reset(const QString& key);

private:
    struct Entry
    {
        int failures = 0;
        qint64 lockedUntilMs = 0;
        qint64 lastFailureMs = 0;
    };

    const int m_threshold;
    const qint64 m_baseLockMs;
    const qint64 m_maxLockMs;
    mutable QMutex m_mutex;
    QHash<QString, Entry> m_entries;
};
