// EpollEventDispatcher, the HTTP workers' event loop: timers, socket notifiers, posted and cross-thread
// events, and a TCP round trip through Qt's own socket classes, each on a thread running the dispatcher.

#include "EpollEventDispatcher.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSemaphore>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <memory>
#include <vector>

namespace {

/** Runs `body` on a fresh thread whose event dispatcher is an EpollEventDispatcher, inside its event loop. */
void onEpollThread(const std::function<void(QEventLoop&)>& body)
{
    QThread thread;
    thread.setEventDispatcher(new EpollEventDispatcher);
    QObject::connect(&thread, &QThread::started, [&] {
        QVERIFY(qobject_cast<EpollEventDispatcher*>(QThread::currentThread()->eventDispatcher()));
        QEventLoop loop;
        body(loop);
        thread.quit();
    });
    thread.start();
    QVERIFY(thread.wait(20000));
}

/** write(2)-family system calls made by this process so far (syscw in /proc/self/io). */
qint64 writeSyscalls()
{
    QFile io(QStringLiteral("/proc/self/io"));
    if (!io.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : io.readAll().split('\n'))
        if (line.startsWith("syscw:"))
            return line.mid(6).trimmed().toLongLong();
    return -1;
}

} // namespace

class TestEpollEventDispatcher : public QObject
{
    Q_OBJECT

private slots:
    void singleShotAndRepeatingTimersFireInOrder()
    {
        QStringList order;
        qint64 repeatingFired = 0;
        qint64 elapsedAtLast = 0;
        onEpollThread([&](QEventLoop& loop) {
            QElapsedTimer clock;
            clock.start();
            QTimer repeating;
            repeating.setInterval(10);
            QObject::connect(&repeating, &QTimer::timeout, [&] {
                if (++repeatingFired == 5)
                    repeating.stop(); // stopping a timer from its own handler
            });
            repeating.start();
            QTimer::singleShot(30, [&] { order << QStringLiteral("30"); });
            QTimer::singleShot(0, [&] { order << QStringLiteral("0"); });
            QTimer::singleShot(15, [&] { order << QStringLiteral("15"); });
            QTimer::singleShot(120, [&] {
                elapsedAtLast = clock.elapsed();
                loop.quit();
            });
            loop.exec();
        });
        QCOMPARE(order, QStringList({QStringLiteral("0"), QStringLiteral("15"), QStringLiteral("30")}));
        QCOMPARE(repeatingFired, 5);
        QVERIFY2(elapsedAtLast >= 119, qPrintable(QString::number(elapsedAtLast)));
    }

    void timersStartedAndStoppedAsTheyGoFireInDueOrder()
    {
        // The dispatcher keeps its deadlines in a heap instead of scanning every timer twice a round: a timer
        // started later with an earlier deadline, or the one behind a stopped earliest, must still fire in
        // time, which shows as firing in the order of the deadlines (a deadline it lost would be served late or
        // never).
        struct Shot
        {
            std::unique_ptr<QTimer> timer;
            qint64 dueMs = 0;
            bool stopped = false;
            bool fired = false;
        };
        std::vector<Shot> shots(120);
        QList<int> fired;
        QList<qint64> firedDue;
        bool firedAfterStop = false;
        onEpollThread([&](QEventLoop& loop) {
            QElapsedTimer clock;
            clock.start();
            QTimer far; // the earliest deadline first of all, so everything else has to lower it
            far.setSingleShot(true);
            far.start(60000);
            QTimer::singleShot(5, [] {}); // the loop has run once and knows its deadline when the rest start
            QEventLoop settle;
            QTimer::singleShot(10, &settle, &QEventLoop::quit);
            settle.exec();
            const qint64 base = clock.elapsed();
            for (int i = 0; i < int(shots.size()); ++i) {
                Shot& shot = shots[size_t(i)];
                shot.timer = std::make_unique<QTimer>();
                shot.timer->setSingleShot(true);
                shot.timer->setTimerType(Qt::PreciseTimer);
                const int interval = 20 + (i * 37) % 200; // 20 .. 219 ms, interleaved
                shot.dueMs = base + interval;
                QObject::connect(shot.timer.get(), &QTimer::timeout, [&, i] {
                    Shot& s = shots[size_t(i)];
                    firedAfterStop = firedAfterStop || s.stopped;
                    s.fired = true;
                    fired << i;
                    firedDue << s.dueMs;
                    // Every fifth stops the next pending shot, often the earliest deadline left.
                    if (i % 5 == 0) {
                        for (Shot& next : shots) {
                            if (!next.fired && !next.stopped && next.dueMs > s.dueMs) {
                                next.stopped = true;
                                next.timer->stop();
                                break;
                            }
                        }
                    }
                });
                shot.timer->start(interval);
            }
            // Timers stopped or restarted before their time leave stale deadlines behind, thousands of them
            // here, so the dispatcher drops them and rebuilds its heap from the live timers several times
            // while the shots wait.
            for (int i = 0; i < 1000; ++i)
                far.start(60000 + i);
            for (int i = 0; i < 3000; ++i) {
                QTimer gone;
                gone.start(1000 + i);
            }
            QTimer::singleShot(400, &loop, &QEventLoop::quit);
            loop.exec();
        });
        QVERIFY(!firedAfterStop);
        int expected = 0;
        for (const Shot& shot : shots) {
            QCOMPARE(shot.fired, !shot.stopped);
            expected += shot.stopped ? 0 : 1;
        }
        QCOMPARE(fired.size(), expected);
        QVERIFY(expected > 90);
        // In deadline order. Starting them all takes a few milliseconds, so deadlines that close may go either
        // way; a forgotten deadline is served tens of milliseconds late with the batch it lands in.
        for (qsizetype i = 1; i < firedDue.size(); ++i)
            QVERIFY2(firedDue[i - 1] <= firedDue[i] + 3,
                     qPrintable(QStringLiteral("shot %1 (due %2) before shot %3 (due %4)")
                                    .arg(fired[i - 1])
                                    .arg(firedDue[i - 1])
                                    .arg(fired[i])
                                    .arg(firedDue[i])));
    }

    void remainingTimeAndRegisteredTimers()
    {
        onEpollThread([&](QEventLoop&) {
            QTimer t;
            t.start(5000);
            auto* d = QThread::currentThread()->eventDispatcher();
            const int left = d->remainingTime(t.timerId());
            QVERIFY2(left > 4000 && left <= 5000, qPrintable(QString::number(left)));
            QCOMPARE(d->registeredTimers(&t).size(), 1);
            QCOMPARE(d->registeredTimers(&t).first().interval, 5000);
            t.stop();
            QCOMPARE(d->remainingTime(t.timerId()), -1);
            QVERIFY(d->registeredTimers(&t).isEmpty());
        });
    }

    void socketNotifiersReportReadableAndWritableAndCanBeDisabled()
    {
        int fds[2];
        QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds), 0);
        int reads = 0;
        int writes = 0;
        QByteArray received;
        onEpollThread([&](QEventLoop& loop) {
            QSocketNotifier readable(fds[0], QSocketNotifier::Read);
            QSocketNotifier writable(fds[0], QSocketNotifier::Write); // same descriptor, both kinds
            QObject::connect(&writable, &QSocketNotifier::activated, [&] {
                ++writes;
                writable.setEnabled(false); // writable forever: must stop firing once disabled
            });
            QObject::connect(&readable, &QSocketNotifier::activated, [&] {
                ++reads;
                char buf[64];
                const ssize_t n = ::read(fds[0], buf, sizeof buf);
                if (n > 0)
                    received.append(buf, n);
                if (received == "hello world")
                    loop.quit();
            });
            QTimer::singleShot(20, [&] { QCOMPARE(::write(fds[1], "hello ", 6), ssize_t(6)); });
            QTimer::singleShot(40, [&] { QCOMPARE(::write(fds[1], "world", 5), ssize_t(5)); });
            QTimer::singleShot(5000, &loop, &QEventLoop::quit);
            loop.exec();
        });
        ::close(fds[0]);
        ::close(fds[1]);
        QCOMPARE(received, QByteArray("hello world"));
        QCOMPARE(writes, 1);
        QCOMPARE(reads, 2);
    }

    void eventsPostedFromAnotherThreadWakeTheWait()
    {
        QElapsedTimer clock;
        qint64 wokenAfter = -1;
        QSemaphore waiting;
        QThread thread;
        thread.setEventDispatcher(new EpollEventDispatcher);
        auto* receiver = new QObject;
        receiver->moveToThread(&thread);
        thread.start();
        // Nothing else is scheduled on the thread: only the wake-up can end its wait.
        QThread::msleep(50);
        clock.start();
        QMetaObject::invokeMethod(receiver, [&] {
            wokenAfter = clock.elapsed();
            waiting.release();
        });
        QVERIFY(waiting.tryAcquire(1, 5000));
        QVERIFY2(wokenAfter >= 0 && wokenAfter < 1000, qPrintable(QString::number(wokenAfter)));
        receiver->deleteLater(); // runs on the thread, in its loop
        thread.quit(); // interrupt() from another thread
        QVERIFY(thread.wait(5000));
    }

    void eventsPostedOnTheLoopsOwnThreadNeedNoWakeUpWrite()
    {
        // A chain of events, each posted by the previous one's handler on the loop's own thread. Nothing else
        // is scheduled but a fallback timer: each link must be sent without waiting for it. Each used to
        // write the eventfd (a write(2) each); now a flag turns the next wait into a poll.
        constexpr int links = 2000;
        int sent = 0;
        bool fellBack = false;
        qint64 writesBefore = -1;
        qint64 writesAfter = -1;
        onEpollThread([&](QEventLoop& loop) {
            QObject receiver;
            std::function<void()> next = [&] {
                if (++sent == links) {
                    writesAfter = writeSyscalls();
                    loop.quit();
                    return;
                }
                QMetaObject::invokeMethod(&receiver, next, Qt::QueuedConnection);
            };
            QTimer::singleShot(10000, &loop, [&] {
                fellBack = true;
                loop.quit();
            });
            writesBefore = writeSyscalls();
            QMetaObject::invokeMethod(&receiver, next, Qt::QueuedConnection);
            loop.exec();
        });
        QVERIFY(!fellBack);
        QCOMPARE(sent, links);
        QVERIFY(writesBefore >= 0 && writesAfter >= 0);
        QVERIFY2(
            writesAfter - writesBefore < links / 10,
            qPrintable(QStringLiteral("%1 write(2) calls for %2 events").arg(writesAfter - writesBefore).arg(links)));
    }

    void workUnderWayGoesBeforeNewWorkWhichGetsOneSlicePerRound()
    {
        // Four "new request" descriptors (marked as admissions) and one descriptor of work under way, all
        // readable before the first round. Each admission handler runs for twice the slice, so a round has
        // room for exactly one of them; the work under way goes first in the first round.
        constexpr int admissionCount = 4;
        int pairs[admissionCount + 1][2];
        for (auto& pair : pairs) {
            QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, pair), 0);
            QCOMPARE(::write(pair[1], "x", 1), ssize_t(1));
        }
        QStringList order;
        QList<int> admissionsPerRound;
        bool waited = false;
        onEpollThread([&](QEventLoop&) {
            auto* dispatcher = QThread::currentThread()->eventDispatcher();
            std::vector<std::unique_ptr<QSocketNotifier>> notifiers;
            int admissionsThisRound = 0;
            for (int i = 0; i <= admissionCount; ++i) {
                const bool admission = i < admissionCount;
                auto notifier = std::make_unique<QSocketNotifier>(pairs[i][0], QSocketNotifier::Read);
                if (admission)
                    EpollEventDispatcher::markAsAdmission(notifier.get());
                QObject::connect(notifier.get(), &QSocketNotifier::activated, [&, i, admission] {
                    char byte;
                    QCOMPARE(::read(pairs[i][0], &byte, 1), ssize_t(1));
                    order << (admission ? QStringLiteral("new") : QStringLiteral("under way"));
                    if (admission) {
                        ++admissionsThisRound;
                        QElapsedTimer busy;
                        busy.start();
                        while (busy.nsecsElapsed() < 2 * EpollEventDispatcher::kAdmissionSliceNs) { }
                    }
                });
                notifiers.push_back(std::move(notifier));
            }
            // The mark survives disabling and enabling (which unregisters and registers the notifier).
            notifiers.front()->setEnabled(false);
            notifiers.front()->setEnabled(true);
            // Nothing but this timer could end a blocking wait: rounds after the first must be polls.
            QTimer fallback;
            fallback.setSingleShot(true);
            QObject::connect(&fallback, &QTimer::timeout, [&] { waited = true; });
            fallback.start(10000);
            while (order.size() < admissionCount + 1 && !waited) {
                admissionsThisRound = 0;
                dispatcher->processEvents(QEventLoop::WaitForMoreEvents);
                admissionsPerRound << admissionsThisRound;
            }
        });
        for (auto& pair : pairs) {
            ::close(pair[0]);
            ::close(pair[1]);
        }
        QVERIFY(!waited);
        QCOMPARE(order.value(0), QStringLiteral("under way"));
        QCOMPARE(order.count(QStringLiteral("new")), admissionCount);
        QCOMPARE(admissionsPerRound, QList<int>(admissionCount, 1));
    }

    void deleteLaterRunsInTheLoop()
    {
        bool destroyed = false;
        onEpollThread([&](QEventLoop& loop) {
            auto* o = new QObject;
            QObject::connect(o, &QObject::destroyed, [&] {
                destroyed = true;
                loop.quit();
            });
            o->deleteLater();
            QTimer::singleShot(5000, &loop, &QEventLoop::quit);
            loop.exec();
        });
        QVERIFY(destroyed);
    }

    void tcpRoundTripWithManyConnections()
    {
        // Qt's socket classes on the dispatcher: 200 clients, each echoed, descriptors reused as they close.
        int echoed = 0;
        onEpollThread([&](QEventLoop& loop) {
            QTcpServer server;
            QVERIFY(server.listen(QHostAddress::LocalHost, 0));
            QObject::connect(&server, &QTcpServer::newConnection, [&] {
                while (QTcpSocket* s = server.nextPendingConnection()) {
                    QObject::connect(s, &QTcpSocket::readyRead, s, [s] { s->write(s->readAll()); });
                    QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
                }
            });
            const int clients = 200;
            int done = 0;
            for (int i = 0; i < clients; ++i) {
                auto* c = new QTcpSocket(&server);
                const QByteArray message = "ping " + QByteArray::number(i);
                QObject::connect(c, &QTcpSocket::connected, c, [c, message] { c->write(message); });
                QObject::connect(c, &QTcpSocket::readyRead, c, [&, c, message] {
                    if (c->peek(64) == message) {
                        c->readAll();
                        ++echoed;
                        c->disconnectFromHost();
                    }
                });
                QObject::connect(c, &QTcpSocket::disconnected, c, [&, c] {
                    c->deleteLater();
                    if (++done == clients)
                        loop.quit();
                });
                c->connectToHost(QHostAddress::LocalHost, server.serverPort());
            }
            QTimer::singleShot(15000, &loop, &QEventLoop::quit);
            loop.exec();
        });
        QCOMPARE(echoed, 200);
    }
};

QTEST_GUILESS_MAIN(TestEpollEventDispatcher)
#include "TestEpollEventDispatcher.moc"
