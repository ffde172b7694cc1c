#pragma once

#include "util/Result.h"

#include <QHash>
#include <QSet>
#include <QStringList>

/**
 * A small, strict argument parser for the sub-commands: `--name VALUE`, `--name=VALUE`, boolean flags and
 * positionals. Unknown options are errors (a typo must never be silently ignored).
 */
class CliArguments
{
public:
    /** valueOptions take a value; flags do not. Both are given without the leading dashes. */
    static Result<CliArguments> parse(const QStringList& args, const QStringList& valueOptions,
                                      const QStringList& flags);

    bool has(const QString& option) const { return m_values.contains(option) || m_flags.contains(option); }
    QString value(const QString& option) const { return m_values.value(option); }
    bool flag(const QString& option) const { return m_flags.contains(option); }
    const QStringList& positionals() const { return m_positionals; }
    QString positional(int index) const { return m_positionals.value(index); }

    /** Error unless there are exactly the named positionals (used in the message). */
    Result<void> expectPositionals(const QStringList& names) const;

private:
    QHash<QString, QString> m_values;
    QSet<QString> m_flags;
    QStringList m_positionals;
};
