#pragma once

#include "HttpFrontend.h"

#include <QMutex>
#include <QSet>

#include <atomic>
#include <memory>

/** What the test routes observed, written from the worker threads and read by the test thread. */
struct TestRouteState
{
    std::atomic<int> factoryCalls{0};
    std::atomic<int> disconnectNotices{0}; ///< onDisconnected callbacks that fired
    std::atomic<int> lateWritesRefused{0}; ///< writes after the client left that returned false
    std::atomic<int> lateWritesAccepted{0}; ///< writes after the client left that returned true (a bug)
    std::atomic<int> slowCompleted{0};
    std::atomic<int> streamsCompleted{0};
    std::atomic<int> eventsWritten{0};

    QMutex mutex;
    QSet<int> workersSeen;
    QSet<quintptr> factoryThreads;
};

/**
 * The routes the HTTP front tests run against:
 * - GET /json, POST|GET /echo (request fields as JSON), POST /upload (body size);
 * - GET /slow?ms=N: answers after N ms (async), counts disconnect notices and refused late writes;
 * - GET /sse?n=N&ms=M: N SSE events M ms apart, then the terminator;
 * - GET /forever?ms=M: an endless stream that stops when the client leaves;
 * - GET /worker: which worker answered; GET /drop: a handler that drops its responder;
 * - GET /busy?ms=N: blocks its worker thread for N ms, then answers;
 * - GET /wrong-thread: tries to answer from another thread first (must be refused);
 * - GET /v1/models/{model}, prefix GET /api/v1/projects/{id}.
 */
class TestRoutes
{
public:
    static HttpFrontend::RouteFactory factory(std::shared_ptr<TestRouteState> state);
};
