#include "cli/AdminCommand.h"
#include "cli/CliApplication.h"
#include "cli/CredentialCommand.h"
#include "cli/KeyCommand.h"
#include "cli/MigrateCommand.h"
#include "cli/ProjectCommand.h"
#include "cli/ServeCommand.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("aigw"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AIGW_VERSION));

    // The CLI speaks through its output; library chatter (migrations applied, ...) only with AIGW_VERBOSE=1.
    if (qEnvironmentVariable("AIGW_VERBOSE") != QLatin1String("1"))
        QLoggingCategory::setFilterRules(QStringLiteral("aigw.*.info=false"));

    QTextStream out(stdout);
    QTextStream err(stderr);
    CliApplication cli(out, err);
    cli.add(std::make_unique<ServeCommand>());
    cli.add(std::make_unique<MigrateCommand>());
    cli.add(std::make_unique<AdminCommand>());
    cli.add(std::make_unique<ProjectCommand>());
    cli.add(std::make_unique<KeyCommand>());
    cli.add(std::make_unique<CredentialCommand>());
    return cli.run(QCoreApplication::arguments().mid(1));
}
