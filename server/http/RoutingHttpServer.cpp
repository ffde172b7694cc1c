#include "RoutingHttpServer.h"

#include "ConnectionGuard.h"
#include "GuardedTcpServer.h"
#include "HttpRequest.h"
#include "HttpWire.h"
#include "ResponseSink.h"

#include "util/LogCategories.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QTcpSocket>

#include <chrono>

namespace {
qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return QByteArray();
    }
}

bool hasDotSegment(const QByteArray& rawPath)
{
    for (const QByteArray& segment : rawPath.split('/')) {
        const QByteArray decoded = QByteArray::fromPercentEncoding(segment);
        if (decoded == "." || decoded == "..")
            return true;
    }
    return false;
}
} // namespace

RoutingHttpServer::RoutingHttpServer(HttpRouter* router, std::shared_ptr<HttpServerCounters> counters, int workerIndex,
                                     QObject* parent)
    : QAbstractHttpServer(parent)
    , m_router(router)
    , m_counters(std::move(counters))
    , m_workerIndex(workerIndex)
{ }

void RoutingHttpServer::bindGuarded(GuardedTcpServer* tcpServer)
{
    m_tcpServer = tcpServer;
    tcpServer->setHttpServer(this);
    bind(tcpServer);
}

bool RoutingHttpServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    ConnectionGuard* guard = m_tcpServer ? m_tcpServer->guardFor(socket) : nullptr;
    if (!guard) {
        qCCritical(lcServer) << "request on a connection without a guard; dropping it";
        socket->abort();
        return true;
    }
    if (guard->isClosing())
        return true; // the guard already answered (413/431/...) or is closing this connection

    std::optional<RequestHead> head = guard->takeHead();
    const QByteArray parsedMethod = methodName(request.method());
    if (!head || (!parsedMethod.isEmpty() && parsedMethod != head->method)) {
        // Framing of the guard and of QHttpServer disagree: never guess which request this is.
        qCCritical(lcServer) << "request framing out of sync on connection from" << socket->peerAddress().toString();
        guard->abortConnection();
        return true;
    }
    if (request.headers().isEmpty() && !head->headers.isEmpty()) {
        // qt64-notes L5: QHttpServer silently drops every header beyond its field limit.
        qCWarning(lcServer) << "QHttpServer dropped all" << head->headers.size()
                            << "request headers; using the guard's copy";
    }

    m_counters->requestsDispatched.fetch_add(1, std::memory_order_relaxed);
    const quint64 id = (quint64(m_workerIndex & 0xffff) << 48) | (++m_sequence & 0xffffffffffffULL);

    // Copy now: QHttpServer reuses `request` for the next request on this connection.
    HttpRequest copy(head->method, head->target, head->headers, request.body());
    copy.setRemote(socket->peerAddress(), socket->peerPort());
    copy.setHttpMinorVersion(head->httpMinor);
    copy.setTimes(head->startedAtNs, nowNs());
    copy.setId(id, m_workerIndex);

    ResponseSink::Params params;
    params.keepAlive = head->keepAlive;
    params.headRequest = head->method == "HEAD";
    params.httpMinor = head->httpMinor;
    params.requestId = id;
    auto responder = std::make_shared<QHttpServerResponder>(makeResponder(request, socket));
    std::shared_ptr<ResponseSink> sink = ResponseSink::create(std::move(responder), socket, guard, params, m_counters);

    guard->dispatch([this, copy = std::move(copy), sink]() mutable { route(copy, sink); });
    return true;
}

void RoutingHttpServer::route(HttpRequest& request, const std::shared_ptr<ResponseSink>& sink)
{
    HttpResponder responder(sink);
    const QByteArray& rawPath = request.rawPath();
    if (!rawPath.startsWith('/') || hasDotSegment(rawPath)) {
        responder.sendError(400, QStringLiteral("invalid_request_error"), QStringLiteral("Invalid request path."),
                            QString(), QStringLiteral("bad_request"));
        return;
    }
    HttpRouter::Match match = m_router->match(request.method(), rawPath);
    switch (match.kind) {
    case HttpRouter::Match::Kind::NotFound:
        responder.sendError(404, QStringLiteral("invalid_request_error"),
                            QStringLiteral("Invalid URL (%1 %2)")
                                .arg(QString::fromLatin1(request.method()), QString::fromUtf8(rawPath)),
                            QString(), QStringLiteral("not_found"));
        return;
    case HttpRouter::Match::Kind::MethodNotAllowed:
        responder.sendError(405, QStringLiteral("invalid_request_error"),
                            QStringLiteral("Method %1 is not allowed for %2")
                                .arg(QString::fromLatin1(request.method()), QString::fromUtf8(rawPath)),
                            QString(), QStringLiteral("method_not_allowed"),
                            HttpHeaders{{"Allow", match.allowedMethods.join(", ")}});
        return;
    case HttpRouter::Match::Kind::Found:
        break;
    }
    request.setPathMatch(std::move(match.params), std::move(match.rest));
    (*match.handler)(request, std::move(responder));
}

void RoutingHttpServer::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    Q_UNUSED(request);
    // handleRequest() always returns true; this is only here because 6.4 makes it pure virtual.
    if (socket->state() == QAbstractSocket::ConnectedState) {
        socket->write(
            HttpWire::rejectionResponse(404, QStringLiteral("Not found."), QStringLiteral("not_found"), true));
        socket->disconnectFromHost();
    }
}
