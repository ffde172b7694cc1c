#pragma once

#include "Command.h"

/** aigw admin create|list|delete */
class AdminCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("admin"); }
    QString summary() const override;
    QString usage() const override;
    Result<int> run(CliContext& context, const QStringList& args) override;
};
