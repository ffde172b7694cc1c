#include "FakeGateway.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>

FakeGateway::FakeGateway(QObject* parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeGateway::handleConnection);
}

bool FakeGateway::start()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QString FakeGateway::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort());
}

void FakeGateway::streamChunks(QStringList deltas, int delayMs)
{
    m_deltas = std::move(deltas);
    m_delayMs = delayMs;
    m_failStatus = 0;
    m_errorEvent.clear();
}

void FakeGateway::failWith(int status, QByteArray body)
{
    m_failStatus = status;
    m_failBody = std::move(body);
}

void FakeGateway::streamThenError(QStringList deltas, QByteArray errorEvent)
{
    streamChunks(std::move(deltas), 20);
    m_errorEvent = std::move(errorEvent);
}

void FakeGateway::handleConnection()
{
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        socket->setProperty("buffer", QByteArray());
        connect(socket, &QTcpSocket::readyRead, this, [this, socket]() { handleData(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void FakeGateway::handleData(QTcpSocket* socket)
{
    QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    socket->setProperty("buffer", buffer);
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    Request r;
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    r.method = requestLine.value(0);
    r.path = requestLine.value(1);
    qsizetype length = 0;
    for (const QByteArray& raw : lines.mid(1)) {
        const QByteArray line = raw.trimmed();
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length")
            length = value.toLongLong();
        else if (name == "authorization")
            r.authorization = value;
    }
    if (buffer.size() < headerEnd + 4 + length)
        return;
    r.body = buffer.mid(headerEnd + 4, length);
    socket->setProperty("buffer", QByteArray());
    m_requests << r;
    respond(socket, r);
}

void FakeGateway::respond(QTcpSocket* socket, const Request& r)
{
    if (r.path == "/v1/models") {
        const QByteArray body = R"({"object":"list","data":[)"
                                R"({"id":"gpt-4.1-mini","object":"model","owned_by":"openai"},)"
                                R"({"id":"claude-haiku-4-5","object":"model","owned_by":"anthropic"}]})";
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                      + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        socket->disconnectFromHost();
        return;
    }
    if (m_failStatus > 0) {
        socket->write("HTTP/1.1 " + QByteArray::number(m_failStatus)
                      + " Error\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                      + QByteArray::number(m_failBody.size()) + "\r\n\r\n" + m_failBody);
        socket->disconnectFromHost();
        return;
    }
    socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                  "Connection: close\r\n\r\n");
    socket->setProperty("next", 0);
    QPointer<QTcpSocket> guard(socket);
    connect(socket, &QTcpSocket::disconnected, this, [this, socket]() {
        if (socket->property("next").toInt() <= m_deltas.size())
            m_closedEarly = true;
    });
    QTimer::singleShot(m_delayMs, this, [this, guard]() {
        if (guard)
            sendNextChunk(guard);
    });
}

void FakeGateway::sendNextChunk(QTcpSocket* socket)
{
    if (socket->state() != QAbstractSocket::ConnectedState)
        return;
    const int next = socket->property("next").toInt();
    if (next < m_deltas.size()) {
        const QJsonObject chunk{
            {QStringLiteral("id"), QStringLiteral("chatcmpl-test")},
            {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
            {QStringLiteral("model"), QStringLiteral("gpt-4.1-mini")},
            {QStringLiteral("provider"), QStringLiteral("openai")},
            {QStringLiteral("choices"),
             QJsonArray{
                 QJsonObject{{QStringLiteral("index"), 0},
                             {QStringLiteral("delta"), QJsonObject{{QStringLiteral("content"), m_deltas.at(next)}}}}}}};
        socket->write("data: " + QJsonDocument(chunk).toJson(QJsonDocument::Compact) + "\n\n");
        socket->flush();
        ++m_chunksSent;
        socket->setProperty("next", next + 1);
        QPointer<QTcpSocket> guard(socket);
        QTimer::singleShot(m_delayMs, this, [this, guard]() {
            if (guard)
                sendNextChunk(guard);
        });
        return;
    }
    if (!m_errorEvent.isEmpty()) {
        socket->write("data: " + m_errorEvent + "\n\n");
    } else {
        const QJsonObject usage{{QStringLiteral("id"), QStringLiteral("chatcmpl-test")},
                                {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
                                {QStringLiteral("model"), QStringLiteral("gpt-4.1-mini")},
                                {QStringLiteral("provider"), QStringLiteral("openai")},
                                {QStringLiteral("choices"),
                                 QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                                        {QStringLiteral("delta"), QJsonObject{}},
                                                        {QStringLiteral("finish_reason"), QStringLiteral("stop")}}}},
                                {QStringLiteral("usage"),
                                 QJsonObject{{QStringLiteral("prompt_tokens"), 12},
                                             {QStringLiteral("completion_tokens"), 30},
                                             {QStringLiteral("total_tokens"), 42}}},
                                {QStringLiteral("cost"),
                                 QJsonObject{{QStringLiteral("input"), 0.000005},
                                             {QStringLiteral("output"), 0.000048},
                                             {QStringLiteral("total"), 0.000053},
                                             {QStringLiteral("currency"), QStringLiteral("USD")}}}};
        socket->write("data: " + QJsonDocument(usage).toJson(QJsonDocument::Compact) + "\n\ndata: [DONE]\n\n");
    }
    socket->setProperty("next", next + 1);
    socket->flush();
    socket->disconnectFromHost();
}
