#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QSet>
#include <QUrl>

#include <functional>

class QSslConfiguration;
class QTcpServer;
class QTcpSocket;

/**
 * A scriptable HTTP/1.1 upstream on 127.0.0.1 for tests: it parses requests (Content-Length bodies,
 * keep-alive) and hands each one to a handler that writes raw response bytes, now or later, or closes or
 * resets the connection. It counts connections so tests can prove concurrency and reuse.
 *
 * Runs on the event loop of the thread that created it. Without a handler, requests get no answer.
 */
class FakeUpstreamServer : public QObject
{
    Q_OBJECT

public:
    /** One parsed request. */
    struct Request
    {
        QByteArray method;
        QByteArray target;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        /** First header value with that name (case-insensitive), or a null QByteArray. */
        QByteArray header(const QByteArray& name) const;
    };

    /** Called once per complete request, with the socket to answer on. */
    using Handler = std::function<void(QTcpSocket* socket, const Request& request)>;

    explicit FakeUpstreamServer(QObject* parent = nullptr);
    ~FakeUpstreamServer() override;

    /** Listens on 127.0.0.1 with an ephemeral port and a 1024-deep accept queue. */
    bool listen();
    /** Same, with TLS (QSslServer); connections count once the handshake is done. */
    bool listenTls(const QSslConfiguration& configuration);
    quint16 port() const;
    /** http://127.0.0.1:<port><path> (https with TLS). */
    QUrl url(const QString& path = QStringLiteral("/")) const;

    void setHandler(Handler handler);

    int acceptedConnections() const { return m_accepted; }
    int openConnections() const { return static_cast<int>(m_open.size()); }
    /** High-water mark of simultaneously open connections. */
    int maxOpenConnections() const { return m_maxOpen; }
    /** Connections that ended (closed by the peer or by the server). */
    int closedConnections() const { return m_closed; }
    int requestCount() const { return static_cast<int>(m_requests.size()); }
    const QList<Request>& requests() const { return m_requests; }

    /** A complete response with Content-Length. */
    static QByteArray response(int status, const QByteArray& contentType, const QByteArray& body,
                               const QList<QPair<QByteArray, QByteArray>>& extraHeaders = {});
    /** Status line and headers of a chunked response (text/event-stream by default). */
    static QByteArray chunkedHead(int status = 200, const QByteArray& contentType = "text/event-stream");
    /** One chunk in chunked framing. */
    static QByteArray chunk(const QByteArray& data);
    /** The terminating zero-length chunk. */
    static QByteArray lastChunk();
    /** Writes and flushes. */
    static void send(QTcpSocket* socket, const QByteArray& bytes);
    /** Closes with a TCP RST (SO_LINGER 0) instead of a FIN. */
    static void reset(QTcpSocket* socket);

signals:
    void requestReceived();
    void connectionClosed();

private:
    void setUp(QTcpServer* server);
    void onNewConnection();
    void onReadyRead(QTcpSocket* socket);
    void onGone(QTcpSocket* socket);

    QTcpServer* m_server = nullptr;
    bool m_tls = false;
    Handler m_handler;
    QSet<QTcpSocket*> m_open;
    int m_accepted = 0;
    int m_maxOpen = 0;
    int m_closed = 0;
    QList<Request> m_requests;
};
