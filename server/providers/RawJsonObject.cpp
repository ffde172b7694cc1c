#include "RawJsonObject.h"

#include "providers/JsonText.h"
#include "util/ByteSink.h"

#include <QCborValue>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

namespace {

using JsonText::isSpace;
using JsonText::skipSpace;

/** pos is at an opening quote; returns the index just past the closing quote, or -1. */
qsizetype skipString(QByteArrayView s, qsizetype pos)
{
    for (++pos; pos < s.size(); ++pos) {
        if (s[pos] == '\\')
            ++pos;
        else if (s[pos] == '"')
            return pos + 1;
    }
    return -1;
}

/** pos is at the first byte of a value; returns the index just past it, or -1. */
qsizetype skipValue(QByteArrayView s, qsizetype pos)
{
    if (pos >= s.size())
        return -1;
    const char first = s[pos];
    if (first == '"')
        return skipString(s, pos);
    if (first == '{' || first == '[') {
        int depth = 0;
        while (pos < s.size()) {
            const char c = s[pos];
            if (c == '"') {
                pos = skipString(s, pos);
                if (pos < 0)
                    return -1;
                continue;
            }
            if (c == '{' || c == '[')
                ++depth;
            else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return pos + 1;
            }
            ++pos;
        }
        return -1;
    }
    const qsizetype start = pos;
    while (pos < s.size() && !isSpace(s[pos]) && s[pos] != ',' && s[pos] != '}' && s[pos] != ']')
        ++pos;
    return pos > start ? pos : -1;
}

/** True when the bytes are printable ASCII other than a backslash: the key is the bytes themselves. */
bool isPlainKey(QByteArrayView bytes)
{
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x80 || c == '\\')
            return false;
    }
    return true;
}

} // namespace

std::optional<RawJsonObject> RawJsonObject::parse(const QByteArray& source)
{
    RawJsonObject object;
    object.m_members.reserve(16); // a chat completion has about ten top-level members
    object.m_source = source;
    if (!object.m_source.data_ptr().d_ptr())
        object.m_source.detach(); // fromRawData: the caller owns the bytes, so keep a copy of our own
    const QByteArrayView json(object.m_source);
    const auto view
        = [&json](qsizetype from, qsizetype to) { return QByteArray::fromRawData(json.data() + from, to - from); };

    qsizetype pos = skipSpace(json, 0);
    if (pos >= json.size() || json[pos] != '{')
        return std::nullopt;
    pos = skipSpace(json, pos + 1);
    if (pos < json.size() && json[pos] == '}') {
        pos = skipSpace(json, pos + 1);
        return pos == json.size() ? std::optional<RawJsonObject>(std::move(object)) : std::nullopt;
    }
    while (true) {
        if (pos >= json.size() || json[pos] != '"')
            return std::nullopt;
        const qsizetype keyEnd = skipString(json, pos);
        if (keyEnd < 0)
            return std::nullopt;
        Member member;
        member.rawKey = view(pos, keyEnd);
        member.plain = isPlainKey(json.sliced(pos + 1, keyEnd - pos - 2));
        if (!member.plain) {
            const QJsonValue decoded = JsonText::valueOf(member.rawKey);
            if (!decoded.isString())
                return std::nullopt;
            member.decodedKey = decoded.toString();
        }

        pos = skipSpace(json, keyEnd);
        if (pos >= json.size() || json[pos] != ':')
            return std::nullopt;
        pos = skipSpace(json, pos + 1);
        const qsizetype valueEnd = skipValue(json, pos);
        if (valueEnd < 0)
            return std::nullopt;
        member.rawValue = view(pos, valueEnd);
        object.m_members.append(std::move(member));

        pos = skipSpace(json, valueEnd);
        if (pos >= json.size())
            return std::nullopt;
        if (json[pos] == ',') {
            pos = skipSpace(json, pos + 1);
            continue;
        }
        if (json[pos] != '}')
            return std::nullopt;
        pos = skipSpace(json, pos + 1);
        return pos == json.size() ? std::optional<RawJsonObject>(std::move(object)) : std::nullopt;
    }
}

RawJsonObject RawJsonObject::fromRanges(const QByteArray& source, const QList<JsonMemberRange>& members)
{
    RawJsonObject object;
    object.m_members.reserve(members.size() + 4);
    object.m_source = source;
    if (!object.m_source.data_ptr().d_ptr())
        object.m_source.detach(); // fromRawData: the caller owns the bytes, so keep a copy of our own
    const char* json = object.m_source.constData();
    for (const JsonMemberRange& m : members) {
        Member member;
        member.rawKey = QByteArray::fromRawData(json + m.keyBegin - 1, m.keyEnd - m.keyBegin + 2);
        member.rawValue = QByteArray::fromRawData(json + m.valueBegin, m.valueEnd - m.valueBegin);
        object.m_members.append(std::move(member));
    }
    return object;
}

RawJsonObject::Member RawJsonObject::makeMember(const QString& key, const QByteArray& rawValue)
{
    Member member;
    appendString(member.rawKey, key);
    member.rawValue = rawValue;
    member.plain = isPlainKey(QByteArrayView(member.rawKey).sliced(1, member.rawKey.size() - 2));
    if (!member.plain)
        member.decodedKey = key;
    return member;
}

bool RawJsonObject::matches(const Member& member, const QString& key)
{
    if (!member.plain)
        return member.decodedKey == key;
    return key == QLatin1StringView(member.rawKey.constData() + 1, member.rawKey.size() - 2);
}

QString RawJsonObject::keyOf(const Member& member)
{
    return member.plain ? QString::fromLatin1(member.rawKey.constData() + 1, member.rawKey.size() - 2)
                        : member.decodedKey;
}

QStringList RawJsonObject::keys() const
{
    QStringList result;
    for (const Member& m : m_members) {
        const QString key = keyOf(m);
        if (!result.contains(key))
            result.append(key);
    }
    return result;
}

bool RawJsonObject::hasDuplicateKeys() const
{
    for (qsizetype i = 0; i < m_members.size(); ++i) {
        const Member& a = m_members[i];
        for (qsizetype j = i + 1; j < m_members.size(); ++j) {
            const Member& b = m_members[j];
            if (a.plain && b.plain ? a.rawKey == b.rawKey : keyOf(a) == keyOf(b))
                return true;
        }
    }
    return false;
}

bool RawJsonObject::contains(const QString& key) const
{
    for (const Member& m : m_members) {
        if (matches(m, key))
            return true;
    }
    return false;
}

QByteArray RawJsonObject::rawValue(const QString& key) const
{
    // QJsonDocument keeps the last duplicate; so do we.
    for (auto it = m_members.crbegin(); it != m_members.crend(); ++it) {
        if (matches(*it, key))
            return it->rawValue;
    }
    return {};
}

void RawJsonObject::remove(const QString& key)
{
    m_members.removeIf([&key](const Member& m) { return matches(m, key); });
}

void RawJsonObject::insert(const QString& key, const QJsonValue& value)
{
    if (value.isUndefined()) {
        remove(key);
        return;
    }
    insertRaw(key, serialize(value));
}

void RawJsonObject::insertRaw(const QString& key, const QByteArray& raw)
{
    bool replaced = false;
    for (qsizetype i = 0; i < m_members.size();) {
        if (!matches(m_members[i], key)) {
            ++i;
        } else if (!replaced) {
            m_members[i].rawValue = raw;
            replaced = true;
            ++i;
        } else {
            m_members.removeAt(i);
        }
    }
    if (!replaced)
        m_members.append(makeMember(key, raw));
}

QByteArray RawJsonObject::toJson() const
{
    qsizetype size = m_members.size() + 1;
    for (const Member& m : m_members)
        size += m.rawKey.size() + 1 + m.rawValue.size();
    QByteArray out;
    out.reserve(size);
    {
        ByteSink sink(out); // gives out its final size when it goes
        sink.append('{');
        for (qsizetype i = 0; i < m_members.size(); ++i) {
            if (i > 0)
                sink.append(',');
            sink.append(m_members[i].rawKey);
            sink.append(':');
            sink.append(m_members[i].rawValue);
        }
        sink.append('}');
    }
    return out;
}

namespace {

void appendString(QByteArray& out, const QString& text)
{
    // Printable ASCII without quotes or backslashes (ids, model and provider names) is its own UTF-8 and needs
    // no escape: written straight into out, with no intermediate copy.
    const qsizetype start = out.size();
    out.resize(start + text.size() + 2);
    char* to = out.data() + start;
    *to++ = '"';
    bool simple = true;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u >= 0x7f || u == '"' || u == '\\') {
            simple = false;
            break;
        }
        *to++ = char(u);
    }
    if (simple) {
        *to = '"';
        return;
    }
    out.truncate(start);
    const QByteArray utf8 = text.toUtf8();
    out.reserve(out.size() + utf8.size() + 2);
    out.append('"');
    qsizetype plain = 0; // start of the run of bytes that need no escape
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const char c = utf8[i];
        const auto u = static_cast<unsigned char>(c);
        if (c != '"' && c != '\\' && u >= 0x20)
            continue;
        out.append(utf8.constData() + plain, i - plain);
        plain = i + 1;
        if (c == '"' || c == '\\') {
            out.append('\\');
            out.append(c);
            continue;
        }
        static const char* const named[] = {"\\b", "\\t", "\\n", nullptr, "\\f", "\\r"};
        const char* name = u >= 8 && u <= 13 ? named[u - 8] : nullptr;
        if (name) {
            out.append(name);
        } else {
            static const char hex[] = "0123456789abcdef";
            out.append("\\u00");
            out.append(hex[u >> 4]);
            out.append(hex[u & 0xf]);
        }
    }
    out.append(utf8.constData() + plain, utf8.size() - plain);
    out.append('"');
}

// Compact JSON exactly as QJsonDocument writes it (Qt 6.4 qjsonwriter: integers as integers, doubles in
// the shortest round-trip form, non-finite as null, object members in QJsonObject's order), without
// building a document.
void appendNumber(QByteArray& out, const QJsonValue& value)
{
    const QCborValue number = QCborValue::fromJsonValue(value);
    if (number.isInteger()) {
        out.append(QByteArray::number(number.toInteger()));
        return;
    }
    const double d = number.toDouble();
    if (!qIsFinite(d))
        out.append("null");
    else
        out.append(QByteArray::number(d, 'g', QLocale::FloatingPointShortest));
}

void appendValue(QByteArray& out, const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out.append("null");
        return;
    case QJsonValue::Bool:
        out.append(value.toBool() ? "true" : "false");
        return;
    case QJsonValue::Double:
        appendNumber(out, value);
        return;
    case QJsonValue::String:
        appendString(out, value.toString());
        return;
    case QJsonValue::Array: {
        out.append('[');
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (i > 0)
                out.append(',');
            appendValue(out, array.at(i));
        }
        out.append(']');
        return;
    }
    case QJsonValue::Object: {
        out.append('{');
        const QJsonObject object = value.toObject();
        bool first = true;
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (!first)
                out.append(',');
            first = false;
            appendString(out, it.key());
            out.append(':');
            appendValue(out, it.value());
        }
        out.append('}');
        return;
    }
    }
}

} // namespace

void RawJsonObject::appendNumber(QByteArray& out, double value)
{
    ::appendNumber(out, QJsonValue(value));
}

void RawJsonObject::appendString(QByteArray& out, const QString& text)
{
    ::appendString(out, text);
}

QByteArray RawJsonObject::serialize(const QJsonValue& value)
{
    QByteArray out;
    appendValue(out, value);
    return out;
}
