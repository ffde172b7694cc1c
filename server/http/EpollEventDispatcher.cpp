#include "EpollEventDispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QThread>
#include <QTimerEvent>
#include <QVarLengthArray>
#include <QVariant>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <limits>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace {
constexpr int kMaxEvents = 256;
constexpr char kAdmissionProperty[] = "_aigw_admission";
/** The dispatcher whose processEvents() runs on this thread (each worker thread has one for its life). */
thread_local EpollEventDispatcher* t_running = nullptr;
} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject* parent)
    : QAbstractEventDispatcher(parent)
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = m_wakeFd;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &ev);
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    if (t_running == this)
        t_running = nullptr;
    ::close(m_wakeFd);
    ::close(m_epoll);
}

qint64 EpollEventDispatcher::nowMs()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

qint64 EpollEventDispatcher::nowNs()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void EpollEventDispatcher::markAsAdmission(QSocketNotifier* notifier)
{
    notifier->setProperty(kAdmissionProperty, true);
    // Already registered (a notifier registers itself when it is built enabled): mark its watch too.
    auto* dispatcher = qobject_cast<EpollEventDispatcher*>(QAbstractEventDispatcher::instance(notifier->thread()));
    if (!dispatcher || notifier->type() != QSocketNotifier::Read)
        return;
    auto it = dispatcher->m_watches.find(int(notifier->socket()));
    if (it != dispatcher->m_watches.end() && it->read == notifier)
        it->admission = true;
}

void EpollEventDispatcher::updateWatch(int fd, Watch& watch)
{
    quint32 wanted = 0;
    if (watch.read && watch.read->isEnabled())
        wanted |= EPOLLIN;
    if (watch.write && watch.write->isEnabled())
        wanted |= EPOLLOUT;
    if (watch.exception && watch.exception->isEnabled())
        wanted |= EPOLLPRI;
    if (wanted == watch.events)
        return;
    epoll_event ev{};
    ev.events = wanted;
    ev.data.fd = fd;
    if (wanted == 0) {
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
    } else if (epoll_ctl(m_epoll, watch.events == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &ev) != 0) {
        // A descriptor closed and reused behind our back (the kernel dropped the old one from the set), or
        // one we never saw go: retry the other way round.
        if (errno == ENOENT)
            epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
        else if (errno == EEXIST)
            epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev);
        else
            qWarning("EpollEventDispatcher: cannot watch descriptor %d: %s", fd, strerror(errno));
    }
    watch.events = wanted;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier* notifier)
{
    const int fd = int(notifier->socket());
    Watch& w = m_watches[fd];
    switch (notifier->type()) {
    case QSocketNotifier::Read:
        w.read = notifier;
        w.admission = notifier->property(kAdmissionProperty).toBool();
        break;
    case QSocketNotifier::Write:
        w.write = notifier;
        break;
    case QSocketNotifier::Exception:
        w.exception = notifier;
        break;
    }
    updateWatch(fd, w);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier* notifier)
{
    const int fd = int(notifier->socket());
    auto it = m_watches.find(fd);
    if (it == m_watches.end())
        return;
    if (it->read == notifier) {
        it->read = nullptr;
        it->admission = false;
    }
    if (it->write == notifier)
        it->write = nullptr;
    if (it->exception == notifier)
        it->exception = nullptr;
    // A notifier being unregistered still reports isEnabled(); recompute from what is left.
    quint32 wanted = 0;
    if (it->read)
        wanted |= EPOLLIN;
    if (it->write)
        wanted |= EPOLLOUT;
    if (it->exception)
        wanted |= EPOLLPRI;
    if (wanted != it->events) {
        epoll_event ev{};
        ev.events = wanted;
        ev.data.fd = fd;
        // The descriptor may already be closed (the kernel dropped it from the set then): ignore errors.
        epoll_ctl(m_epoll, wanted == 0 ? EPOLL_CTL_DEL : EPOLL_CTL_MOD, fd, wanted == 0 ? nullptr : &ev);
        it->events = wanted;
    }
    if (!it->read && !it->write && !it->exception)
        m_watches.erase(it);
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject* object)
{
    Timer t;
    t.intervalMs = interval;
    t.type = timerType;
    t.object = object;
    t.dueMs = nowMs() + (timerType == Qt::VeryCoarseTimer ? ((interval + 500) / 1000) * 1000 : interval);
    pushDeadline(timerId, m_timers.insert(timerId, t).value());
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    return m_timers.remove(timerId) > 0; // its deadline goes stale
}

bool EpollEventDispatcher::unregisterTimers(QObject* object)
{
    bool any = false;
    for (auto it = m_timers.begin(); it != m_timers.end();) {
        if (it->object == object) {
            it = m_timers.erase(it);
            any = true;
        } else {
            ++it;
        }
    }
    return any;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject* object) const
{
    QList<TimerInfo> out;
    for (auto it = m_timers.cbegin(); it != m_timers.cend(); ++it)
        if (it->object == object)
            out.append(TimerInfo(it.key(), int(it->intervalMs), it->type));
    return out;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    auto it = m_timers.constFind(timerId);
    if (it == m_timers.cend())
        return -1;
    return int(qMax<qint64>(0, it->dueMs - nowMs()));
}

void EpollEventDispatcher::wakeUp()
{
    // An event posted on the loop's own thread (every deleteLater() and queued call of a request's objects)
    // was posted while the loop ran, not while it waited: the flag turns the next wait into a poll, and the
    // eventfd's write and read (two system calls, each costly in a virtual machine) are saved.
    if (t_running == this) {
        m_postedHere = true;
        return;
    }
    const quint64 one = 1;
    [[maybe_unused]] const ssize_t n = ::write(m_wakeFd, &one, sizeof one);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true);
    wakeUp();
}

namespace {
/** std::push_heap / pop_heap order for a min-heap by deadline (a template: Deadline is private). */
template <typename T>
bool later(const T& a, const T& b)
{
    return a.dueMs > b.dueMs;
}
} // namespace

void EpollEventDispatcher::pushDeadline(int timerId, Timer& timer)
{
    timer.serial = ++m_serial;
    if (m_deadlines.size() >= 2 * size_t(m_timers.size()) + 64) {
        // Mostly stale: rebuild from the live timers (amortised over the pushes that made it grow).
        m_deadlines.clear();
        for (auto it = m_timers.cbegin(); it != m_timers.cend(); ++it) {
            if (it.key() != timerId)
                m_deadlines.push_back({it->dueMs, it.key(), it->serial});
        }
        std::make_heap(m_deadlines.begin(), m_deadlines.end(), later<Deadline>);
    }
    m_deadlines.push_back({timer.dueMs, timerId, timer.serial});
    std::push_heap(m_deadlines.begin(), m_deadlines.end(), later<Deadline>);
}

qint64 EpollEventDispatcher::nearestDueMs()
{
    while (!m_deadlines.empty()) {
        const Deadline& top = m_deadlines.front();
        const auto it = m_timers.constFind(top.timerId);
        if (it != m_timers.cend() && it->serial == top.serial)
            return top.dueMs;
        std::pop_heap(m_deadlines.begin(), m_deadlines.end(), later<Deadline>);
        m_deadlines.pop_back();
    }
    return std::numeric_limits<qint64>::max();
}

int EpollEventDispatcher::waitTimeoutMs()
{
    const qint64 nearest = nearestDueMs();
    if (nearest == std::numeric_limits<qint64>::max())
        return -1;
    return int(qBound(qint64(0), nearest - nowMs(), qint64(std::numeric_limits<int>::max())));
}

int EpollEventDispatcher::activateTimers()
{
    const qint64 now = nowMs();
    QVarLengthArray<int, 16> due;
    while (nearestDueMs() <= now) {
        due.append(m_deadlines.front().timerId);
        std::pop_heap(m_deadlines.begin(), m_deadlines.end(), later<Deadline>);
        m_deadlines.pop_back();
    }
    for (const int id : std::as_const(due)) {
        // Next deadline from now (Qt's coarse behaviour); a late timer fires once, not in a burst.
        Timer& t = m_timers[id];
        t.dueMs = now + qMax<qint64>(t.intervalMs, 0);
        pushDeadline(id, t);
    }
    int fired = 0;
    for (int id : std::as_const(due)) {
        // An earlier timer's handler may have stopped or restarted this one.
        auto it = m_timers.constFind(id);
        if (it == m_timers.cend())
            continue;
        QTimerEvent e(id);
        QCoreApplication::sendEvent(it->object, &e);
        ++fired;
    }
    return fired;
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    t_running = this;
    m_interrupted.store(false);
    m_postedHere = false; // what is posted from here on is sent by the next call
    emit awake();
    QCoreApplication::sendPostedEvents();
    if (m_interrupted.load())
        return false;

    int timeout = 0;
    if ((flags & QEventLoop::WaitForMoreEvents) && !m_postedHere && !m_admissionsLeft)
        timeout = waitTimeoutMs();
    m_admissionsLeft = false;
    epoll_event events[kMaxEvents];
    if (timeout != 0)
        emit aboutToBlock();
    int n;
    do {
        n = epoll_wait(m_epoll, events, kMaxEvents, timeout);
    } while (n < 0 && errno == EINTR);
    if (timeout != 0)
        emit awake();

    int handled = 0;
    // Look the notifiers up again for each kind: a handler may have removed or replaced them.
    const auto activate = [&](int fd, quint32 ready, QSocketNotifier* Watch::*member, quint32 mask) {
        auto it = m_watches.constFind(fd);
        if (it == m_watches.cend())
            return;
        QSocketNotifier* notifier = (*it).*member;
        if (!notifier || !notifier->isEnabled() || !(ready & mask))
            return;
        QEvent e(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier, &e);
        ++handled;
    };
    // Errors and hang-ups wake readers and writers, as poll(2) reports them to both.
    constexpr quint32 readMask = EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP;
    const auto isAdmission = [&](int fd) {
        auto it = m_watches.constFind(fd);
        return it != m_watches.cend() && it->admission;
    };
    // First the work under way. Admission reads keep their bits for the second pass; the others are cleared.
    int admissions = 0;
    for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        const quint32 ready = events[i].events;
        events[i].events = 0;
        if (fd == m_wakeFd) {
            quint64 value;
            [[maybe_unused]] const ssize_t r = ::read(m_wakeFd, &value, sizeof value);
            continue;
        }
        if ((ready & readMask) && isAdmission(fd)) {
            events[i].events = ready & readMask;
            ++admissions;
        } else {
            activate(fd, ready, &Watch::read, readMask);
        }
        activate(fd, ready, &Watch::write, EPOLLOUT | EPOLLHUP | EPOLLERR);
        activate(fd, ready, &Watch::exception, EPOLLPRI);
    }
    // Then new work, for one slice: what does not fit stays ready for the next round, which polls.
    qint64 sliceEndNs = 0;
    for (int i = 0; i < n && admissions > 0; ++i) {
        if (!events[i].events)
            continue;
        --admissions;
        if (sliceEndNs == 0) {
            sliceEndNs = nowNs() + kAdmissionSliceNs;
        } else if (nowNs() >= sliceEndNs) {
            m_admissionsLeft = true;
            break;
        }
        activate(events[i].data.fd, events[i].events, &Watch::read, readMask);
    }
    if (!(flags & QEventLoop::X11ExcludeTimers))
        handled += activateTimers();
    return handled > 0;
}
