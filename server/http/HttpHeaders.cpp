#include "HttpHeaders.h"

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

void HttpHeaders::remove(const QByteArray& name)
{
    m_fields.removeIf([&](const Field& f) { return f.first.compare(name, Qt::CaseInsensitive) == 0; });
}

bool HttpHeaders::contains(const QByteArray& name) const
{
    for (const auto& f : m_fields) {
        if (f.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArray HttpHeaders::value(const QByteArray& name) const
{
    QByteArray joined;
    bool found = false;
    for (const auto& f : m_fields) {
        if (f.first.compare(name, Qt::CaseInsensitive) != 0)
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
        if (f.first.compare(name, Qt::CaseInsensitive) == 0)
            result.append(f.second);
    }
    return result;
}

bool HttpHeaders::isValidName(const QByteArray& name)
{
    if (name.isEmpty())
        return false;
    for (const char c : name) {
        const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!alnum && !QByteArrayView("!#$%&'*+-.^_`|~").contains(c))
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
