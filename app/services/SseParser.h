#pragma once

#include <QByteArray>
#include <QList>

/**
 * Incremental parser for text/event-stream: feed it bytes as they arrive, in chunks of any size, and
 * take the data payload of each complete event (multi-line data joined by \n; comments and other
 * fields ignored; LF, CRLF and CR line endings accepted).
 */
class SseParser
{
public:
    /** Appends bytes and returns the data of every event completed by them. */
    QList<QByteArray> feed(const QByteArray& bytes);
    /** Whatever complete event is left when the stream ends without a final blank line. */
    QList<QByteArray> finish();

private:
    void processLine(const QByteArray& line, QList<QByteArray>& out);

    QByteArray m_buffer;
    QByteArray m_data;
    bool m_hasData = false;
    bool m_pendingCr = false;
};
