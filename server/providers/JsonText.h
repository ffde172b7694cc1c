#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

/** Helpers shared by the JSON scanners that work on raw bytes (RawJsonObject, CanonicalJson, ChatRequest). */
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

/**
 * One JSON value written as text (a scalar too: QJsonDocument reads only objects and arrays, so it is read as
 * the single element of an array), or undefined when the text is not exactly one value.
 */
inline QJsonValue valueOf(QByteArrayView text)
{
    QByteArray wrapped;
    wrapped.reserve(text.size() + 2);
    wrapped.append('[');
    wrapped.append(text);
    wrapped.append(']');
    const QJsonArray array = QJsonDocument::fromJson(wrapped).array();
    return array.size() == 1 ? array.at(0) : QJsonValue(QJsonValue::Undefined);
}

} // namespace JsonText
