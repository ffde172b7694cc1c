#pragma once

#include "Command.h"

#include <QTextStream>

#include <memory>
#include <vector>

/**
 * `aigw [--database URL] [--config FILE] COMMAND ...`: finds the sub-command and runs it. Every failure
 * becomes one line on stderr ("aigw: error: ...") and a non-zero exit code: 2 for usage errors, 1 for
 * everything else.
 */
class CliApplication
{
public:
    CliApplication(QTextStream& out, QTextStream& err);
    ~CliApplication();

    void add(std::unique_ptr<Command> command);
    int run(const QStringList& arguments);

private:
    void printHelp(QTextStream& stream) const;
    Command* find(const QString& name) const;

    QTextStream& m_out;
    QTextStream& m_err;
    std::vector<std::unique_ptr<Command>> m_commands;
};
