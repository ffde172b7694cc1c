#pragma once

#include "HttpRouter.h"
#include "HttpServerCounters.h"

#include <QAbstractHttpServer>

#include <memory>

class GuardedTcpServer;
class HttpRequest;
class ResponseSink;

/**
 * The QHttpServer of one worker: a QAbstractHttpServer whose handleRequest() copies the request into an
 * HttpRequest, wraps the responder into a ResponseSink and routes through HttpRouter. It never uses QFuture
 * routes (qt64-notes L2) and answers 404/405 in the JSON envelope. Internal to aigw_http.
 */
class RoutingHttpServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    RoutingHttpServer(HttpRouter* router, std::shared_ptr<HttpServerCounters> counters, int workerIndex,
                      QObject* parent = nullptr);

    /** Binds @p tcpServer (which must already listen) and lets its guards find this server. */
    void bindGuarded(GuardedTcpServer* tcpServer);

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    void route(HttpRequest& request, const std::shared_ptr<ResponseSink>& sink);

    HttpRouter* m_router;
    std::shared_ptr<HttpServerCounters> m_counters;
    GuardedTcpServer* m_tcpServer = nullptr;
    int m_workerIndex;
    quint64 m_sequence = 0;
};
