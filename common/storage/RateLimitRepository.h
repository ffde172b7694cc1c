#pragma once

#include "util/Result.h"

#include <QString>

class Database;

/**
 * The shared request-per-minute buckets of PostgreSQL deployments (table rate_limit_buckets, one row per
 * key). lease() refills the key's bucket by the database clock (capacity rpm, rpm tokens per minute) and
 * takes up to `want` whole tokens from it in one atomic statement (INSERT ... ON CONFLICT DO UPDATE ...
 * RETURNING, under the row lock), so no token is ever leased twice, whatever the number of processes.
 */
class RateLimitRepository
{
public:
    struct Lease
    {
        qint64 granted = 0; ///< whole request tokens taken, 0..want
        double left = 0; ///< tokens left in the shared bucket after this lease
    };

    explicit RateLimitRepository(const Database& db);

    Result<Lease> lease(const QString& apiKeyId, qint64 rpm, qint64 want);

private:
    const Database& m_db;
};
