#pragma once

class HttpRouter;
struct GatewayServices;

/**
 * GET /metrics in the Prometheus text format (0.0.4): the GatewayMetrics counters and histograms, the
 * circuit-breaker state per upstream and the request-log writer's queue and spool. When the configuration
 * sets a metrics token, the scrape must send `Authorization: Bearer <token>`.
 */
class MetricsEndpoint
{
public:
    static void install(HttpRouter& router, GatewayServices& services);
};
