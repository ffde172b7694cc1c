#pragma once

class HttpRouter;
struct AdminContext;

/** GET /api/v1/audit?limit=&offset=&action=: the audit log, newest first, with the total count. */
class AuditController
{
public:
    static void install(HttpRouter& router, AdminContext& context);
};
