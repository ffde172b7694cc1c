#include "MigrateCommand.h"

#include "CliArguments.h"
#include "CliContext.h"
#include "storage/Database.h"
#include "storage/Migrator.h"

Result<int> MigrateCommand::run(CliContext& ctx, const QStringList& args)
{
    auto parsed = CliArguments::parse(args, {}, {});
    if (!parsed)
        return parsed.error();
    if (auto e = parsed.value().expectPositionals({}); !e)
        return e.error();
    Database db(ctx.databaseUrl());
    Migrator migrator(db);
    auto applied = migrator.migrate();
    if (!applied)
        return applied.error();
    auto version = migrator.currentVersion();
    if (!version)
        return version.error();
    ctx.out() << "database " << ctx.databaseUrl().redacted() << " is at schema version " << version.value() << " ("
              << applied.value() << " migration" << (applied.value() == 1 ? "" : "s") << " applied)\n";
    return 0;
}
