#pragma once

class HttpRouter;
struct AdminContext;

/**
 * POST /api/v1/auth/login (throttled per account and per client address), POST /api/v1/auth/logout
 * (revokes every token of the admin), POST /api/v1/auth/password (also /change-password, as the original)
 * and GET /api/v1/auth/me.
 */
class AuthController
{
public:
    static void install(HttpRouter& router, AdminContext& context);
};
