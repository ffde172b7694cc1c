#pragma once

#include "util/Clock.h"

/** A clock the test sets by hand; installed as Clock::instance() for the lifetime of the object. */
class FakeClock final : public Clock
{
public:
    explicit FakeClock(qint64 nowMs)
        : m_nowMs(nowMs)
    {
        Clock::setInstanceForTest(this);
    }
    ~FakeClock() override { Clock::setInstanceForTest(nullptr); }
    Q_DISABLE_COPY_MOVE(FakeClock)

    qint64 nowMs() const override { return m_nowMs; }
    void set(qint64 nowMs) { m_nowMs = nowMs; }

private:
    qint64 m_nowMs;
};
