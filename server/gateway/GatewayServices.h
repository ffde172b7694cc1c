#pragma once

#include "budget/BudgetLeasePool.h"
#include "gateway/AdapterRegistry.h"
#include "gateway/CircuitBreakerRegistry.h"
#include "gateway/GatewayConfig.h"
#include "gateway/GatewayMetrics.h"
#include "pricing/PriceTable.h"
#include "ratelimit/KeyRateLimiter.h"
#include "ratelimit/SharedRequestLimiter.h"
#include "routing/CapabilityMap.h"
#include "storage/Database.h"

#include <memory>

class RequestLogWriter;
class SnapshotStore;

/**
 * What every worker thread shares, built once by the serve command: immutable configuration and tables,
 * and the few thread-safe services (snapshot, rate limiter, circuit breakers, request log writer).
 * The database object hands each worker thread its own connection.
 */
struct GatewayServices
{
    GatewayServices(GatewayConfig cfg, const Database& database, SnapshotStore& snapshotStore, PriceTable priceTable,
                    CapabilityMap capabilityMap, RequestLogWriter& writer)
        : config(std::move(cfg))
        , db(database)
        , snapshots(snapshotStore)
        , prices(std::move(priceTable))
        , capabilities(std::move(capabilityMap))
        , breakers(config.breakerFailures, config.breakerOpenMs)
        , logWriter(writer)
        , sharedRateLimiter(database.isPostgres() ? std::make_unique<SharedRequestLimiter>(database) : nullptr)
        , budgetLeases(database, config.holdTtlMs)
    { }

    const GatewayConfig config;
    const Database& db;
    SnapshotStore& snapshots;
    const PriceTable prices;
    const CapabilityMap capabilities;
    const AdapterRegistry adapters;
    KeyRateLimiter rateLimiter;
    CircuitBreakerRegistry breakers;
    RequestLogWriter& logWriter;
    /** PostgreSQL: requests per minute shared by every process on the database; SQLite: none (in memory). */
    const std::unique_ptr<SharedRequestLimiter> sharedRateLimiter;
    /** Budget admission from leases taken in chunks from the database (no round trip per request). */
    BudgetLeasePool budgetLeases;
    GatewayMetrics metrics;
};
