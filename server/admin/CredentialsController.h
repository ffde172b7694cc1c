#pragma once

class HttpRouter;
struct AdminContext;

/**
 * Provider credentials of a project: GET /api/v1/projects/{id}/credentials, PUT (or POST with a provider
 * field) to set one, DELETE /api/v1/projects/{id}/credentials/{provider} (404 when there is none). Keys
 * are stored encrypted and never returned: only masked_key and base_url.
 */
class CredentialsController
{
public:
    static void install(HttpRouter& router, AdminContext& context);
};
