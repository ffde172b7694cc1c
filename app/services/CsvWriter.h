#pragma once

#include <QStringList>

class QIODevice;

/** RFC 4180 CSV: fields with commas, quotes or line breaks are quoted; lines end with CRLF. */
class CsvWriter
{
public:
    explicit CsvWriter(QIODevice& device);

    void writeRow(const QStringList& fields);
    static QString escape(const QString& field);

private:
    QIODevice& m_device;
};
