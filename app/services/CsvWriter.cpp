#include "CsvWriter.h"

#include <QIODevice>

CsvWriter::CsvWriter(QIODevice& device)
    : m_device(device)
{ }

QString CsvWriter::escape(const QString& field)
{
    QString f = field;
    // A leading =, +, - or @ makes spreadsheets evaluate the cell; prefix it so it stays text.
    if (!f.isEmpty() && QStringLiteral("=+-@").contains(f.at(0)) && !(f.size() > 1 && f.at(1).isDigit()))
        f.prepend(QLatin1Char('\''));
    if (f.contains(QLatin1Char(',')) || f.contains(QLatin1Char('"')) || f.contains(QLatin1Char('\n'))
        || f.contains(QLatin1Char('\r'))) {
        f.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        f = QLatin1Char('"') + f + QLatin1Char('"');
    }
    return f;
}

void CsvWriter::writeRow(const QStringList& fields)
{
    QStringList escaped;
    escaped.reserve(fields.size());
    for (const QString& f : fields)
        escaped << escape(f);
    m_device.write((escaped.join(QLatin1Char(',')) + QStringLiteral("\r\n")).toUtf8());
}
