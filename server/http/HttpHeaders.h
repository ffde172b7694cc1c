#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

#include <initializer_list>
#include <utility>

/**
 * An ordered list of HTTP header fields with case-insensitive lookup. Names keep the spelling they were
 * received or added with; repeated fields are kept as separate entries.
 */
class HttpHeaders
{
public:
    using Field = QPair<QByteArray, QByteArray>;

    HttpHeaders() = default;
    HttpHeaders(std::initializer_list<std::pair<QByteArray, QByteArray>> fields);

    void append(const QByteArray& name, const QByteArray& value);
    /** Removes every field called @p name, then appends one. */
    void set(const QByteArray& name, const QByteArray& value);
    void remove(const QByteArray& name);

    bool contains(const QByteArray& name) const;
    /** The value of @p name; repeated fields are joined with ", " (as RFC 9110 allows). Null if absent. */
    QByteArray value(const QByteArray& name) const;
    /** Every value of @p name, in order. */
    QList<QByteArray> values(const QByteArray& name) const;

    const QList<Field>& fields() const { return m_fields; }
    qsizetype size() const { return m_fields.size(); }
    bool isEmpty() const { return m_fields.isEmpty(); }

    /** Header names compare case-insensitively (ASCII). */
    static bool sameName(QByteArrayView a, QByteArrayView b);
    /** True if @p name is an RFC 9110 token (letters, digits and !#$%&'*+-.^_`|~). */
    static bool isValidName(const QByteArray& name);
    /** True if @p value has no CR, LF or NUL (a handler cannot inject headers through it). */
    static bool isValidValue(const QByteArray& value);

private:
    QList<Field> m_fields;
};
