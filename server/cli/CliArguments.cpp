#include "CliArguments.h"

Result<CliArguments> CliArguments::parse(const QStringList& args, const QStringList& valueOptions,
                                         const QStringList& flags)
{
    CliArguments out;
    bool onlyPositionals = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args.at(i);
        if (onlyPositionals || !a.startsWith(QLatin1String("--")) || a == QLatin1String("-")) {
            out.m_positionals << a;
            continue;
        }
        if (a == QLatin1String("--")) {
            onlyPositionals = true;
            continue;
        }
        QString name = a.mid(2);
        QString value;
        bool inlineValue = false;
        if (const qsizetype eq = name.indexOf(QLatin1Char('=')); eq >= 0) {
            value = name.mid(eq + 1);
            name = name.left(eq);
            inlineValue = true;
        }
        if (valueOptions.contains(name)) {
            if (!inlineValue) {
                if (i + 1 >= args.size())
                    return Error::invalid(QStringLiteral("option --%1 needs a value").arg(name), name);
                value = args.at(++i);
            }
            out.m_values.insert(name, value);
        } else if (flags.contains(name)) {
            if (inlineValue)
                return Error::invalid(QStringLiteral("option --%1 takes no value").arg(name), name);
            out.m_flags.insert(name);
        } else {
            return Error::invalid(QStringLiteral("unknown option --%1").arg(name), name);
        }
    }
    return out;
}

Result<void> CliArguments::expectPositionals(const QStringList& names) const
{
    if (m_positionals.size() < names.size())
        return Error::invalid(QStringLiteral("missing argument %1").arg(names.at(m_positionals.size())),
                              names.at(m_positionals.size()));
    if (m_positionals.size() > names.size())
        return Error::invalid(QStringLiteral("unexpected argument '%1'").arg(m_positionals.at(names.size())));
    return {};
}
