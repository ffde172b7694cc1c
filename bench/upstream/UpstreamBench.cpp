// Closed-loop load generator: keeps `concurrency` requests in flight against one URL, through either
// UpstreamCall (libcurl multi on the Qt event loop) or QNetworkAccessManager, and reports req/s and the
// process's CPU time (user + system, all threads, getrusage) per request over the measured window.

#include "CurlMulti.h"
#include "UpstreamCall.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <sys/resource.h>

#include <cstdio>

namespace {

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/** Counts completions; the window starts after the warm-up and ends at the deadline. */
class Meter
{
public:
    void complete(bool ok, bool newConnection = false, int httpVersion = 0)
    {
        if (!m_measuring) {
            return;
        }
        ++m_completed;
        if (!ok) {
            ++m_errors;
        }
        if (newConnection) {
            ++m_newConnections;
        }
        if (httpVersion > 0) {
            m_httpVersion = httpVersion;
        }
    }
    void startWindow()
    {
        m_measuring = true;
        m_cpu = cpuSeconds();
        m_clock.start();
    }
    void stopWindow()
    {
        m_measuring = false;
        m_wallSeconds = static_cast<double>(m_clock.nsecsElapsed()) / 1e9;
        m_cpu = cpuSeconds() - m_cpu;
    }
    bool running() const { return !m_stopped; }
    void stop() { m_stopped = true; }

    void print(const char* client, int concurrency) const
    {
        const double rps = static_cast<double>(m_completed) / m_wallSeconds;
        const double cpuUs = m_completed > 0 ? m_cpu * 1e6 / static_cast<double>(m_completed) : 0.0;
        std::printf("client=%-5s c=%-4d requests=%-7lld seconds=%.2f req/s=%-9.0f cpu_us/req=%-7.1f "
                    "cpu_s=%.2f errors=%lld",
                    client, concurrency, m_completed, m_wallSeconds, rps, cpuUs, m_cpu, m_errors);
        if (m_httpVersion > 0) { // known for the libcurl client only
            std::printf(" http=%d new_connections=%lld", m_httpVersion, m_newConnections);
        }
        std::printf("\n");
        std::fflush(stdout);
    }

private:
    bool m_measuring = false;
    bool m_stopped = false;
    long long m_completed = 0;
    long long m_errors = 0;
    long long m_newConnections = 0;
    int m_httpVersion = 0;
    double m_cpu = 0;
    double m_wallSeconds = 0;
    QElapsedTimer m_clock;
};

class CurlLoad
{
public:
    CurlLoad(const QUrl& url, const QString& caBundle, UpstreamRequestSpec::Client client, Meter& meter)
        : m_meter(meter)
    {
        m_spec.client = client;
        m_spec.url = url;
        m_spec.caBundlePath = caBundle;
        m_spec.bufferBody = true;
        m_spec.maxResponseBytes = 1 << 20;
    }
    void startOne()
    {
        auto* call = new UpstreamCall(&m_multi);
        QObject::connect(call, &UpstreamCall::finished, call, [this, call](const UpstreamResult& result) {
            m_meter.complete(result.ok() && result.httpStatus == 200 && !result.body.isEmpty(),
                             result.ok() && !result.connectionReused, result.httpVersion);
            call->deleteLater();
            if (m_meter.running()) {
                startOne();
            }
        });
        call->start(m_spec);
    }

private:
    Meter& m_meter;
    CurlMulti m_multi;
    UpstreamRequestSpec m_spec;
};

class QnamLoad
{
public:
    QnamLoad(const QUrl& url, Meter& meter)
        : m_meter(meter)
        , m_request(url)
    { }
    void startOne()
    {
        QNetworkReply* reply = m_manager.get(m_request);
        QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply] {
            const QByteArray body = reply->readAll();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            m_meter.complete(reply->error() == QNetworkReply::NoError && status == 200 && !body.isEmpty());
            reply->deleteLater();
            if (m_meter.running()) {
                startOne();
            }
        });
    }

private:
    Meter& m_meter;
    QNetworkAccessManager m_manager;
    QNetworkRequest m_request;
};

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Upstream client load generator"));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("client"),
                      QStringLiteral("builtin (UpstreamCall: built-in HTTP/1.1 client for http, libcurl for https), "
                                     "curl (UpstreamCall, libcurl only) or qnam"),
                      QStringLiteral("name"), QStringLiteral("curl")});
    parser.addOption({QStringLiteral("url"), QStringLiteral("target URL"), QStringLiteral("url"),
                      QStringLiteral("http://127.0.0.1:18089/json")});
    parser.addOption({{QStringLiteral("c"), QStringLiteral("concurrency")},
                      QStringLiteral("requests in flight"),
                      QStringLiteral("n"),
                      QStringLiteral("1")});
    parser.addOption(
        {QStringLiteral("seconds"), QStringLiteral("measured window"), QStringLiteral("s"), QStringLiteral("4")});
    parser.addOption({QStringLiteral("warmup"), QStringLiteral("warm-up before the window"), QStringLiteral("s"),
                      QStringLiteral("0.5")});
    parser.addOption({QStringLiteral("cacert"), QStringLiteral("PEM CA bundle for https (curl client only)"),
                      QStringLiteral("file")});
    parser.process(app);

    const QString client = parser.value(QStringLiteral("client"));
    const QUrl url(parser.value(QStringLiteral("url")));
    const int concurrency = qMax(1, parser.value(QStringLiteral("c")).toInt());
    const double seconds = parser.value(QStringLiteral("seconds")).toDouble();
    const double warmup = parser.value(QStringLiteral("warmup")).toDouble();
    if (client != QLatin1String("builtin") && client != QLatin1String("curl") && client != QLatin1String("qnam")) {
        std::fprintf(stderr, "--client must be builtin, curl or qnam\n");
        return 2;
    }

    Meter meter;
    std::unique_ptr<CurlLoad> curl;
    std::unique_ptr<QnamLoad> qnam;
    if (client != QLatin1String("qnam")) {
        curl = std::make_unique<CurlLoad>(url, parser.value(QStringLiteral("cacert")),
                                          client == QLatin1String("curl") ? UpstreamRequestSpec::Client::Libcurl
                                                                          : UpstreamRequestSpec::Client::Automatic,
                                          meter);
    } else {
        qnam = std::make_unique<QnamLoad>(url, meter);
    }
    for (int i = 0; i < concurrency; ++i) {
        curl ? curl->startOne() : qnam->startOne();
    }
    QTimer::singleShot(static_cast<int>(warmup * 1000), &app, [&] { meter.startWindow(); });
    QTimer::singleShot(static_cast<int>((warmup + seconds) * 1000), &app, [&] {
        meter.stopWindow();
        meter.stop();
        meter.print(qPrintable(client), concurrency);
        // Let the requests in flight drain, then quit.
        QTimer::singleShot(500, &app, &QCoreApplication::quit);
    });
    return app.exec();
}
