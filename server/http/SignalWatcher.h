#pragma once

#include <QList>
#include <QObject>

class QSocketNotifier;

/**
 * Turns POSIX signals (by default SIGTERM and SIGINT) into a Qt signal on the thread that created the
 * watcher, with the self-pipe trick: the async-signal-safe handler only write()s the signal number into a
 * non-blocking pipe, a QSocketNotifier reads it in the event loop. Typical use:
 *
 * @code
 * SignalWatcher watcher;
 * QObject::connect(&watcher, &SignalWatcher::terminationRequested, &frontend, &HttpFrontend::shutdown);
 * QObject::connect(&frontend, &HttpFrontend::stopped, &app, [&] { flushQueues(); app.exit(0); });
 * @endcode
 *
 * Only one watcher can be active per process; a second one stays inactive (isActive() == false). The
 * previous signal dispositions are restored on destruction.
 */
class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject* parent = nullptr);
    SignalWatcher(const QList<int>& signalNumbers, QObject* parent = nullptr);
    ~SignalWatcher() override;

    bool isActive() const { return m_active; }

Q_SIGNALS:
    /** Any watched signal arrived. */
    void signalReceived(int signalNumber);
    /** SIGTERM or SIGINT arrived (emitted after signalReceived). */
    void terminationRequested(int signalNumber);

private:
    void readPipe();

    QList<int> m_signals;
    QSocketNotifier* m_notifier = nullptr;
    bool m_active = false;
};
