#include "FakeProvider.h"

#include "TestPaths.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

FakeProvider::FakeProvider(QObject* parent)
    : QObject(parent)
{
    m_server.setHandler(
        [this](QTcpSocket* socket, const FakeUpstreamServer::Request& request) { handle(socket, request); });
}

bool FakeProvider::listen()
{
    return m_server.listen();
}

QString FakeProvider::baseUrl(const QString& provider) const
{
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(port());
    return provider == QLatin1String("openai") ? base + QStringLiteral("/v1") : base;
}

void FakeProvider::enqueue(const QString& provider, const Reply& reply)
{
    m_script[provider].append(reply);
}

int FakeProvider::pendingScript() const
{
    int n = 0;
    for (const auto& q : m_script)
        n += int(q.size());
    return n;
}

FakeProvider::Reply FakeProvider::fixture(const QString& relativePath, int status)
{
    Reply r;
    r.status = status;
    r.body = TestPaths::readFixture(relativePath);
    return r;
}

FakeProvider::Reply FakeProvider::streamFixture(const QString& relativePath, int eventGapMs)
{
    Reply r;
    r.mode = Reply::Mode::Events;
    r.body = TestPaths::readFixture(relativePath);
    r.contentType = "text/event-stream";
    r.eventGapMs = eventGapMs;
    return r;
}

QList<QByteArray> FakeProvider::sseEvents(const QByteArray& body)
{
    QList<QByteArray> events;
    qsizetype start = 0;
    while (start < body.size()) {
        qsizetype lf = body.indexOf("\n\n", start);
        qsizetype crlf = body.indexOf("\r\n\r\n", start);
        qsizetype end;
        if (crlf >= 0 && (lf < 0 || crlf < lf))
            end = crlf + 4;
        else if (lf >= 0)
            end = lf + 2;
        else
            end = body.size();
        events << body.mid(start, end - start);
        start = end;
    }
    return events;
}

void FakeProvider::handle(QTcpSocket* socket, const FakeUpstreamServer::Request& request)
{
    QString provider;
    bool stream = false;
    const QByteArray path = request.target;
    if (path.startsWith("/v1/chat/completions")) {
        provider = QStringLiteral("openai");
        stream = QJsonDocument::fromJson(request.body).object().value(QStringLiteral("stream")).toBool();
    } else if (path.startsWith("/v1/messages")) {
        provider = QStringLiteral("anthropic");
        stream = QJsonDocument::fromJson(request.body).object().value(QStringLiteral("stream")).toBool();
    } else if (path.startsWith("/v1beta/models/")) {
        provider = QStringLiteral("gemini");
        stream = path.contains(":streamGenerateContent");
    } else {
        FakeUpstreamServer::send(socket,
                                 FakeUpstreamServer::response(404, "application/json", "{\"error\":\"no such path\"}"));
        return;
    }
    QList<Reply>& queue = m_script[provider];
    if (!queue.isEmpty()) {
        play(socket, queue.takeFirst());
        return;
    }
    static const QHash<QString, QPair<QString, QString>> defaults{
        {QStringLiteral("openai"),
         {QStringLiteral("openai/chat.json"), QStringLiteral("openai/chat_stream_include_usage.sse")}},
        {QStringLiteral("anthropic"),
         {QStringLiteral("anthropic/message.json"), QStringLiteral("anthropic/stream.sse")}},
        {QStringLiteral("gemini"), {QStringLiteral("gemini/generate.json"), QStringLiteral("gemini/stream.sse")}},
    };
    static const QHash<QString, QPair<QString, QString>> toolDefaults{
        {QStringLiteral("openai"),
         {QStringLiteral("openai/tool_call.json"), QStringLiteral("openai/tool_call_stream.sse")}},
        {QStringLiteral("anthropic"),
         {QStringLiteral("anthropic/tool_use.json"), QStringLiteral("anthropic/tool_use_stream.sse")}},
        {QStringLiteral("gemini"),
         {QStringLiteral("gemini/function_call.json"), QStringLiteral("gemini/function_call_stream.sse")}},
    };
    // A request that offers tools gets the recorded tool-call answer of its provider.
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    const bool tools = body.contains(QStringLiteral("tools"));
    const auto files = tools ? toolDefaults.value(provider) : defaults.value(provider);
    play(socket, stream ? streamFixture(files.second) : fixture(files.first));
}

void FakeProvider::play(QTcpSocket* socket, const Reply& reply)
{
    using Mode = Reply::Mode;
    switch (reply.mode) {
    case Mode::Whole:
        FakeUpstreamServer::send(
            socket, FakeUpstreamServer::response(reply.status, reply.contentType, reply.body, reply.headers));
        return;
    case Mode::ResetBeforeHeaders:
        FakeUpstreamServer::reset(socket);
        return;
    case Mode::NoAnswer:
        return;
    case Mode::HeadersOnly:
        FakeUpstreamServer::send(socket, FakeUpstreamServer::chunkedHead(200, "text/event-stream"));
        return;
    case Mode::Events:
    case Mode::CutAfter:
    case Mode::StallAfter:
        break;
    }
    QList<QByteArray> events = sseEvents(reply.body);
    if (reply.mode != Mode::Events)
        events = events.mid(0, reply.events);
    FakeUpstreamServer::send(socket, FakeUpstreamServer::chunkedHead(reply.status, reply.contentType));
    QPointer<QTcpSocket> guard(socket);
    auto sendAll = std::make_shared<std::function<void(int)>>();
    *sendAll = [guard, events, reply, sendAll](int i) {
        if (!guard)
            return;
        if (i < events.size()) {
            FakeUpstreamServer::send(guard, FakeUpstreamServer::chunk(events.at(i)));
            if (reply.eventGapMs > 0)
                QTimer::singleShot(reply.eventGapMs, guard, [sendAll, i] { (*sendAll)(i + 1); });
            else
                (*sendAll)(i + 1);
            return;
        }
        if (reply.mode == Mode::Events)
            FakeUpstreamServer::send(guard, FakeUpstreamServer::lastChunk());
        else if (reply.mode == Mode::CutAfter)
            guard->disconnectFromHost();
        // StallAfter: keep the connection open, send nothing more
    };
    (*sendAll)(0);
}
