#pragma once

#include "pipeline/GatewayError.h"

#include <optional>

class HttpRequest;
struct RequestContext;

/**
 * Pipeline stage 1: the gateway key. `Authorization: Bearer gw_...` or `x-api-key: gw_...`, hashed and looked
 * up in the in-memory snapshot (no database read). Unknown, revoked and inactive-project keys get 401.
 */
class AuthStage
{
public:
    static std::optional<GatewayError> run(const HttpRequest& http, RequestContext& context);
    /** The presented key, or empty. */
    static QString presentedKey(const HttpRequest& http);
};
