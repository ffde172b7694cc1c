#pragma once

#include "pipeline/GatewayError.h"

#include <optional>

class CapabilityMap;
class PriceTable;
struct RequestContext;

/**
 * Pipeline stage 3: which models may answer, in order (RoutePlan).
 *
 * - A capability (the `capability` field, a capability name given as `model`, or — when neither a model nor
 *   a capability is given — the project's default capability) maps to a model per provider. The provider is
 *   the request's `provider`, else the project's default provider, else the first in the system order
 *   (gemini, openai, anthropic) that the project can reach. Failover: the request's `fallbacks`, else the
 *   project's, else the other reachable providers serving the capability (not when the client pinned a
 *   provider).
 * - A model (`gpt-4.1`, or `openai/gpt-4.1`) goes to the named provider, else the one the catalogue knows,
 *   else the one its name implies; a model the catalogue does not know is passed through as written.
 *   Failover: the request's `fallbacks`, else the project's.
 * - Only providers the project holds a credential for, or a global key, are reachable. A key with an
 *   allow-list may only use the models on it.
 */
class RouteStage
{
public:
    static std::optional<GatewayError> run(RequestContext& context, const CapabilityMap& capabilities,
                                           const PriceTable& prices);
};
