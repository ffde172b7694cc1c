// aigw-bench-stream [--iterations N] [--fixtures DIR] [--only TEXT]   (TEXT: part of the fixture names to run)
//
// Feeds recorded provider streams through the real StreamTranslator of each adapter and the StreamEncoder that
// ProviderStage uses, one upstream SSE event per feed() (as a stream at 10 events/s arrives), N times, and
// prints upstream events per second and nanoseconds per event. Instructions per event:
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null build/bench/stream/aigw-bench-stream --iterations 200
// and divide the total Ir by the "events" line (the setup before the loop is a few percent at 200 iterations).

#include "providers/AnthropicAdapter.h"
#include "providers/GeminiAdapter.h"
#include "providers/OpenAiAdapter.h"
#include "providers/StreamEncoder.h"
#include "providers/StreamTranslator.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <cstdio>
#include <memory>

namespace {

struct Fixture
{
    QString name;
    const ProviderAdapter* adapter = nullptr;
    QList<QByteArray> events; ///< the upstream bytes, cut after each event's blank line
};

QList<QByteArray> splitEvents(const QByteArray& bytes)
{
    QList<QByteArray> out;
    qsizetype start = 0;
    while (start < bytes.size()) {
        qsizetype lf = bytes.indexOf("\n\n", start);
        qsizetype crlf = bytes.indexOf("\r\n\r\n", start);
        qsizetype end = bytes.size();
        if (crlf >= 0 && (lf < 0 || crlf < lf))
            end = crlf + 4;
        else if (lf >= 0)
            end = lf + 2;
        out.append(bytes.mid(start, end - start));
        start = end;
    }
    return out;
}

QJsonValue cost(const Usage& usage)
{
    // The shape AccountingStage::costJson gives, priced like a mid-range model.
    const double input = double(usage.promptTokens) * 2.5e-6;
    const double output = double(usage.completionTokens) * 1e-5;
    return QJsonObject{{QStringLiteral("input"), input},
                       {QStringLiteral("output"), output},
                       {QStringLiteral("total"), input + output},
                       {QStringLiteral("total_micros"), (input + output) * 1e6},
                       {QStringLiteral("currency"), QStringLiteral("USD")}};
}

} // namespace

int main(int argc, char** argv)
{
    int iterations = 2000;
    QString dir = QStringLiteral(AIGW_SOURCE_DIR_DEFAULT "/tests/fixtures");
    QString only;
    for (int i = 1; i + 1 < argc; i += 2) {
        const QByteArray flag = argv[i];
        if (flag == "--iterations")
            iterations = QByteArray(argv[i + 1]).toInt();
        else if (flag == "--fixtures")
            dir = QString::fromLocal8Bit(argv[i + 1]);
        else if (flag == "--only")
            only = QString::fromLocal8Bit(argv[i + 1]);
    }

    const OpenAiAdapter openai;
    const AnthropicAdapter anthropic;
    const GeminiAdapter gemini;
    const struct
    {
        const char* file;
        const ProviderAdapter* adapter;
    } files[] = {
        {"openai/chat_stream_include_usage.sse", &openai},
        {"openai/tool_call_stream.sse", &openai},
        {"anthropic/stream.sse", &anthropic},
        {"anthropic/thinking_stream.sse", &anthropic},
        {"anthropic/tool_use_stream.sse", &anthropic},
        {"gemini/stream.sse", &gemini},
        {"gemini/function_call_stream.sse", &gemini},
        {"gemini/stream_usage_thoughts.sse", &gemini},
    };
    QList<Fixture> fixtures;
    for (const auto& f : files) {
        const QString name = QString::fromLatin1(f.file);
        QFile file(QDir(dir).absoluteFilePath(name));
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "cannot read %s\n", qPrintable(file.fileName()));
            return 1;
        }
        fixtures.append({name, f.adapter, splitEvents(file.readAll())});
    }
    // A longer answer, as most are: the OpenAI content chunks 25 times over (first and last two events once).
    for (const Fixture& f : QList<Fixture>(fixtures)) {
        if (f.name != u"openai/chat_stream_include_usage.sse")
            continue;
        Fixture longer{f.name + QStringLiteral(" x25"), f.adapter, {f.events.first()}};
        for (int i = 0; i < 25; ++i)
            longer.events += f.events.mid(1, f.events.size() - 4);
        longer.events += f.events.mid(f.events.size() - 3);
        fixtures.append(longer);
    }
    fixtures.removeIf([&only](const Fixture& f) { return !f.name.contains(only); });

    // What ProviderStage::onHeaders sets.
    StreamOptions options;
    options.includeUsage = true;
    options.model = QStringLiteral("bench-model");
    options.id = QStringLiteral("chatcmpl-0b7d3c8e6f0a4d2b9a1c5e7f3b2d4a6c");
    options.created = 1700000000;
    options.promptTokensEstimate = 42;
    const StreamEncoder encoder(QStringLiteral("bench"), cost);

    std::printf("%-40s %8s %12s %10s\n", "fixture", "events", "events/s", "ns/event");
    qint64 totalEvents = 0;
    qint64 totalNs = 0;
    qint64 bytesOut = 0;
    for (const Fixture& f : fixtures) {
        QElapsedTimer timer;
        timer.start();
        for (int it = 0; it < iterations; ++it) {
            std::unique_ptr<StreamTranslator> translator = f.adapter->createStreamTranslator(options);
            for (const QByteArray& upstream : f.events) {
                for (const StreamEvent& event : translator->feed(upstream))
                    bytesOut += encoder.encode(event, *translator).size();
            }
            for (const StreamEvent& event : translator->finish())
                bytesOut += encoder.encode(event, *translator).size();
            if (!translator->completed()) {
                std::fprintf(stderr, "%s did not complete: %s\n", qPrintable(f.name),
                             qPrintable(translator->errorMessage()));
                return 1;
            }
        }
        const qint64 ns = timer.nsecsElapsed();
        const qint64 events = qint64(f.events.size()) * iterations;
        totalEvents += events;
        totalNs += ns;
        std::printf("%-40s %8lld %12.0f %10.0f\n", qPrintable(f.name), static_cast<long long>(f.events.size()),
                    double(events) * 1e9 / double(ns), double(ns) / double(events));
    }
    std::printf("%-40s %8lld %12.0f %10.0f\n", "all", static_cast<long long>(totalEvents),
                double(totalEvents) * 1e9 / double(totalNs), double(totalNs) / double(totalEvents));
    std::printf("events %lld, bytes out %lld\n", static_cast<long long>(totalEvents), static_cast<long long>(bytesOut));
    return 0;
}
