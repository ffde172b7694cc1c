#pragma once

#include "Command.h"

/** aigw project create|list|show|update|deactivate|activate */
class ProjectCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("project"); }
    QString summary() const override;
    QString usage() const override;
    Result<int> run(CliContext& context, const QStringList& args) override;
};
