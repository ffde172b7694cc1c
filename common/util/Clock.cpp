#include "Clock.h"

#include <QDateTime>
#include <QTimeZone>

#include <atomic>

namespace {
SystemClock s_systemClock;
std::atomic<const Clock*> s_clock{&s_systemClock};

QDateTime utc(qint64 epochMs)
{
    return QDateTime::fromMSecsSinceEpoch(epochMs, QTimeZone::utc());
}

qint64 msOf(QDate day)
{
    return QDateTime(day, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
}
} // namespace

qint64 SystemClock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

QDate Clock::utcDay(qint64 epochMs)
{
    return utc(epochMs).date();
}

qint64 Clock::startOfUtcDay(qint64 epochMs)
{
    return msOf(utcDay(epochMs));
}

qint64 Clock::startOfNextUtcDay(qint64 epochMs)
{
    return msOf(utcDay(epochMs).addDays(1));
}

qint64 Clock::startOfUtcMonth(qint64 epochMs)
{
    const QDate d = utcDay(epochMs);
    return msOf(QDate(d.year(), d.month(), 1));
}

qint64 Clock::startOfNextUtcMonth(qint64 epochMs)
{
    const QDate d = utcDay(epochMs);
    return msOf(QDate(d.year(), d.month(), 1).addMonths(1));
}

QString Clock::isoUtc(qint64 epochMs)
{
    // Qt::UTC (not QTimeZone::utc()) makes Qt write the "Z" suffix.
    return QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC).toString(Qt::ISODateWithMs);
}

const Clock& Clock::instance()
{
    return *s_clock.load(std::memory_order_acquire);
}

void Clock::setInstanceForTest(const Clock* clock)
{
    s_clock.store(clock ? clock : &s_systemClock, std::memory_order_release);
}
