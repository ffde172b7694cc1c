#include "RequestDispatcher.h"

#include "HttpConnection.h"
#include "HttpRequest.h"
#include "ResponseSink.h"

#include <chrono>

namespace {
qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool hasDotSegment(const QByteArray& rawPath)
{
    if (!rawPath.contains('.') && !rawPath.contains('%'))
        return false;
    for (const QByteArray& segment : rawPath.split('/')) {
        const QByteArray decoded = QByteArray::fromPercentEncoding(segment);
        if (decoded == "." || decoded == "..")
            return true;
    }
    return false;
}
} // namespace

RequestDispatcher::RequestDispatcher(HttpRouter* router, std::shared_ptr<HttpServerCounters> counters, int workerIndex)
    : m_router(router)
    , m_counters(std::move(counters))
    , m_workerIndex(workerIndex)
{ }

void RequestDispatcher::dispatch(HttpConnection* connection, RequestFramer::Request&& request)
{
    m_counters->requestsDispatched.fetch_add(1, std::memory_order_relaxed);
    const quint64 id = (quint64(m_workerIndex & 0xffff) << 48) | (++m_sequence & 0xffffffffffffULL);
    const RequestHead& head = request.head;

    HttpRequest copy(head.method, head.target, head.headers, std::move(request.body));
    copy.setRemote(connection->peerAddress(), connection->peerPort());
    copy.setHttpMinorVersion(head.httpMinor);
    copy.setTimes(head.startedAtNs, nowNs());
    copy.setId(id, m_workerIndex);

    ResponseSink::Params params;
    params.keepAlive = head.keepAlive;
    params.headRequest = head.method == "HEAD";
    params.httpMinor = head.httpMinor;
    params.requestId = id;
    std::shared_ptr<ResponseSink> sink = ResponseSink::create(connection, params, m_counters);

    connection->dispatch([this, copy = std::move(copy), sink]() mutable { route(copy, sink); });
}

void RequestDispatcher::route(HttpRequest& request, const std::shared_ptr<ResponseSink>& sink)
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
