#pragma once

#include <QByteArrayView>

/** Byte-level helpers shared by the JSON scanners that work on raw bytes (RawJsonObject, CanonicalJson). */
namespace JsonText {

/** JSON's insignificant whitespace. */
inline bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/** The first position at or after pos that is not whitespace (s.size() if none). */
inline qsizetype skipSpace(QByteArrayView s, qsizetype pos)
{
    while (pos < s.size() && isSpace(s[pos]))
        ++pos;
    return pos;
}

} // namespace JsonText
