#pragma once

#include "Command.h"

/** aigw credential set|list|delete */
class CredentialCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("credential"); }
    QString summary() const override;
    QString usage() const override;
    Result<int> run(CliContext& context, const QStringList& args) override;
};
