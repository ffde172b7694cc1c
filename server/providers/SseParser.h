#pragma once

#include "providers/SseEvent.h"

#include <QByteArray>
#include <QList>

/**
 * Incremental Server-Sent Events parser (WHATWG HTML "event stream interpretation").
 *
 * Accepts bytes split anywhere (inside a line, inside a CR LF pair, inside a UTF-8 sequence), LF, CR LF or CR
 * line endings, `event:` / `data:` / `id:` fields (one optional space after the colon is dropped), several
 * `data:` lines per event (joined with '\n'), comment lines starting with ':', and a UTF-8 BOM at the start.
 * `retry:` and unknown fields are ignored. An event is dispatched at a blank line when it has at least one
 * `data:` line.
 *
 * At end of input, finish() is lenient where the spec is strict: an unterminated last line is still read and a
 * pending event with data is dispatched, because some servers omit the final blank line. Whether the stream was
 * complete is the translator's decision (it knows each provider's end marker), not the parser's.
 */
class SseParser
{
public:
    /** maxEventBytes caps one line plus the data of one event; beyond it the parser stops (overflowed()). */
    explicit SseParser(qsizetype maxEventBytes = 16 * 1024 * 1024);

    /** Parses more bytes and returns the events they complete. */
    QList<SseEvent> feed(QByteArrayView bytes);
    /** End of input: returns the events still pending (see the class comment). */
    QList<SseEvent> finish();
    /** True once an event grew beyond maxEventBytes; the parser then ignores all further input. */
    bool overflowed() const { return m_overflowed; }

private:
    void processLine(QByteArrayView line, QList<SseEvent>& out);
    void dispatch(QList<SseEvent>& out);

    qsizetype m_maxEventBytes;
    QByteArray m_line;
    QByteArray m_event;
    QByteArray m_data;
    QByteArray m_id;
    bool m_hasData = false;
    bool m_afterCarriageReturn = false;
    bool m_firstLine = true;
    bool m_overflowed = false;
    bool m_finished = false;
};
