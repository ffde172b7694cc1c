#pragma once

#include <QtGlobal>

/**
 * One member of a JSON object as byte ranges of the text it was read from: the key without its quotes (printable
 * ASCII without escapes wherever these are used), the value as written, without surrounding whitespace.
 */
struct JsonMemberRange
{
    qint32 keyBegin = 0;
    qint32 keyEnd = 0;
    qint32 valueBegin = 0;
    qint32 valueEnd = 0;
};
