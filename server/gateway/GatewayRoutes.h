#pragma once

class HttpRouter;
struct GatewayServices;

/**
 * The data-plane routes of one worker thread: POST /v1/chat/completions, GET /v1/models, GET /health and
 * GET /ready. Called by the HTTP front once per worker, on that worker's thread; it creates the worker's
 * own upstream client (CurlMulti) as a child of the router's context.
 */
class GatewayRoutes
{
public:
    static void install(HttpRouter& router, GatewayServices& services);
};
