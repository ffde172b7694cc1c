#pragma once

#include "pipeline/GatewayError.h"

#include <optional>

class BudgetLeasePool;
class PriceTable;
struct GatewayConfig;
struct RequestContext;

/**
 * Pipeline stage 4: reserve a bounded estimate of the request against every limit of the project (daily
 * and monthly, tokens and dollars), all or nothing, before any upstream call: from this process's budget
 * lease (BudgetLeasePool), which takes its chunks from the database under the project's lock. The
 * estimate is the prompt (TokenEstimator) plus max_tokens (or a default), capped, priced at the most
 * expensive model of the route plan. The request's share of the lease is settled when its actual usage is
 * written.
 * Exceeding gives 429 with type insufficient_quota, naming the limit, the amount used and the reset time.
 */
class BudgetStage
{
public:
    static std::optional<GatewayError> run(RequestContext& context, BudgetLeasePool& leases, const PriceTable& prices,
                                           const GatewayConfig& config);
};
