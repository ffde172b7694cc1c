#pragma once

class HttpRouter;
struct AdminContext;

/**
 * Statistics, all in UTC and computed in SQL over the indexed request log (created_at) and usage counters:
 * /api/v1/stats/overview, /daily?days=N[&project=ID] (every day present, zero-filled, per provider),
 * /providers?days=N, /models?days=N, /recent?limit=N, /api/v1/projects/{id}/usage (today and this month
 * against each limit) and the filtered, paginated request log GET /api/v1/requests.
 */
class StatsController
{
public:
    static void install(HttpRouter& router, AdminContext& context);
};
