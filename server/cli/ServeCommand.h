#pragma once

#include "Command.h"

/** aigw serve: the gateway. */
class ServeCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("serve"); }
    QString summary() const override { return QStringLiteral("run the gateway (OpenAI-compatible HTTP API)"); }
    QString usage() const override;
    Result<int> run(CliContext& context, const QStringList& args) override;
};
