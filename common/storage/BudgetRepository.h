#pragma once

#include "domain/Project.h"
#include "util/Result.h"

#include <QList>
#include <QString>

class Database;

/**
 * Atomic, all-or-nothing budget reservations against a project's four limits (daily and monthly, tokens
 * and dollars). Used = the usage counters of the current UTC day / month plus every unexpired hold; a
 * reservation that would take any limit past its value is refused and nothing is written. PostgreSQL
 * serialises reservations of one project with a row lock on the project (so any number of gateway
 * processes share the limits); SQLite with its write lock.
 */
class BudgetRepository
{
public:
    struct Estimate
    {
        qint64 tokens = 0;
        qint64 costMicros = 0;
    };
    struct Refusal
    {
        QString limit; ///< daily_token_limit, daily_cost_limit, monthly_token_limit, monthly_cost_limit
        qint64 limitValue = 0; ///< tokens or micro-dollars
        qint64 used = 0; ///< recorded + held, before this request
        qint64 requested = 0;
        qint64 resetsAtMs = 0; ///< start of the next UTC day / month
    };
    struct Outcome
    {
        bool reserved = false;
        Estimate granted; ///< when reserved: what the hold holds (lease(): between minimum and wanted)
        Refusal refusal; ///< when !reserved
    };
    /** The unspent part of an earlier lease, given back in the same transaction as the next lease. */
    struct Giveback
    {
        QString holdId;
        Estimate amount;
    };

    explicit BudgetRepository(const Database& db);

    static bool hasLimits(const Project& project);
    /** Exactly `estimate`, or nothing. */
    Result<Outcome> reserve(const Project& project, const QString& holdId, const Estimate& estimate, qint64 nowMs,
                            qint64 ttlMs);
    /**
     * A hold of at least `minimum` and at most `wanted` (per dimension; never more than half of the room
     * left beyond `minimum`, so one process cannot take all of a nearly spent budget), or nothing when
     * `minimum` does not fit. `givebacks` are subtracted from their holds first, in the same transaction,
     * so the room they free is available to this lease.
     */
    Result<Outcome> lease(const Project& project, const QString& holdId, const Estimate& minimum,
                          const Estimate& wanted, const QList<Giveback>& givebacks, qint64 nowMs, qint64 ttlMs);
    /** Subtracts `amount` from a hold (spend settled or given back) and deletes it once it is used up. */
    Result<void> giveBack(const Giveback& giveback);
    /** Deletes expired holds; returns how many. */
    Result<int> purgeExpired(qint64 nowMs);

private:
    const Database& m_db;
};
