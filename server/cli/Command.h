#pragma once

#include "util/Result.h"

#include <QStringList>

class CliContext;

/** One `aigw <name> ...` sub-command. */
class Command
{
public:
    virtual ~Command() = default;
    virtual QString name() const = 0;
    /** One line for `aigw help`. */
    virtual QString summary() const = 0;
    /** The full usage text for `aigw <name> --help`. */
    virtual QString usage() const = 0;
    /** Returns the process exit code; errors come back as Error (printed as one line by the caller). */
    virtual Result<int> run(CliContext& context, const QStringList& args) = 0;
};
