#pragma once

#include "Command.h"

/** aigw key create|list|revoke */
class KeyCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("key"); }
    QString summary() const override;
    QString usage() const override;
    Result<int> run(CliContext& context, const QStringList& args) override;
};
