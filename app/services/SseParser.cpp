#include "SseParser.h"

QList<QByteArray> SseParser::feed(const QByteArray& bytes)
{
    QList<QByteArray> out;
    for (char c : bytes) {
        if (m_pendingCr) {
            m_pendingCr = false;
            if (c == '\n')
                continue; // CRLF: the CR already ended the line
        }
        if (c == '\r' || c == '\n') {
            processLine(m_buffer, out);
            m_buffer.clear();
            m_pendingCr = c == '\r';
        } else {
            m_buffer.append(c);
        }
    }
    return out;
}

QList<QByteArray> SseParser::finish()
{
    QList<QByteArray> out;
    if (!m_buffer.isEmpty()) {
        processLine(m_buffer, out);
        m_buffer.clear();
    }
    processLine({}, out);
    return out;
}

void SseParser::processLine(const QByteArray& line, QList<QByteArray>& out)
{
    if (line.isEmpty()) {
        if (m_hasData)
            out << m_data;
        m_data.clear();
        m_hasData = false;
        return;
    }
    if (line.startsWith(':'))
        return;
    const qsizetype colon = line.indexOf(':');
    const QByteArray field = colon < 0 ? line : line.left(colon);
    QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
    if (value.startsWith(' '))
        value.remove(0, 1);
    if (field == "data") {
        if (m_hasData)
            m_data.append('\n');
        m_data.append(value);
        m_hasData = true;
    }
}
