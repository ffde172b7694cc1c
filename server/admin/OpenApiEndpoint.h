#pragma once

class HttpRouter;
class QByteArray;

/** GET /api/v1/openapi.json: the OpenAPI 3 description of the whole HTTP surface (resources/openapi.json). */
class OpenApiEndpoint
{
public:
    static void install(HttpRouter& router);
    /** The embedded document (empty if missing from the build). */
    static const QByteArray& document();
};
