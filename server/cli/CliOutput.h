#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <QTextStream>

/** Prints aligned text tables and JSON for the sub-commands. */
class CliOutput
{
public:
    static void table(QTextStream& out, const QStringList& headers, const QList<QStringList>& rows);
    static void json(QTextStream& out, const QJsonArray& array);
    static void json(QTextStream& out, const QJsonObject& object);
    /** "key: value" lines with aligned values. */
    static void fields(QTextStream& out, const QList<QPair<QString, QString>>& fields);
};
