#pragma once

#include "HttpRouter.h"
#include "HttpServerCounters.h"
#include "RequestFramer.h"

#include <memory>

class HttpConnection;
class HttpRequest;
class ResponseSink;

/**
 * Turns each complete request of a worker's connections into an HttpRequest and a ResponseSink, queues it
 * on its connection (responses go out in request order) and routes it through HttpRouter, answering
 * 400/404/405 itself in the JSON envelope. One per worker thread; internal to aigw_http.
 */
class RequestDispatcher
{
public:
    RequestDispatcher(HttpRouter* router, std::shared_ptr<HttpServerCounters> counters, int workerIndex);

    void dispatch(HttpConnection* connection, RequestFramer::Request&& request);

private:
    void route(HttpRequest& request, const std::shared_ptr<ResponseSink>& sink);

    HttpRouter* m_router;
    std::shared_ptr<HttpServerCounters> m_counters;
    int m_workerIndex;
    quint64 m_sequence = 0;
};
