#pragma once

#include <QAbstractEventDispatcher>
#include <QHash>
#include <QList>

#include <atomic>

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

private:
    struct Watch
    {
        QSocketNotifier* read = nullptr;
        QSocketNotifier* write = nullptr;
        QSocketNotifier* exception = nullptr;
        quint32 events = 0; ///< what epoll is asked for now
    };
    struct Timer
    {
        qint64 intervalMs = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        QObject* object = nullptr;
        qint64 dueMs = 0; ///< monotonic
    };

    static qint64 nowMs();
    void updateWatch(int fd, Watch& watch);
    int activateTimers();
    int waitTimeoutMs() const;

    int m_epoll = -1;
    int m_wakeFd = -1;
    std::atomic<bool> m_interrupted{false};
    bool m_postedHere = false; ///< an event was posted on the loop's own thread since its last sendPostedEvents
    QHash<int, Watch> m_watches;
    QHash<int, Timer> m_timers;
};
