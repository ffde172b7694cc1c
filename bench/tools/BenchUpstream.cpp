// aigw-bench-upstream: a fake OpenAI-compatible upstream for bench/run, fast enough not to be the bottleneck.
//
// One thread per --threads (SO_REUSEPORT), each a single epoll loop; HTTP/1.1 keep-alive, no allocation per
// request beyond the connection's buffers. POST with `"stream": true` in the body gets an SSE stream of
// --events content events --gap-ms apart (each event's content is "t=<CLOCK_MONOTONIC ns> " taken when it
// is written, so a client on the same machine can measure how long the event took to reach it), then a
// finish chunk, a usage chunk and [DONE]. Anything else gets a chat.completion with usage. --latency-ms
// delays the response headers (the "provider think time").
//
//   aigw-bench-upstream --port 18100 [--threads 1] [--latency-ms 0] [--events 10] [--gap-ms 100]

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <queue>
#include <string>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace {

struct Options
{
    int port = 18100;
    int threads = 1;
    double latencyMs = 0;
    int events = 10;
    double gapMs = 100;
};

Options g_opt;

long long nowNs()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

const char kCompletion[]
    = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1764000000,\"model\":\"gpt-4o-mini-2024-"
      "07-18\","
      "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello from the bench upstream.\","
      "\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,"
      "\"completion_tokens\":7,\"total_tokens\":19,\"prompt_tokens_details\":{\"cached_tokens\":0},"
      "\"completion_tokens_details\":{\"reasoning_tokens\":0}},\"system_fingerprint\":\"fp_bench\"}";

struct Conn
{
    int fd = -1;
    std::string in;
    std::string out;
    bool wantClose = false;
    bool busy = false; // a response is scheduled or streaming
    bool streaming = false;
    int eventsSent = 0;
    unsigned generation = 0; // bumped on close, so stale timers are ignored
};

struct Timer
{
    long long dueNs;
    int fd;
    unsigned generation;
    bool operator>(const Timer& o) const { return dueNs > o.dueNs; }
};

class Loop
{
public:
    explicit Loop(int listenFd)
        : m_listen(listenFd)
    {
        m_ep = epoll_create1(EPOLL_CLOEXEC);
        m_timerFd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
        add(m_listen, EPOLLIN);
        add(m_timerFd, EPOLLIN);
    }

    void run()
    {
        epoll_event evs[256];
        for (;;) {
            const int n = epoll_wait(m_ep, evs, 256, -1);
            if (n < 0 && errno == EINTR)
                continue;
            for (int i = 0; i < n; ++i) {
                const int fd = evs[i].data.fd;
                if (fd == m_listen)
                    accept();
                else if (fd == m_timerFd)
                    fireTimers();
                else
                    onConn(fd, evs[i].events);
            }
        }
    }

private:
    void add(int fd, unsigned events)
    {
        epoll_event ev{};
        ev.events = events;
        ev.data.fd = fd;
        epoll_ctl(m_ep, EPOLL_CTL_ADD, fd, &ev);
    }

    void accept()
    {
        for (;;) {
            const int fd = accept4(m_listen, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0)
                return;
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            Conn& c = m_conns[fd];
            const unsigned gen = c.generation + 1;
            c = Conn{};
            c.fd = fd;
            c.generation = gen;
            add(fd, EPOLLIN | EPOLLRDHUP);
        }
    }

    void close(Conn& c)
    {
        epoll_ctl(m_ep, EPOLL_CTL_DEL, c.fd, nullptr);
        ::close(c.fd);
        c.fd = -1;
        ++c.generation;
        c.in.clear();
        c.out.clear();
    }

    void onConn(int fd, unsigned events)
    {
        auto it = m_conns.find(fd);
        if (it == m_conns.end() || it->second.fd < 0)
            return;
        Conn& c = it->second;
        if (events & EPOLLOUT) {
            flush(c);
            if (c.fd < 0)
                return;
        }
        if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
            char buf[16384];
            for (;;) {
                const ssize_t r = ::read(fd, buf, sizeof buf);
                if (r > 0) {
                    c.in.append(buf, static_cast<size_t>(r));
                    continue;
                }
                if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
                    close(c);
                    return;
                }
                break;
            }
            parse(c);
        }
    }

    // Parses as many whole requests as are buffered, but only starts the next once the previous answered.
    void parse(Conn& c)
    {
        while (!c.busy && c.fd >= 0) {
            const size_t end = c.in.find("\r\n\r\n");
            if (end == std::string::npos)
                return;
            size_t length = 0;
            for (size_t p = c.in.find('\n'); p != std::string::npos && p < end; p = c.in.find('\n', p + 1)) {
                if (strncasecmp(c.in.data() + p + 1, "content-length:", 15) == 0)
                    length = strtoul(c.in.data() + p + 16, nullptr, 10);
                else if (strncasecmp(c.in.data() + p + 1, "connection: close", 17) == 0)
                    c.wantClose = true;
            }
            if (c.in.size() < end + 4 + length)
                return;
            const std::string_view body(c.in.data() + end + 4, length);
            bool stream = false;
            const size_t s = body.find("\"stream\"");
            if (s != std::string_view::npos) {
                size_t p = s + 8;
                while (p < body.size() && (body[p] == ' ' || body[p] == ':'))
                    ++p;
                stream = body.substr(p, 4) == "true";
            }
            c.in.erase(0, end + 4 + length);
            c.busy = true;
            c.streaming = stream;
            c.eventsSent = 0;
            if (g_opt.latencyMs > 0)
                schedule(c, nowNs() + static_cast<long long>(g_opt.latencyMs * 1e6));
            else
                respond(c);
        }
    }

    void schedule(Conn& c, long long dueNs)
    {
        const bool earliest = m_timers.empty() || dueNs < m_timers.top().dueNs;
        m_timers.push(Timer{dueNs, c.fd, c.generation});
        if (earliest)
            arm();
    }

    void arm()
    {
        itimerspec its{};
        if (!m_timers.empty()) {
            const long long due = m_timers.top().dueNs;
            its.it_value.tv_sec = due / 1000000000LL;
            its.it_value.tv_nsec = due % 1000000000LL;
            if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
                its.it_value.tv_nsec = 1;
        }
        timerfd_settime(m_timerFd, TFD_TIMER_ABSTIME, &its, nullptr);
    }

    void fireTimers()
    {
        uint64_t expirations;
        while (::read(m_timerFd, &expirations, sizeof expirations) > 0) { }
        const long long now = nowNs();
        while (!m_timers.empty() && m_timers.top().dueNs <= now) {
            const Timer t = m_timers.top();
            m_timers.pop();
            auto it = m_conns.find(t.fd);
            if (it != m_conns.end() && it->second.fd >= 0 && it->second.generation == t.generation)
                respond(it->second);
        }
        arm();
    }

    // Writes the next part of the answer: the whole completion, or the headers/next event of a stream.
    void respond(Conn& c)
    {
        if (!c.streaming) {
            char head[256];
            const int n = snprintf(head, sizeof head,
                                   "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n%s\r\n",
                                   sizeof kCompletion - 1, c.wantClose ? "Connection: close\r\n" : "");
            c.out.append(head, static_cast<size_t>(n));
            c.out.append(kCompletion, sizeof kCompletion - 1);
            finish(c);
            return;
        }
        if (c.eventsSent == 0)
            c.out.append("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                         "Transfer-Encoding: chunked\r\n\r\n");
        if (c.eventsSent < g_opt.events) {
            char event[512];
            const int n = snprintf(event, sizeof event,
                                   "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":"
                                   "1764000000,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,"
                                   "\"delta\":{%s\"content\":\"t=%lld \"},\"finish_reason\":null}]}\n\n",
                                   c.eventsSent == 0 ? "\"role\":\"assistant\"," : "", nowNs());
            chunk(c, event, n);
            ++c.eventsSent;
            flush(c);
            if (c.fd >= 0)
                schedule(c, nowNs() + static_cast<long long>(g_opt.gapMs * 1e6));
            return;
        }
        char tail[1024];
        const int n = snprintf(
            tail, sizeof tail,
            "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"model\":"
            "\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"model\":"
            "\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":%d,"
            "\"total_tokens\":%d}}\n\ndata: [DONE]\n\n",
            g_opt.events * 3, 12 + g_opt.events * 3);
        chunk(c, tail, n);
        c.out.append("0\r\n\r\n");
        finish(c);
    }

    static void chunk(Conn& c, const char* data, int n)
    {
        char size[16];
        const int s = snprintf(size, sizeof size, "%x\r\n", n);
        c.out.append(size, static_cast<size_t>(s));
        c.out.append(data, static_cast<size_t>(n));
        c.out.append("\r\n");
    }

    void finish(Conn& c)
    {
        c.busy = false;
        c.streaming = false;
        flush(c);
        if (c.fd < 0)
            return;
        if (c.wantClose && c.out.empty()) {
            close(c);
            return;
        }
        parse(c);
    }

    void flush(Conn& c)
    {
        while (!c.out.empty()) {
            const ssize_t w = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
            if (w > 0) {
                c.out.erase(0, static_cast<size_t>(w));
                continue;
            }
            if (w < 0 && errno == EAGAIN) {
                epoll_event ev{};
                ev.events = EPOLLIN | EPOLLRDHUP | EPOLLOUT;
                ev.data.fd = c.fd;
                epoll_ctl(m_ep, EPOLL_CTL_MOD, c.fd, &ev);
                return;
            }
            close(c);
            return;
        }
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLRDHUP;
        ev.data.fd = c.fd;
        epoll_ctl(m_ep, EPOLL_CTL_MOD, c.fd, &ev);
        if (c.wantClose && !c.busy)
            close(c);
    }

    int m_listen;
    int m_ep = -1;
    int m_timerFd = -1;
    std::unordered_map<int, Conn> m_conns;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> m_timers;
};

int listenOn(int port)
{
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 4096) != 0) {
        fprintf(stderr, "aigw-bench-upstream: cannot listen on 127.0.0.1:%d: %s\n", port, strerror(errno));
        exit(1);
    }
    return fd;
}

} // namespace

int main(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
        if (!v) {
            fprintf(stderr, "aigw-bench-upstream: %s needs a value\n", a.c_str());
            return 2;
        }
        if (a == "--port")
            g_opt.port = atoi(v);
        else if (a == "--threads")
            g_opt.threads = atoi(v);
        else if (a == "--latency-ms")
            g_opt.latencyMs = atof(v);
        else if (a == "--events")
            g_opt.events = atoi(v);
        else if (a == "--gap-ms")
            g_opt.gapMs = atof(v);
        else {
            fprintf(stderr, "aigw-bench-upstream: unknown option %s\n", a.c_str());
            return 2;
        }
        ++i;
    }
    signal(SIGPIPE, SIG_IGN);
    std::vector<std::thread> threads;
    for (int t = 0; t < g_opt.threads; ++t) {
        const int fd = listenOn(g_opt.port);
        threads.emplace_back([fd] { Loop(fd).run(); });
    }
    fprintf(stderr, "aigw-bench-upstream: 127.0.0.1:%d, %d thread(s), latency %.1f ms, %d events every %.1f ms\n",
            g_opt.port, g_opt.threads, g_opt.latencyMs, g_opt.events, g_opt.gapMs);
    for (auto& t : threads)
        t.join();
}
