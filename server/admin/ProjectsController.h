#pragma once

class HttpRouter;
struct AdminContext;

/**
 * Projects: GET/POST /api/v1/projects, GET/PATCH(/PUT)/DELETE /api/v1/projects/{id} (delete deactivates).
 * PATCH is partial: absent fields stay, null clears a limit. Cost limits are dollars, as a JSON number or
 * string, converted exactly to micro-dollars.
 */
class ProjectsController
{
public:
    static void install(HttpRouter& router, AdminContext& context);
};
