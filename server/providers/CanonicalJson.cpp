#include "CanonicalJson.h"

#include "providers/JsonText.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace {

constexpr int kMaxDepth = 64;
constexpr int kMaxIntegerDigits = 18; // always within qint64, so Qt keeps it an integer

using JsonText::isSpace;
using JsonText::skipSpace;

/** Printable ASCII other than '"' and '\\': bytes a string or key holds as they are (0x7F counts as not). */
constexpr auto kPlainByte = [] {
    std::array<bool, 256> table{};
    for (int c = 0x20; c < 0x7F; ++c)
        table[size_t(c)] = c != '"' && c != '\\';
    return table;
}();

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/** The 4 hex digits at pos, or -1. */
int hex4(QByteArrayView s, qsizetype pos)
{
    if (pos + 4 > s.size())
        return -1;
    int value = 0;
    for (int i = 0; i < 4; ++i) {
        const int d = hexDigit(s[pos + i]);
        if (d < 0)
            return -1;
        value = value * 16 + d;
    }
    return value;
}

bool isContinuation(uchar c)
{
    return (c & 0xC0) == 0x80;
}

/** Strict UTF-8 (no overlong forms, no surrogates, at most U+10FFFF) at pos: its length, or 0. */
int utf8Length(QByteArrayView s, qsizetype pos)
{
    const auto at = [&](qsizetype i) { return i < s.size() ? uchar(s[i]) : uchar(0); };
    const uchar c = at(pos);
    if (c >= 0xC2 && c <= 0xDF)
        return isContinuation(at(pos + 1)) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        const uchar c1 = at(pos + 1);
        const bool ok = (c == 0xE0) ? (c1 >= 0xA0 && c1 <= 0xBF)
            : (c == 0xED)           ? (c1 >= 0x80 && c1 <= 0x9F)
                                    : isContinuation(c1);
        return ok && isContinuation(at(pos + 2)) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        const uchar c1 = at(pos + 1);
        const bool ok = (c == 0xF0) ? (c1 >= 0x90 && c1 <= 0xBF)
            : (c == 0xF4)           ? (c1 >= 0x80 && c1 <= 0x8F)
                                    : isContinuation(c1);
        return ok && isContinuation(at(pos + 2)) && isContinuation(at(pos + 3)) ? 4 : 0;
    }
    return 0;
}

void appendUtf8(ByteSink& out, char32_t cp)
{
    if (cp < 0x80) {
        out.append(char(cp));
    } else if (cp < 0x800) {
        out.append(char(0xC0 | (cp >> 6)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.append(char(0xE0 | (cp >> 12)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else {
        out.append(char(0xF0 | (cp >> 18)));
        out.append(char(0x80 | ((cp >> 12) & 0x3F)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    }
}

/** The character after a backslash that Qt writes for a control character, or 0 (then it writes \u00XX). */
char namedEscape(char32_t c)
{
    switch (c) {
    case 0x08:
        return 'b';
    case 0x0C:
        return 'f';
    case 0x0A:
        return 'n';
    case 0x0D:
        return 'r';
    case 0x09:
        return 't';
    default:
        return 0;
    }
}

} // namespace

bool CanonicalJson::parse(QByteArrayView json, Numbers numbers)
{
    m_json = json;
    m_numbers = numbers;
    m_nodes.clear();
    m_order.clear();
    if (json.size() > 0x7FFFFFF0)
        return false;
    // About one node per dozen bytes in chat bodies and answers: grown a few times at most, not from one.
    m_nodes.reserve(size_t(json.size() / 12 + 8));
    m_order.reserve(size_t(json.size() / 16 + 8));
    qsizetype pos = skipSpace(json, 0);
    if (parseValue(pos, 0) < 0)
        return false;
    return skipSpace(json, pos) == json.size();
}

bool CanonicalJson::parseString(qsizetype& pos, Node& node) const
{
    // pos is at the opening quote.
    const QByteArrayView s = m_json;
    node.type = Type::String;
    node.begin = qint32(pos);
    qint32 units = 0;
    ++pos;
    while (true) {
        // A run of printable ASCII other than the quote and the backslash: one table lookup a byte.
        const qsizetype run = pos;
        while (pos < s.size() && kPlainByte[uchar(s[pos])])
            ++pos;
        units += qint32(pos - run);
        if (pos >= s.size())
            return false;
        const uchar c = uchar(s[pos]);
        if (c == '"')
            break;
        if (c < 0x20)
            return false; // Qt accepts raw control characters and escapes them: not worth reproducing
        if (c == '\\') {
            node.plain = false;
            if (pos + 1 >= s.size())
                return false;
            const char e = s[pos + 1];
            if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
                pos += 2;
                ++units;
                continue;
            }
            if (e != 'u')
                return false;
            const int u = hex4(s, pos + 2);
            if (u < 0)
                return false;
            pos += 6;
            if (u >= 0xDC00 && u <= 0xDFFF)
                return false; // lone low surrogate
            if (u >= 0xD800 && u <= 0xDBFF) {
                if (pos + 1 >= s.size() || s[pos] != '\\' || s[pos + 1] != 'u')
                    return false; // lone high surrogate
                const int low = hex4(s, pos + 2);
                if (low < 0xDC00 || low > 0xDFFF)
                    return false;
                pos += 6;
                units += 2;
                continue;
            }
            if (u < 0x20 && !namedEscape(char32_t(u)))
                return false;
            ++units;
            continue;
        }
        if (c < 0x80) {
            ++pos;
            ++units;
            continue;
        }
        const int length = utf8Length(s, pos);
        if (length == 0)
            return false;
        pos += length;
        units += length == 4 ? 2 : 1;
    }
    ++pos;
    node.end = qint32(pos);
    node.utf16Size = units;
    return true;
}

int CanonicalJson::parseValue(qsizetype& pos, int depth)
{
    const QByteArrayView s = m_json;
    if (pos >= s.size() || depth > kMaxDepth)
        return -1;
    const int index = int(m_nodes.size());
    m_nodes.emplace_back();
    const char first = s[pos];

    if (first == '{' || first == '[') {
        const bool object = first == '{';
        const char close = object ? '}' : ']';
        m_nodes[size_t(index)].type = object ? Type::Object : Type::Array;
        m_nodes[size_t(index)].begin = qint32(pos);
        pos = skipSpace(s, pos + 1);
        int previous = -1;
        int children = 0;
        if (pos < s.size() && s[pos] == close) {
            ++pos;
        } else {
            while (true) {
                qint32 keyBegin = -1;
                qint32 keyEnd = -1;
                if (object) {
                    if (pos >= s.size() || s[pos] != '"')
                        return -1;
                    keyBegin = qint32(++pos);
                    while (pos < s.size() && kPlainByte[uchar(s[pos])])
                        ++pos;
                    if (pos >= s.size() || s[pos] != '"')
                        return -1; // keys with escapes or beyond printable ASCII: Qt's order is not reproduced
                    keyEnd = qint32(pos);
                    pos = skipSpace(s, pos + 1);
                    if (pos >= s.size() || s[pos] != ':')
                        return -1;
                    pos = skipSpace(s, pos + 1);
                }
                const int child = parseValue(pos, depth + 1);
                if (child < 0)
                    return -1;
                m_nodes[size_t(child)].keyBegin = keyBegin;
                m_nodes[size_t(child)].keyEnd = keyEnd;
                if (previous < 0)
                    m_nodes[size_t(index)].firstChild = child;
                else
                    m_nodes[size_t(previous)].next = child;
                previous = child;
                ++children;
                pos = skipSpace(s, pos);
                if (pos >= s.size())
                    return -1;
                if (s[pos] == ',') {
                    pos = skipSpace(s, pos + 1);
                    continue;
                }
                if (s[pos] != close)
                    return -1;
                ++pos;
                break;
            }
        }
        Node& n = m_nodes[size_t(index)];
        n.end = qint32(pos);
        n.children = children;
        if (object) {
            n.order = qint32(m_order.size());
            for (int c = n.firstChild; c >= 0; c = m_nodes[size_t(c)].next)
                m_order.push_back(c);
            // Insertion sort: a handful of members, often nearly in order.
            for (size_t i = size_t(n.order) + 1; i < m_order.size(); ++i) {
                const qint32 member = m_order[i];
                const QByteArrayView memberKey = key(member);
                size_t j = i;
                for (; j > size_t(n.order); --j) {
                    const int order = compareKeys(key(m_order[j - 1]), memberKey);
                    if (order == 0)
                        return -1; // duplicate key: Qt keeps the last one
                    if (order < 0)
                        break;
                    m_order[j] = m_order[j - 1];
                }
                m_order[j] = member;
            }
        }
        return index;
    }

    if (first == '"') {
        Node string;
        if (!parseString(pos, string))
            return -1;
        m_nodes[size_t(index)] = string;
        return index;
    }

    Node& n = m_nodes[size_t(index)];
    n.begin = qint32(pos);
    if (first == '-' || (first >= '0' && first <= '9')) {
        n.type = Type::Number;
        qsizetype p = pos;
        if (s[p] == '-')
            ++p;
        const qsizetype digits = p;
        if (p < s.size() && s[p] == '0') {
            ++p;
        } else {
            while (p < s.size() && s[p] >= '0' && s[p] <= '9')
                ++p;
        }
        const qsizetype count = p - digits;
        if (m_numbers == Numbers::Any) {
            if (count == 0)
                return -1;
            const auto digitsFrom = [&](qsizetype from) {
                qsizetype to = from;
                while (to < s.size() && s[to] >= '0' && s[to] <= '9')
                    ++to;
                return to;
            };
            if (p < s.size() && s[p] == '.') {
                const qsizetype end = digitsFrom(p + 1);
                if (end == p + 1)
                    return -1;
                p = end;
            }
            if (p < s.size() && (s[p] == 'e' || s[p] == 'E')) {
                qsizetype from = p + 1;
                if (from < s.size() && (s[from] == '+' || s[from] == '-'))
                    ++from;
                const qsizetype end = digitsFrom(from);
                if (end == from)
                    return -1;
                p = end;
            }
            if (p < s.size() && s[p] >= '0' && s[p] <= '9')
                return -1; // a leading zero
            n.end = qint32(p);
            // Qt refuses what overflows or underflows to zero; subnormal results are refused here as well.
            double value = 0;
            const auto [end, error] = std::from_chars(s.data() + pos, s.data() + p, value);
            if (error != std::errc() || end != s.data() + p || !std::isfinite(value)
                || (value != 0 && std::fabs(value) < std::numeric_limits<double>::min()))
                return -1;
            bool zero = true; // all digits zero: the value is zero, otherwise an underflow
            for (qsizetype i = pos; i < p && s[i] != 'e' && s[i] != 'E'; ++i)
                zero = zero && (s[i] < '1' || s[i] > '9');
            if (value == 0 && !zero)
                return -1;
            pos = p;
            return index;
        }
        if (count == 0 || count > kMaxIntegerDigits)
            return -1;
        if (p < s.size() && (s[p] == '.' || s[p] == 'e' || s[p] == 'E' || (s[p] >= '0' && s[p] <= '9')))
            return -1; // a double (Qt rewrites it) or a leading zero
        if (s[pos] == '-' && s[digits] == '0')
            return -1; // "-0": Qt writes 0
        pos = p;
        n.end = qint32(pos);
        return index;
    }
    for (const QByteArrayView literal : {QByteArrayView("true"), QByteArrayView("false"), QByteArrayView("null")}) {
        if (s.sliced(pos).startsWith(literal)) {
            n.type = Type::Literal;
            pos += literal.size();
            n.end = qint32(pos);
            return index;
        }
    }
    return -1;
}

int CanonicalJson::member(int object, QByteArrayView name) const
{
    for (int c = node(object).firstChild; c >= 0; c = node(c).next) {
        const Node& n = node(c);
        if (n.keyEnd - n.keyBegin == name.size()
            && std::memcmp(m_json.data() + n.keyBegin, name.data(), size_t(name.size())) == 0)
            return c;
    }
    return -1;
}

QString CanonicalJson::string(int i) const
{
    const Node& n = node(i);
    if (n.plain)
        return QString::fromUtf8(m_json.sliced(n.begin + 1, n.end - n.begin - 2));
    return JsonText::valueOf(raw(i)).toString();
}

qint64 CanonicalJson::integer(int i) const
{
    return raw(i).toLongLong();
}

double CanonicalJson::number(int i) const
{
    const QByteArrayView text = raw(i);
    double value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value == 0 ? 0.0 : value; // Qt reads "-0" and "-0.0" as 0
}

void CanonicalJson::write(int i, QByteArray& out) const
{
    ByteSink sink(out);
    write(i, sink);
}

void CanonicalJson::write(int i, ByteSink& out) const
{
    const Node& n = node(i);
    switch (n.type) {
    case Type::Object:
        out.append('{');
        for (int k = 0; k < n.children; ++k) {
            const int child = m_order[size_t(n.order + k)];
            if (k > 0)
                out.append(',');
            out.append('"');
            out.append(key(child));
            out.append("\":");
            write(child, out);
        }
        out.append('}');
        return;
    case Type::Array:
        out.append('[');
        for (int child = n.firstChild; child >= 0; child = node(child).next) {
            if (child != n.firstChild)
                out.append(',');
            write(child, out);
        }
        out.append(']');
        return;
    case Type::String:
        if (n.plain)
            out.append(raw(i));
        else
            writeString(n, out);
        return;
    case Type::Number:
    case Type::Literal:
        out.append(raw(i));
        return;
    }
}

void CanonicalJson::writeString(const Node& n, ByteSink& out) const
{
    // parse() checked the escapes; Qt writes \" \\ \b \f \n \r \t escaped, every other character as UTF-8
    // ("/" and U+007F included), which is what the escapes below decode to.
    const QByteArrayView s = m_json;
    out.append('"');
    qsizetype pos = n.begin + 1;
    const qsizetype last = n.end - 1;
    while (pos < last) {
        const qsizetype backslash = s.sliced(pos, last - pos).indexOf('\\');
        if (backslash < 0) {
            out.append(s.sliced(pos, last - pos));
            break;
        }
        out.append(s.sliced(pos, backslash));
        pos += backslash;
        const char e = s[pos + 1];
        if (e != 'u') {
            if (e == '/')
                out.append('/');
            else
                out.append(s.sliced(pos, 2));
            pos += 2;
            continue;
        }
        char32_t cp = char32_t(hex4(s, pos + 2));
        pos += 6;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            const char32_t low = char32_t(hex4(s, pos + 2));
            pos += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        if (cp == '"' || cp == '\\') {
            out.append('\\');
            out.append(char(cp));
        } else if (cp < 0x20) {
            out.append('\\');
            out.append(namedEscape(cp));
        } else {
            appendUtf8(out, cp);
        }
    }
    out.append('"');
}
