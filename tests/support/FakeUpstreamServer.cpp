#include "FakeUpstreamServer.h"

#include <QHostAddress>
#include <QSslConfiguration>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>

#include <sys/socket.h>

namespace {

const char* const kBufferProperty = "aigwFakeUpstreamBuffer";

} // namespace

QByteArray FakeUpstreamServer::Request::header(const QByteArray& name) const
{
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

FakeUpstreamServer::FakeUpstreamServer(QObject* parent)
    : QObject(parent)
{ }

FakeUpstreamServer::~FakeUpstreamServer()
{
    // Sockets are children of the server; stop counting before they go.
    for (QTcpSocket* socket : std::as_const(m_open)) {
        socket->disconnect(this);
    }
}

bool FakeUpstreamServer::listen()
{
    setUp(new QTcpServer(this));
    return m_server->listen(QHostAddress::LocalHost, 0);
}

bool FakeUpstreamServer::listenTls(const QSslConfiguration& configuration)
{
    auto* server = new QSslServer(this);
    server->setSslConfiguration(configuration);
    m_tls = true;
    setUp(server);
    return m_server->listen(QHostAddress::LocalHost, 0);
}

void FakeUpstreamServer::setUp(QTcpServer* server)
{
    m_server = server;
    m_server->setListenBacklogSize(1024);
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &FakeUpstreamServer::onNewConnection);
}

quint16 FakeUpstreamServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QUrl FakeUpstreamServer::url(const QString& path) const
{
    QUrl url;
    url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port());
    url.setPath(path);
    return url;
}

void FakeUpstreamServer::setHandler(Handler handler)
{
    m_handler = std::move(handler);
}

void FakeUpstreamServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        ++m_accepted;
        m_open.insert(socket);
        m_maxOpen = qMax(m_maxOpen, static_cast<int>(m_open.size()));
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] { onGone(socket); });
        connect(socket, &QTcpSocket::stateChanged, this, [this, socket](QAbstractSocket::SocketState state) {
            if (state == QAbstractSocket::UnconnectedState) {
                onGone(socket);
            }
        });
        if (socket->bytesAvailable() > 0) {
            onReadyRead(socket);
        }
    }
}

void FakeUpstreamServer::onGone(QTcpSocket* socket)
{
    if (m_open.remove(socket)) {
        ++m_closed;
        socket->deleteLater();
        emit connectionClosed();
    }
}

void FakeUpstreamServer::onReadyRead(QTcpSocket* socket)
{
    QByteArray buffer = socket->property(kBufferProperty).toByteArray() + socket->readAll();
    for (;;) {
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            break;
        }
        const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
        Request request;
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.target = requestLine.value(1);
        qsizetype contentLength = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            const QByteArray name = line.left(colon).trimmed();
            const QByteArray value = line.mid(colon + 1).trimmed();
            request.headers.append({name, value});
            if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
                contentLength = value.toLongLong();
            }
        }
        const qsizetype total = headEnd + 4 + contentLength;
        if (buffer.size() < total) {
            break;
        }
        request.body = buffer.mid(headEnd + 4, contentLength);
        buffer.remove(0, total);
        m_requests.append(request);
        emit requestReceived();
        if (m_handler) {
            m_handler(socket, request);
        }
        if (!m_open.contains(socket)) {
            return; // the handler closed it
        }
    }
    socket->setProperty(kBufferProperty, buffer);
}

QByteArray FakeUpstreamServer::response(int status, const QByteArray& contentType, const QByteArray& body,
                                        const QList<QPair<QByteArray, QByteArray>>& extraHeaders)
{
    QByteArray bytes = "HTTP/1.1 " + QByteArray::number(status) + " Status\r\n";
    bytes += "Content-Type: " + contentType + "\r\n";
    bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    for (const auto& [name, value] : extraHeaders) {
        bytes += name + ": " + value + "\r\n";
    }
    bytes += "\r\n";
    bytes += body;
    return bytes;
}

QByteArray FakeUpstreamServer::chunkedHead(int status, const QByteArray& contentType)
{
    return "HTTP/1.1 " + QByteArray::number(status) + " Status\r\nContent-Type: " + contentType
        + "\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n";
}

QByteArray FakeUpstreamServer::chunk(const QByteArray& data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

QByteArray FakeUpstreamServer::lastChunk()
{
    return QByteArrayLiteral("0\r\n\r\n");
}

void FakeUpstreamServer::send(QTcpSocket* socket, const QByteArray& bytes)
{
    socket->write(bytes);
    socket->flush();
}

void FakeUpstreamServer::reset(QTcpSocket* socket)
{
    const linger option{1, 0};
    ::setsockopt(static_cast<int>(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &option, sizeof option);
    socket->abort();
}
