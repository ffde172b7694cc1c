#pragma once

#include <QString>
#include <QStringList>

/**
 * Splits a migration file into statements at top-level semicolons, honouring '...' strings,
 * "..." identifiers, line and block comments and PostgreSQL $tag$ dollar quoting (function bodies).
 */
class SqlScript
{
public:
    static QStringList split(const QString& script);
};
