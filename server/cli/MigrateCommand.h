#pragma once

#include "Command.h"

/** aigw migrate: applies pending schema migrations and reports the version. */
class MigrateCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("migrate"); }
    QString summary() const override { return QStringLiteral("apply pending database migrations"); }
    QString usage() const override
    {
        return QStringLiteral("usage: aigw migrate\n\nMigrations are also applied automatically at start-up.\n");
    }
    Result<int> run(CliContext& context, const QStringList& args) override;
};
