#pragma once

#include "util/Result.h"

#include <QString>

/**
 * Reads a secret (a password, a provider API key) from standard input: at a terminal it prompts on stderr
 * with echo off; from a pipe it reads everything and drops one trailing newline. Secrets never come from
 * command-line arguments, which other users can read in the process list.
 */
class SecretInput
{
public:
    static Result<QString> read(const QString& prompt, const QString& what);
};
