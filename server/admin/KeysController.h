#pragma once

class HttpRouter;
struct AdminContext;

/**
 * Gateway keys of a project: GET/POST /api/v1/projects/{id}/keys, DELETE /api/v1/projects/{id}/keys/{keyId}.
 * The plaintext key is in the 201 answer of POST only.
 */
class KeysController
{
public:
    static void install(HttpRouter& router, AdminContext& context);
};
