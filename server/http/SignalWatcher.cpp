#include "SignalWatcher.h"

#include "util/LogCategories.h"

#include <QSocketNotifier>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace {
int s_pipe[2] = {-1, -1};
std::atomic<bool> s_inUse{false};
struct sigaction s_previous[65];

extern "C" void onSignal(int signalNumber)
{
    const int savedErrno = errno;
    const unsigned char byte = static_cast<unsigned char>(signalNumber);
    [[maybe_unused]] const ssize_t n = ::write(s_pipe[1], &byte, 1);
    errno = savedErrno;
}
} // namespace

SignalWatcher::SignalWatcher(QObject* parent)
    : SignalWatcher(QList<int>{SIGTERM, SIGINT}, parent)
{ }

SignalWatcher::SignalWatcher(const QList<int>& signalNumbers, QObject* parent)
    : QObject(parent)
    , m_signals(signalNumbers)
{
    bool expected = false;
    if (!s_inUse.compare_exchange_strong(expected, true)) {
        qCWarning(lcServer) << "another SignalWatcher is active; this one stays inactive";
        return;
    }
    if (::pipe2(s_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        qCWarning(lcServer) << "SignalWatcher: pipe2 failed:" << std::strerror(errno);
        s_inUse = false;
        return;
    }
    m_notifier = new QSocketNotifier(s_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SignalWatcher::readPipe);

    for (const int signalNumber : std::as_const(m_signals)) {
        if (signalNumber <= 0 || signalNumber >= 65)
            continue;
        struct sigaction action;
        std::memset(&action, 0, sizeof(action));
        action.sa_handler = onSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        if (::sigaction(signalNumber, &action, &s_previous[signalNumber]) != 0)
            qCWarning(lcServer) << "SignalWatcher: cannot watch signal" << signalNumber << std::strerror(errno);
    }
    m_active = true;
}

SignalWatcher::~SignalWatcher()
{
    if (!m_active)
        return;
    for (const int signalNumber : std::as_const(m_signals)) {
        if (signalNumber > 0 && signalNumber < 65)
            ::sigaction(signalNumber, &s_previous[signalNumber], nullptr);
    }
    delete m_notifier;
    m_notifier = nullptr;
    ::close(s_pipe[0]);
    ::close(s_pipe[1]);
    s_pipe[0] = s_pipe[1] = -1;
    s_inUse = false;
}

void SignalWatcher::readPipe()
{
    unsigned char buffer[64];
    for (;;) {
        const ssize_t n = ::read(s_pipe[0], buffer, sizeof(buffer));
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n; ++i) {
            const int signalNumber = buffer[i];
            Q_EMIT signalReceived(signalNumber);
            if (signalNumber == SIGTERM || signalNumber == SIGINT)
                Q_EMIT terminationRequested(signalNumber);
        }
    }
}
