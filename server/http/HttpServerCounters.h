#pragma once

#include <QtGlobal>

#include <atomic>

/**
 * Process-wide counters of one HttpFrontend, shared by all of its worker threads through a
 * std::shared_ptr. Only atomics: any thread may read them.
 */
struct HttpServerCounters
{
    /** Accepted TCP connections that are not closed yet (lingering closes included). */
    std::atomic<int> openConnections{0};
    /** Requests handed to a handler (or queued behind another response on the same connection) whose
     *  response is neither complete nor abandoned because the client left. */
    std::atomic<int> inFlightRequests{0};
    /** Requests dispatched to the router since start. */
    std::atomic<quint64> requestsDispatched{0};
    /** Requests answered by the guard itself (400, 413, 431, ...) without reaching the router. */
    std::atomic<quint64> requestsRejected{0};
};
