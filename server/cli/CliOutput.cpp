#include "CliOutput.h"

#include <QJsonDocument>

void CliOutput::table(QTextStream& out, const QStringList& headers, const QList<QStringList>& rows)
{
    QList<qsizetype> widths;
    for (const QString& h : headers)
        widths << h.size();
    for (const QStringList& row : rows)
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = qMax(widths[i], row.at(i).size());
    const auto line = [&](const QStringList& cells) {
        QString s;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            if (i + 1 < cells.size())
                s += cells.at(i).leftJustified(widths.at(i) + 2);
            else
                s += cells.at(i);
        }
        out << s << '\n';
    };
    line(headers);
    for (const QStringList& row : rows)
        line(row);
    out.flush();
}

void CliOutput::json(QTextStream& out, const QJsonArray& array)
{
    out << QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
    out.flush();
}

void CliOutput::json(QTextStream& out, const QJsonObject& object)
{
    out << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
    out.flush();
}

void CliOutput::fields(QTextStream& out, const QList<QPair<QString, QString>>& fields)
{
    qsizetype width = 0;
    for (const auto& f : fields)
        width = qMax(width, f.first.size());
    for (const auto& f : fields)
        out << QString(f.first + QLatin1Char(':')).leftJustified(width + 2) << f.second << '\n';
    out.flush();
}
