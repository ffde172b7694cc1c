#pragma once

#include "util/Result.h"

#include <QTextStream>

class Database;

/**
 * The first admin, on start-up when the admins table is empty: from ADMIN_EMAIL / ADMIN_PASSWORD when both
 * are set (as the original); otherwise, on SQLite (the embedded default), admin@aigw.local with a random
 * password printed once to stdout; otherwise (PostgreSQL) a warning that the admin API is unusable until
 * `aigw admin create` is run. Nothing happens when any admin exists.
 */
class AdminBootstrap
{
public:
    static Result<void> run(const Database& db, QTextStream& out, QTextStream& err);
};
