#include "HttpHeaders.h"

#include <array>
#include <string_view>

HttpHeaders::HttpHeaders(std::initializer_list<std::pair<QByteArray, QByteArray>> fields)
{
    m_fields.reserve(qsizetype(fields.size()));
    for (const auto& field : fields)
        m_fields.append({field.first, field.second});
}

void HttpHeaders::append(const QByteArray& name, const QByteArray& value)
{
    m_fields.append({name, value});
}

void HttpHeaders::set(const QByteArray& name, const QByteArray& value)
{
    remove(name);
    append(name, value);
}

bool HttpHeaders::sameName(QByteArrayView a, QByteArrayView b)
{
    // Sizes first: most names differ in length, and the case-insensitive comparison is a call.
    return a.size() == b.size() && qstrnicmp(a.data(), a.size(), b.data(), b.size()) == 0;
}

void HttpHeaders::remove(const QByteArray& name)
{
    m_fields.removeIf([&](const Field& f) { return sameName(f.first, name); });
}

bool HttpHeaders::contains(const QByteArray& name) const
{
    for (const auto& f : m_fields) {
        if (sameName(f.first, name))
            return true;
    }
    return false;
}

QByteArray HttpHeaders::value(const QByteArray& name) const
{
    QByteArray joined;
    bool found = false;
    for (const auto& f : m_fields) {
        if (!sameName(f.first, name))
            continue;
        if (found)
            joined += ", ";
        joined += f.second;
        found = true;
    }
    if (found && joined.isNull())
        joined = QByteArray("");
    return joined;
}

QList<QByteArray> HttpHeaders::values(const QByteArray& name) const
{
    QList<QByteArray> result;
    for (const auto& f : m_fields) {
        if (sameName(f.first, name))
            result.append(f.second);
    }
    return result;
}

bool HttpHeaders::isValidName(const QByteArray& name)
{
    // RFC 9110 tchar, as a table: response headers are checked on every response.
    static constexpr auto tchar = [] {
        std::array<bool, 256> table{};
        for (int c = '0'; c <= '9'; ++c)
            table[c] = true;
        for (int c = 'a'; c <= 'z'; ++c)
            table[c] = true;
        for (int c = 'A'; c <= 'Z'; ++c)
            table[c] = true;
        for (const char c : std::string_view("!#$%&'*+-.^_`|~"))
            table[static_cast<unsigned char>(c)] = true;
        return table;
    }();
    if (name.isEmpty())
        return false;
    for (const char c : name) {
        if (!tchar[static_cast<unsigned char>(c)])
            return false;
    }
    return true;
}

bool HttpHeaders::isValidValue(const QByteArray& value)
{
    for (const char c : value) {
        if (c == '\r' || c == '\n' || c == '\0')
            return false;
    }
    return true;
}
