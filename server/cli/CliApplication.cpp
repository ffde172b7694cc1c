#include "CliApplication.h"

#include "CliContext.h"

CliApplication::CliApplication(QTextStream& out, QTextStream& err)
    : m_out(out)
    , m_err(err)
{ }

CliApplication::~CliApplication() = default;

void CliApplication::add(std::unique_ptr<Command> command)
{
    m_commands.push_back(std::move(command));
}

Command* CliApplication::find(const QString& name) const
{
    for (const auto& c : m_commands)
        if (c->name() == name)
            return c.get();
    return nullptr;
}

void CliApplication::printHelp(QTextStream& s) const
{
    s << "usage: aigw [--database URL] [--config FILE] COMMAND [ARGS]\n\n"
         "AIGW, an AI gateway: one OpenAI-compatible endpoint in front of OpenAI, Anthropic and Gemini.\n\n"
         "Commands:\n";
    for (const auto& c : m_commands)
        s << "  " << c->name().leftJustified(12) << c->summary() << '\n';
    s << "\nRun 'aigw COMMAND --help' for a command's options.\n"
         "The database is --database, else AIGW_DATABASE_URL, else DB_HOST/DB_PORT/DB_NAME/DB_USER/DB_PASSWORD,\n"
         "else an SQLite file in the data directory (~/.local/share/aigw/aigw.db or $AIGW_DATA_DIR).\n"
         "URLs: sqlite:PATH or postgresql://user:password@host:port/database\n";
    s.flush();
}

int CliApplication::run(const QStringList& arguments)
{
    QStringList args;
    QString database;
    QString config;
    // Global options may appear anywhere on the line.
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& a = arguments.at(i);
        for (const auto& [flag, target] : {std::pair<QString, QString*>{QStringLiteral("--database"), &database},
                                           std::pair<QString, QString*>{QStringLiteral("--config"), &config}}) {
            if (a == flag) {
                if (i + 1 >= arguments.size()) {
                    m_err << "aigw: error: option " << flag << " needs a value\n";
                    m_err.flush();
                    return 2;
                }
                *target = arguments.at(++i);
                goto next;
            }
            if (a.startsWith(flag + QLatin1Char('='))) {
                *target = a.mid(flag.size() + 1);
                goto next;
            }
        }
        args << a;
    next:;
    }
    if (args.isEmpty() || args.first() == QLatin1String("help") || args.first() == QLatin1String("--help")
        || args.first() == QLatin1String("-h")) {
        if (args.size() > 1) {
            if (Command* c = find(args.at(1))) {
                m_out << c->usage();
                m_out.flush();
                return 0;
            }
        }
        printHelp(args.isEmpty() ? m_err : m_out);
        return args.isEmpty() ? 2 : 0;
    }
    Command* command = find(args.first());
    if (!command) {
        m_err << "aigw: error: unknown command '" << args.first() << "'; run 'aigw help'\n";
        m_err.flush();
        return 2;
    }
    const QStringList rest = args.mid(1);
    if (rest.contains(QStringLiteral("--help")) || rest.contains(QStringLiteral("-h"))) {
        m_out << command->usage();
        m_out.flush();
        return 0;
    }
    CliContext context(m_out, m_err);
    Result<int> result = [&]() -> Result<int> {
        if (auto c = context.configure(config, database); !c)
            return c.error();
        return command->run(context, rest);
    }();
    m_out.flush();
    if (result)
        return result.value();
    const Error& e = result.error();
    m_err << "aigw: error: " << e.message.simplified() << '\n';
    m_err.flush();
    return e.kind == Error::Kind::InvalidArgument && e.message.startsWith(QLatin1String("missing")) ? 2 : 1;
}
