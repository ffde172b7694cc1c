#pragma once

class HttpRouter;
struct AdminContext;

/**
 * The management plane of one worker thread: the JWT-authenticated admin REST API under /api/v1, GET
 * /metrics and GET /api/v1/openapi.json. Handlers run SQL synchronously on the worker's own connection.
 */
class AdminRoutes
{
public:
    static void install(HttpRouter& router, AdminContext& context);
};
