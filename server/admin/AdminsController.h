#pragma once

class HttpRouter;
struct AdminContext;

/**
 * Operator accounts: GET/POST /api/v1/admins, DELETE /api/v1/admins/{id}. An admin cannot delete itself,
 * and the last account with the admin role cannot be deleted.
 */
class AdminsController
{
public:
    static void install(HttpRouter& router, AdminContext& context);
};
