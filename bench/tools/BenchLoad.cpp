// aigw-bench-load: the load shapes wrk cannot produce, for bench/run.
//
//   open       open-loop: --rate requests per second for --seconds, each sent at its scheduled time on an idle
//              connection (up to --connections); latency counts from the scheduled time, so a stall is not
//              hidden by waiting for it (no coordinated omission).
//   streams    --connections concurrent SSE streams for --seconds, each restarted when it ends; every content
//              event carries "t=<CLOCK_MONOTONIC ns>" from aigw-bench-upstream, so the delay from the upstream's
//              write to this client's read is measured per event.
//   coldstart  runs the command after "--", then sends the request every millisecond until one is answered
//              200; prints the time from exec to that answer and stops the command with SIGTERM.
//
// Output is one line of key=value pairs (times in microseconds), for the bench script to read.
//
//   aigw-bench-load open --url http://127.0.0.1:8080/v1/chat/completions --header 'Authorization: Bearer gw_…'
//                   --body '{…}' --rate 2000 --seconds 60 [--connections 512]

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sstream>
#include <string>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

long long nowNs()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

struct Options
{
    std::string mode;
    std::string host = "127.0.0.1";
    int port = 0;
    std::string path = "/";
    std::vector<std::string> headers;
    std::string body;
    double rate = 1000;
    double seconds = 10;
    int connections = 256;
    std::vector<char*> command;
};

Options g_opt;
std::string g_request;

void buildRequest()
{
    std::ostringstream r;
    r << "POST " << g_opt.path << " HTTP/1.1\r\nHost: " << g_opt.host << ':' << g_opt.port
      << "\r\nContent-Type: application/json\r\nContent-Length: " << g_opt.body.size() << "\r\n";
    for (const auto& h : g_opt.headers)
        r << h << "\r\n";
    r << "\r\n" << g_opt.body;
    g_request = r.str();
}

long long percentile(std::vector<long long>& v, double p)
{
    if (v.empty())
        return 0;
    const size_t k = std::min(v.size() - 1, static_cast<size_t>(p / 100.0 * static_cast<double>(v.size())));
    std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
    return v[k];
}

// An HTTP/1.1 response reader: status, Content-Length or chunked body; calls onData for body bytes.
struct ResponseReader
{
    enum State { Head, Body, ChunkSize, ChunkData, ChunkCrlf, Trailer, Done } state = Head;
    std::string buf;
    int status = 0;
    long long remaining = 0;
    bool chunked = false;
    std::string body; // de-chunked body (kept for streams, where events are scanned)
    bool keepBody = false;

    void reset()
    {
        state = Head;
        status = 0;
        remaining = 0;
        chunked = false;
        body.clear();
    }

    // Takes up to `remaining` body bytes from the buffer; true once all of them are there.
    bool consume()
    {
        const size_t take = std::min<size_t>(buf.size(), static_cast<size_t>(remaining));
        if (keepBody)
            body.append(buf, 0, take);
        buf.erase(0, take);
        remaining -= static_cast<long long>(take);
        return remaining == 0;
    }

    // Returns false on a malformed response.
    bool feed(const char* data, size_t n)
    {
        buf.append(data, n);
        for (;;) {
            switch (state) {
            case Head: {
                const size_t end = buf.find("\r\n\r\n");
                if (end == std::string::npos)
                    return true;
                if (buf.compare(0, 9, "HTTP/1.1 ") != 0 && buf.compare(0, 9, "HTTP/1.0 ") != 0)
                    return false;
                status = atoi(buf.c_str() + 9);
                remaining = 0;
                chunked = false;
                for (size_t p = buf.find('\n'); p != std::string::npos && p < end; p = buf.find('\n', p + 1)) {
                    if (strncasecmp(buf.data() + p + 1, "content-length:", 15) == 0)
                        remaining = atoll(buf.data() + p + 16);
                    else if (strncasecmp(buf.data() + p + 1, "transfer-encoding: chunked", 26) == 0)
                        chunked = true;
                }
                buf.erase(0, end + 4);
                state = chunked ? ChunkSize : (remaining > 0 ? Body : Done);
                break;
            }
            case Body:
                if (!consume())
                    return true;
                state = Done;
                break;
            case ChunkSize: {
                const size_t eol = buf.find("\r\n");
                if (eol == std::string::npos)
                    return true;
                remaining = strtoll(buf.c_str(), nullptr, 16);
                buf.erase(0, eol + 2);
                state = remaining == 0 ? Trailer : ChunkData;
                break;
            }
            case ChunkData:
                if (!consume())
                    return true;
                state = ChunkCrlf;
                break;
            case ChunkCrlf:
                if (buf.size() < 2)
                    return true;
                buf.erase(0, 2);
                state = ChunkSize;
                break;
            case Trailer: {
                const size_t eol = buf.find("\r\n");
                if (eol == std::string::npos)
                    return true;
                buf.erase(0, eol + 2);
                if (eol == 0)
                    state = Done;
                break;
            }
            case Done:
                return true;
            }
            if (state == Done)
                return true;
        }
    }
};

int connectTo()
{
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(g_opt.port));
    inet_pton(AF_INET, g_opt.host.c_str(), &addr.sin_addr);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 && errno != EINPROGRESS) {
        close(fd);
        return -1;
    }
    return fd;
}

struct Client
{
    int fd = -1;
    bool busy = false;
    long long startNs = 0; // scheduled (open) or sent (streams) time of the request in flight
    size_t written = 0;
    ResponseReader reader;
    size_t scanned = 0; // streams: how much of reader.body has been scanned for events
};

class Driver
{
public:
    Driver()
    {
        m_ep = epoll_create1(EPOLL_CLOEXEC);
        m_timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = ~0ULL;
        epoll_ctl(m_ep, EPOLL_CTL_ADD, m_timer, &ev);
    }

    int runOpen()
    {
        const long long start = nowNs();
        const long long total = static_cast<long long>(g_opt.rate * g_opt.seconds);
        const double intervalNs = 1e9 / g_opt.rate;
        long long next = 0; // index of the next request to schedule
        std::deque<long long> backlog; // scheduled times waiting for a connection
        const long long deadline = start + static_cast<long long>(g_opt.seconds * 1e9) + 30'000'000'000LL;
        while ((next < total || !backlog.empty() || m_inFlight > 0) && nowNs() < deadline) {
            const long long now = nowNs();
            while (next < total && start + static_cast<long long>(static_cast<double>(next) * intervalNs) <= now) {
                backlog.push_back(start + static_cast<long long>(static_cast<double>(next) * intervalNs));
                ++next;
            }
            while (!backlog.empty()) {
                Client* c = idleClient();
                if (!c)
                    break;
                send(*c, backlog.front());
                backlog.pop_front();
            }
            const long long due = next < total ? start + static_cast<long long>(static_cast<double>(next) * intervalNs)
                                               : now + 10'000'000LL;
            wait(due);
        }
        m_sent = next - static_cast<long long>(backlog.size());
        printf("mode=open rate=%.0f seconds=%.0f scheduled=%lld sent=%lld ok=%lld errors=%lld unfinished=%lld "
               "connections=%zu p50_us=%lld p90_us=%lld p99_us=%lld p999_us=%lld max_us=%lld\n",
               g_opt.rate, g_opt.seconds, total, m_sent, m_ok, m_errors, m_inFlight, m_clients.size(),
               percentile(m_latencies, 50) / 1000, percentile(m_latencies, 90) / 1000,
               percentile(m_latencies, 99) / 1000, percentile(m_latencies, 99.9) / 1000,
               m_latencies.empty() ? 0 : *std::max_element(m_latencies.begin(), m_latencies.end()) / 1000);
        return m_errors == 0 && m_inFlight == 0 ? 0 : 1;
    }

    int runStreams()
    {
        m_streams = true;
        const long long start = nowNs();
        const long long stopAt = start + static_cast<long long>(g_opt.seconds * 1e9);
        for (int i = 0; i < g_opt.connections; ++i) {
            Client* c = newClient();
            if (!c)
                break;
            send(*c, nowNs());
        }
        while (m_inFlight > 0 && nowNs() < stopAt + 30'000'000'000LL) {
            m_stopping = nowNs() >= stopAt;
            wait(nowNs() + 50'000'000LL);
        }
        printf("mode=streams connections=%d seconds=%.0f streams=%lld errors=%lld events=%zu unfinished=%lld "
               "event_p50_us=%lld event_p99_us=%lld event_p999_us=%lld event_max_us=%lld\n",
               g_opt.connections, g_opt.seconds, m_ok, m_errors, m_latencies.size(), m_inFlight,
               percentile(m_latencies, 50) / 1000, percentile(m_latencies, 99) / 1000,
               percentile(m_latencies, 99.9) / 1000,
               m_latencies.empty() ? 0 : *std::max_element(m_latencies.begin(), m_latencies.end()) / 1000);
        return m_errors == 0 ? 0 : 1;
    }

private:
    Client* idleClient()
    {
        while (!m_idle.empty()) {
            Client* c = m_idle.back();
            m_idle.pop_back();
            if (c->fd >= 0)
                return c;
        }
        if (m_live < g_opt.connections)
            return newClient();
        return nullptr;
    }

    Client* newClient()
    {
        const int fd = connectTo();
        if (fd < 0)
            return nullptr;
        ++m_live;
        m_clients.push_back(new Client);
        Client* c = m_clients.back();
        c->fd = fd;
        c->reader.keepBody = m_streams;
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
        ev.data.ptr = c;
        epoll_ctl(m_ep, EPOLL_CTL_ADD, fd, &ev);
        return c;
    }

    void send(Client& c, long long startNs)
    {
        c.busy = true;
        c.startNs = startNs;
        c.written = 0;
        c.scanned = 0;
        c.reader.reset();
        ++m_inFlight;
        write(c);
    }

    void write(Client& c)
    {
        while (c.busy && c.written < g_request.size()) {
            const ssize_t w = ::send(c.fd, g_request.data() + c.written, g_request.size() - c.written, MSG_NOSIGNAL);
            if (w > 0) {
                c.written += static_cast<size_t>(w);
                continue;
            }
            if (w < 0 && (errno == EAGAIN || errno == ENOTCONN))
                return;
            fail(c);
            return;
        }
    }

    void fail(Client& c)
    {
        if (c.busy) {
            ++m_errors;
            --m_inFlight;
            c.busy = false;
        }
        epoll_ctl(m_ep, EPOLL_CTL_DEL, c.fd, nullptr);
        close(c.fd);
        c.fd = -1;
        --m_live;
        // Replace the connection so the pool keeps its size.
        if (m_streams && !m_stopping) {
            Client* n = newClient();
            if (n)
                send(*n, nowNs());
        }
    }

    void scanEvents(Client& c)
    {
        const std::string& b = c.reader.body;
        for (size_t p = b.find("t=", c.scanned); p != std::string::npos; p = b.find("t=", p + 2)) {
            size_t q = p + 2;
            while (q < b.size() && b[q] >= '0' && b[q] <= '9')
                ++q;
            if (q == b.size()) { // the number may continue in the next read
                c.scanned = p;
                return;
            }
            if (q > p + 2)
                m_latencies.push_back(nowNs() - atoll(b.c_str() + p + 2));
        }
        c.scanned = b.size() > 1 ? b.size() - 1 : 0;
    }

    void onReadable(Client& c)
    {
        char buf[65536];
        for (;;) {
            const ssize_t r = ::read(c.fd, buf, sizeof buf);
            if (r > 0) {
                if (!c.busy || !c.reader.feed(buf, static_cast<size_t>(r))) {
                    fail(c);
                    return;
                }
                if (m_streams)
                    scanEvents(c);
                if (c.reader.state == ResponseReader::Done) {
                    c.busy = false;
                    --m_inFlight;
                    if (c.reader.status == 200) {
                        ++m_ok;
                        if (!m_streams)
                            m_latencies.push_back(nowNs() - c.startNs);
                    } else {
                        ++m_errors;
                        if (m_errors <= 3)
                            fprintf(stderr, "aigw-bench-load: HTTP %d\n", c.reader.status);
                    }
                    if (m_streams) {
                        if (!m_stopping)
                            send(c, nowNs());
                    } else {
                        m_idle.push_back(&c);
                    }
                }
                continue;
            }
            if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
                fail(c);
                return;
            }
            return;
        }
    }

    void wait(long long dueNs)
    {
        itimerspec its{};
        its.it_value.tv_sec = dueNs / 1000000000LL;
        its.it_value.tv_nsec = dueNs % 1000000000LL;
        timerfd_settime(m_timer, TFD_TIMER_ABSTIME, &its, nullptr);
        epoll_event evs[256];
        const int n = epoll_wait(m_ep, evs, 256, -1);
        for (int i = 0; i < n; ++i) {
            if (evs[i].data.u64 == ~0ULL) {
                uint64_t x;
                while (::read(m_timer, &x, sizeof x) > 0) { }
                continue;
            }
            Client& c = *static_cast<Client*>(evs[i].data.ptr);
            if (c.fd < 0)
                continue;
            if (evs[i].events & EPOLLOUT) {
                write(c);
                if (c.fd < 0)
                    continue;
                if (c.written >= g_request.size() || !c.busy) {
                    epoll_event ev{};
                    ev.events = EPOLLIN | EPOLLRDHUP;
                    ev.data.ptr = &c;
                    epoll_ctl(m_ep, EPOLL_CTL_MOD, c.fd, &ev);
                }
            }
            if (evs[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
                onReadable(c);
        }
        // Connections that finished a request and start another need to write it.
        for (Client* c : m_clients) {
            if (c->fd >= 0 && c->busy && c->written < g_request.size()) {
                epoll_event ev{};
                ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
                ev.data.ptr = c;
                epoll_ctl(m_ep, EPOLL_CTL_MOD, c->fd, &ev);
            }
        }
    }

    int m_ep = -1;
    int m_timer = -1;
    bool m_streams = false;
    bool m_stopping = false;
    std::vector<Client*> m_clients;
    std::vector<Client*> m_idle;
    int m_live = 0;
    long long m_inFlight = 0;
    long long m_sent = 0;
    long long m_ok = 0;
    long long m_errors = 0;
    std::vector<long long> m_latencies;
};

// Sends one request on a fresh blocking connection; returns the status, or 0 when nothing answered.
int probeOnce()
{
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(g_opt.port));
    inet_pton(AF_INET, g_opt.host.c_str(), &addr.sin_addr);
    timeval tv{2, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        return 0;
    }
    if (::send(fd, g_request.data(), g_request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(g_request.size())) {
        close(fd);
        return 0;
    }
    ResponseReader reader;
    char buf[16384];
    while (reader.state != ResponseReader::Done) {
        const ssize_t r = ::read(fd, buf, sizeof buf);
        if (r <= 0 || !reader.feed(buf, static_cast<size_t>(r))) {
            close(fd);
            return 0;
        }
    }
    close(fd);
    return reader.status;
}

int runColdStart()
{
    const long long start = nowNs();
    const pid_t pid = fork();
    if (pid == 0) {
        // The command's own output would end up in the figures line.
        const int devNull = open("/dev/null", O_WRONLY);
        dup2(devNull, STDOUT_FILENO);
        dup2(devNull, STDERR_FILENO);
        execvp(g_opt.command[0], g_opt.command.data());
        _exit(127);
    }
    int status = 0;
    long long attempts = 0;
    const long long deadline = start + 30'000'000'000LL;
    while (nowNs() < deadline) {
        ++attempts;
        status = probeOnce();
        if (status != 0)
            break;
        if (waitpid(pid, nullptr, WNOHANG) == pid) {
            fprintf(stderr, "aigw-bench-load: the command exited before answering\n");
            return 1;
        }
        usleep(1000);
    }
    const long long elapsed = nowNs() - start;
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
    printf("mode=coldstart status=%d attempts=%lld first_answer_us=%lld\n", status, attempts, elapsed / 1000);
    return status == 200 ? 0 : 1;
}

bool parseUrl(const std::string& url)
{
    const std::string prefix = "http://";
    if (url.compare(0, prefix.size(), prefix) != 0)
        return false;
    const size_t slash = url.find('/', prefix.size());
    const std::string hostPort = url.substr(prefix.size(), slash - prefix.size());
    const size_t colon = hostPort.find(':');
    if (colon == std::string::npos)
        return false;
    g_opt.host = hostPort.substr(0, colon);
    g_opt.port = atoi(hostPort.c_str() + colon + 1);
    g_opt.path = slash == std::string::npos ? "/" : url.substr(slash);
    return g_opt.port > 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        fprintf(stderr,
                "usage: aigw-bench-load open|streams|coldstart --url URL [--header H] [--body JSON | "
                "--body-file F] [--rate N] [--seconds S] [--connections N] [-- command ...]\n");
        return 2;
    }
    g_opt.mode = argv[1];
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--") {
            for (int j = i + 1; j < argc; ++j)
                g_opt.command.push_back(argv[j]);
            g_opt.command.push_back(nullptr);
            break;
        }
        const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
        if (!v) {
            fprintf(stderr, "aigw-bench-load: %s needs a value\n", a.c_str());
            return 2;
        }
        ++i;
        if (a == "--url") {
            if (!parseUrl(v)) {
                fprintf(stderr, "aigw-bench-load: --url must be http://HOST:PORT/PATH\n");
                return 2;
            }
        } else if (a == "--header") {
            g_opt.headers.emplace_back(v);
        } else if (a == "--body") {
            g_opt.body = v;
        } else if (a == "--body-file") {
            std::ifstream f(v);
            std::stringstream s;
            s << f.rdbuf();
            g_opt.body = s.str();
        } else if (a == "--rate") {
            g_opt.rate = atof(v);
        } else if (a == "--seconds") {
            g_opt.seconds = atof(v);
        } else if (a == "--connections") {
            g_opt.connections = atoi(v);
        } else {
            fprintf(stderr, "aigw-bench-load: unknown option %s\n", a.c_str());
            return 2;
        }
    }
    if (g_opt.port == 0) {
        fprintf(stderr, "aigw-bench-load: --url is required\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    buildRequest();
    if (g_opt.mode == "open")
        return Driver().runOpen();
    if (g_opt.mode == "streams")
        return Driver().runStreams();
    if (g_opt.mode == "coldstart") {
        if (g_opt.command.size() < 2) {
            fprintf(stderr, "aigw-bench-load: coldstart needs a command after --\n");
            return 2;
        }
        return runColdStart();
    }
    fprintf(stderr, "aigw-bench-load: unknown mode %s\n", g_opt.mode.c_str());
    return 2;
}
