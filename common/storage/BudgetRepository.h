#pragma once

#include "domain/Project.h"
#include "util/Result.h"

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
        Refusal refusal; ///< when !reserved
    };

    explicit BudgetRepository(const Database& db);

    static bool hasLimits(const Project& project);
    Result<Outcome> reserve(const Project& project, const QString& holdId, const Estimate& estimate, qint64 nowMs,
                            qint64 ttlMs);
    Result<void> release(const QString& holdId);
    /** Deletes expired holds; returns how many. */
    Result<int> purgeExpired(qint64 nowMs);

private:
    const Database& m_db;
};
