#pragma once

#include "domain/Admin.h"
#include "domain/ApiKey.h"
#include "domain/Project.h"
#include "domain/ProviderCredential.h"
#include "domain/RequestRecord.h"
#include "domain/UsageTotals.h"

#include <QJsonObject>

/**
 * The JSON shapes of the wire contract (snake_case, as the original's management API), shared by the
 * CLI's --json output and the admin API. Money appears twice: in dollars (a JSON number with at most six
 * decimals, as the original) and exactly in micro-dollars (`*_micros`). Times are ISO 8601 UTC.
 */
class JsonCodec
{
public:
    static QJsonObject toJson(const Project& project);
    static QJsonObject toJson(const ApiKey& key);
    static QJsonObject toJson(const ProviderCredential& credential);
    static QJsonObject toJson(const Admin& admin);
    static QJsonObject toJson(const RequestRecord& record);
    static QJsonObject toJson(const UsageTotals& totals);
};
