#pragma once

#include "admin/AdminPrincipal.h"
#include "http/HttpRouter.h"

#include <functional>

struct AdminContext;

/**
 * Wraps an admin API handler: 401 without a valid token, 403 when a viewer calls a mutating route, else
 * the handler runs with the authenticated principal.
 */
class AdminGuard
{
public:
    enum class Access { Read, Write };
    using Handler = std::function<void(const HttpRequest&, HttpResponder&, const AdminPrincipal&)>;

    static HttpRouter::Handler wrap(AdminContext& context, Access access, Handler handler);
};
