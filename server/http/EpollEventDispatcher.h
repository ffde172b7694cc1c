#pragma once

#include <QAbstractEventDispatcher>
#include <QHash>
#include <QList>

#include <atomic>
#include <limits>
#include <vector>

class QSocketNotifier;

/**
 * An event dispatcher for the HTTP worker threads built on epoll(7).
 *
 * Qt 6.4's dispatchers on Linux (GLib's and the UNIX one) hand the whole set of watched descriptors to
 * poll(2) on every loop iteration and rebuild it when a notifier changes, so their cost per event grows
 * with the number of connections: with 1,000 concurrent streams (2,000 sockets on two workers) that
 * dominated the profile. Here a socket notifier is one epoll registration, changed with epoll_ctl only
 * when it changes, and a wait costs the number of ready descriptors, not the number watched.
 *
 * Timers are kept in a hash and the nearest deadline is the epoll timeout (millisecond resolution, like
 * Qt's own dispatchers for coarse and precise timers alike; VeryCoarseTimer rounds to seconds as Qt does).
 * Posted events go through QCoreApplication::sendPostedEvents. An event posted from another thread makes
 * wakeUp() write an eventfd that is part of the epoll set, so it ends the wait at once; one posted on the
 * loop's own thread (the loop is running, not waiting) only sets a flag that makes the next wait a poll.
 *
 * Work under way goes before new work. A read notifier marked with markAsAdmission() (a client connection's,
 * the listener's) brings new requests; each round first activates every other ready notifier (upstream
 * sockets, responses being written), then admission notifiers for at most kAdmissionSliceNs (at least one
 * per round), then due timers. The admissions left stay ready (epoll is level-triggered) and the next wait
 * is a poll, so a burst of a thousand new requests no longer holds up the events of the streams already
 * running.
 *
 * Must be created on, and installed for, one thread (QThread::setEventDispatcher before start()).
 */
class EpollEventDispatcher : public QAbstractEventDispatcher
{
    Q_OBJECT

public:
    explicit EpollEventDispatcher(QObject* parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier* notifier) override;
    void unregisterSocketNotifier(QSocketNotifier* notifier) override;

    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject* object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject* object) override;
    QList<TimerInfo> registeredTimers(QObject* object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

    /**
     * Marks a read notifier as one that admits new work (see the class comment). Harmless under another
     * event dispatcher; the mark stays with the notifier when it is disabled and enabled again.
     */
    static void markAsAdmission(QSocketNotifier* notifier);

    /** How long each round spends on admission notifiers once the first of them has run. */
    static constexpr qint64 kAdmissionSliceNs = 300'000;

private:
    struct Watch
    {
        QSocketNotifier* read = nullptr;
        QSocketNotifier* write = nullptr;
        QSocketNotifier* exception = nullptr;
        quint32 events = 0; ///< what epoll is asked for now
        bool admission = false; ///< the read notifier is marked with markAsAdmission()
    };
    struct Timer
    {
        qint64 intervalMs = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        QObject* object = nullptr;
        qint64 dueMs = 0; ///< monotonic
        quint64 serial = 0; ///< which entry of m_deadlines is this timer's current one
    };
    /** An entry of the deadline heap: current while its timer exists with the same serial. */
    struct Deadline
    {
        qint64 dueMs = 0;
        int timerId = 0;
        quint64 serial = 0;
    };

    static qint64 nowMs();
    static qint64 nowNs();
    void updateWatch(int fd, Watch& watch);
    int activateTimers();
    int waitTimeoutMs();
    /** The earliest deadline of all timers (max when none): drops stale entries off the heap's top. */
    qint64 nearestDueMs();
    void pushDeadline(int timerId, Timer& timer);

    int m_epoll = -1;
    int m_wakeFd = -1;
    std::atomic<bool> m_interrupted{false};
    bool m_postedHere = false; ///< an event was posted on the loop's own thread since its last sendPostedEvents
    bool m_admissionsLeft = false; ///< the last round left ready admission notifiers for the next one
    QHash<int, Watch> m_watches;
    QHash<int, Timer> m_timers;
    /**
     * A min-heap of deadlines by time. A stopped or re-armed timer leaves its old entry behind, skipped when it
     * reaches the top, and the heap is rebuilt from m_timers when stale entries outnumber live ones. Each round
     * asks for the nearest deadline twice (the wait's timeout, whether a timer is due): a scan of every timer
     * each time cost more than the rest of the dispatcher, as requests start and stop several timers each.
     */
    std::vector<Deadline> m_deadlines;
    quint64 m_serial = 0;
};
