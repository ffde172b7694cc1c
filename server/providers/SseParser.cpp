#include "SseParser.h"

#include <cstring>

SseParser::SseParser(qsizetype maxEventBytes)
    : m_maxEventBytes(maxEventBytes)
{ }

QList<SseEvent> SseParser::feed(QByteArrayView bytes)
{
    QList<SseEvent> out;
    if (m_overflowed || m_finished)
        return out;
    qsizetype pos = 0;
    if (m_afterCarriageReturn && !bytes.isEmpty()) {
        // The LF of a CR LF pair split across two feeds.
        if (bytes[0] == '\n')
            pos = 1;
        m_afterCarriageReturn = false;
    }
    while (pos < bytes.size()) {
        // The next CR or LF (memchr is vectorised; a byte loop was a tenth of a relayed event's cost).
        const char* begin = bytes.data() + pos;
        const size_t rest = size_t(bytes.size() - pos);
        const auto* lf = static_cast<const char*>(std::memchr(begin, '\n', rest));
        const auto* cr = static_cast<const char*>(std::memchr(begin, '\r', lf ? size_t(lf - begin) : rest));
        qsizetype end = cr ? pos + (cr - begin) : (lf ? pos + (lf - begin) : bytes.size());
        if (m_line.size() + (end - pos) + m_data.size() > m_maxEventBytes) {
            m_overflowed = true;
            m_line.clear();
            m_data.clear();
            return out;
        }
        if (end == bytes.size()) {
            m_line.append(bytes.sliced(pos));
            break;
        }
        if (m_line.isEmpty()) {
            processLine(bytes.sliced(pos, end - pos), out);
        } else {
            m_line.append(bytes.sliced(pos, end - pos));
            processLine(m_line, out);
            m_line.clear();
        }
        if (bytes[end] == '\r') {
            if (end + 1 < bytes.size()) {
                if (bytes[end + 1] == '\n')
                    ++end;
            } else {
                m_afterCarriageReturn = true;
            }
        }
        pos = end + 1;
    }
    return out;
}

QList<SseEvent> SseParser::finish()
{
    QList<SseEvent> out;
    if (m_overflowed || m_finished)
        return out;
    m_finished = true;
    if (!m_line.isEmpty()) {
        const QByteArray line = m_line;
        m_line.clear();
        processLine(line, out);
    }
    if (m_hasData)
        dispatch(out);
    return out;
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent>& out)
{
    if (m_firstLine) {
        m_firstLine = false;
        if (line.startsWith("\xEF\xBB\xBF"))
            line = line.sliced(3);
    }
    if (line.isEmpty()) {
        if (m_hasData)
            dispatch(out);
        else
            m_event.clear();
        return;
    }
    if (line[0] == ':')
        return; // comment
    QByteArrayView field = line;
    QByteArrayView value;
    const qsizetype colon = line.indexOf(':');
    if (colon >= 0) {
        field = line.first(colon);
        value = line.sliced(colon + 1);
        if (value.startsWith(' '))
            value = value.sliced(1);
    }
    if (field == "data") {
        if (m_hasData)
            m_data.append('\n');
        m_data.append(value);
        m_hasData = true;
    } else if (field == "event") {
        m_event = value.toByteArray();
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_id = value.toByteArray();
    }
}

void SseParser::dispatch(QList<SseEvent>& out)
{
    out.append(SseEvent{m_event, m_data, m_id});
    m_event.clear();
    m_data.clear();
    m_hasData = false;
    // Per the spec the last event id persists across events; it is not reset here.
}
