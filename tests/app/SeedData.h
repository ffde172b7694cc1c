#pragma once

#include "domain/Project.h"
#include "util/Result.h"

#include <QList>

class Database;

/**
 * Realistic demo data for tests and screenshots: projects with limits, keys, credentials and a request
 * log spread over the last days, deterministic for a given seed.
 */
class SeedData
{
public:
    struct Options
    {
        int days = 30;
        int requestsPerDay = 60;
        quint32 seed = 42;
        qint64 nowMs = 0; ///< 0: the clock's now
    };

    /** Creates the projects and returns them (in creation order). */
    static Result<QList<Project>> projects(const Database& db);
    /** Inserts the request log for projects over opt.days days. Returns the number of rows. */
    static Result<int> requests(const Database& db, const QList<Project>& projects, const Options& opt);
};
