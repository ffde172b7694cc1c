#pragma once

#include <QDate>
#include <QtGlobal>

/**
 * The one source of "now" for the model layer and the server: UTC milliseconds since the Unix epoch.
 * Tests install their own clock to move time by hand.
 */
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;

    /** The UTC calendar day of a timestamp. */
    static QDate utcDay(qint64 epochMs);
    /** First millisecond of the UTC day / month containing epochMs, and of the next one. */
    static qint64 startOfUtcDay(qint64 epochMs);
    static qint64 startOfNextUtcDay(qint64 epochMs);
    static qint64 startOfUtcMonth(qint64 epochMs);
    static qint64 startOfNextUtcMonth(qint64 epochMs);
    static QString isoUtc(qint64 epochMs);

    /** The process-wide clock: the system clock unless a test replaced it. */
    static const Clock& instance();
    static void setInstanceForTest(const Clock* clock);
};

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override;
};
