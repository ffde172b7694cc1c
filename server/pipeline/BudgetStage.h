#pragma once

#include "pipeline/GatewayError.h"

#include <optional>

class Database;
class PriceTable;
struct GatewayConfig;
struct RequestContext;

/**
 * Pipeline stage 4: reserve a bounded estimate of the request against every limit of the project (daily
 * and monthly, tokens and dollars), all or nothing, before any upstream call (BudgetRepository). The
 * estimate is the prompt (TokenEstimator) plus max_tokens (or a default), capped, priced at the most
 * expensive model of the route plan. The hold is released when the request's actual usage is written.
 * Exceeding gives 429 with type insufficient_quota, naming the limit, the amount used and the reset time.
 */
class BudgetStage
{
public:
    static std::optional<GatewayError> run(RequestContext& context, const Database& db, const PriceTable& prices,
                                           const GatewayConfig& config);
};
