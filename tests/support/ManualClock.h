#pragma once

#include "util/Clock.h"

#include <QDateTime>
#include <QTimeZone>

#include <atomic>

/**
 * A clock the test moves by hand. While it lives it is Clock::instance(), so every timestamp the model layer
 * writes (created_at, updated_at, revoked_at, ...) is the one the test chose.
 */
class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 nowMs)
        : m_now(nowMs)
    {
        Clock::setInstanceForTest(this);
    }
    ~ManualClock() override { Clock::setInstanceForTest(nullptr); }
    Q_DISABLE_COPY_MOVE(ManualClock)

    qint64 nowMs() const override { return m_now.load(); }
    void set(qint64 nowMs) { m_now.store(nowMs); }
    void advance(qint64 ms) { m_now.fetch_add(ms); }

    /** Milliseconds since the epoch of a UTC date and time. */
    static qint64 utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0, int ms = 0)
    {
        return QDateTime(QDate(year, month, day), QTime(hour, minute, second, ms), QTimeZone::utc())
            .toMSecsSinceEpoch();
    }

private:
    std::atomic<qint64> m_now;
};
