#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <algorithm>
#include <charconv>
#include <cstring>

/**
 * Appends to a QByteArray through a plain pointer; the array gets its final size when the sink is destroyed.
 * (QByteArray::append() is an out-of-line call of about a hundred instructions, which dominated writing JSON.)
 */
class ByteSink
{
public:
    explicit ByteSink(QByteArray& out)
        : m_out(out)
        , m_size(out.size())
    {
        m_out.resize(std::max(m_out.capacity(), m_size));
        m_data = m_out.data();
        m_capacity = m_out.size();
    }
    ~ByteSink() { m_out.resize(m_size); }
    Q_DISABLE_COPY_MOVE(ByteSink)

    qsizetype size() const { return m_size; }
    void append(char c)
    {
        ensure(1);
        m_data[m_size++] = c;
    }
    void append(QByteArrayView bytes)
    {
        ensure(bytes.size());
        if (!bytes.isEmpty())
            std::memcpy(m_data + m_size, bytes.data(), size_t(bytes.size()));
        m_size += bytes.size();
    }
    /** The decimal digits of n, with a '-' when negative. */
    void appendNumber(qint64 n)
    {
        ensure(20);
        m_size = std::to_chars(m_data + m_size, m_data + m_capacity, n).ptr - m_data;
    }

private:
    void ensure(qsizetype n)
    {
        if (m_size + n > m_capacity) {
            m_out.resize(std::max(m_size + n, 2 * m_capacity + 64));
            m_data = m_out.data();
            m_capacity = m_out.size();
        }
    }

    QByteArray& m_out;
    char* m_data = nullptr;
    qsizetype m_size = 0;
    qsizetype m_capacity = 0;
};
