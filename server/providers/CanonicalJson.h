#pragma once

#include "util/ByteSink.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <algorithm>
#include <cstring>
#include <vector>

/**
 * A strict JSON reader that writes back exactly the bytes QJsonDocument::toJson(Compact) would write for the same
 * text after QJsonDocument::fromJson: keys sorted, no whitespace, strings escaped as Qt escapes them, integers as
 * written. It costs a small fraction of the Qt round trip because values are kept as byte ranges of the input.
 *
 * With Numbers::Integers (the default), parse() accepts only text whose Qt round trip it reproduces provably and
 * refuses (false) everything else, which the caller then handles with QJsonDocument: keys that are not printable
 * ASCII without escapes, duplicate keys (Qt keeps the last), numbers other than integers of at most 18 digits (Qt
 * converts the rest to double), "-0", strings with raw control characters, invalid UTF-8, lone surrogates, \u
 * escapes of control characters other than \b \f \n \r \t, nesting deeper than 64. With Numbers::Any it also
 * accepts every number Qt reads as a normal double (for readers that take values and never write them back).
 * What parse() accepts is valid JSON that Qt reads without error.
 *
 * Nodes are numbered in document order; node 0 is the root. Object members carry their key.
 */
class CanonicalJson
{
public:
    enum class Type : quint8 { Object, Array, String, Number, Literal };

    struct Node
    {
        Type type = Type::Literal;
        bool plain = true; ///< String: no escapes, its bytes are already Qt's
        qint32 begin = 0; ///< the value's bytes in the input (strings with their quotes)
        qint32 end = 0;
        qint32 keyBegin = -1; ///< object member: the key without quotes
        qint32 keyEnd = -1;
        qint32 next = -1; ///< next sibling in document order
        qint32 firstChild = -1;
        qint32 children = 0;
        qint32 order = -1; ///< Object: where its members' indexes in key order start in m_order
        qint32 utf16Size = 0; ///< String: length of the decoded string in UTF-16 code units
    };

    /** Which numbers parse() accepts. */
    enum class Numbers : quint8 {
        Integers, ///< integers of at most 18 digits, not "-0": what write() reproduces
        /**
         * Any JSON number that Qt reads without error (a finite double, not an underflow to zero; subnormal
         * results are refused too). write() then writes numbers as they are, which is not always Qt's form: for
         * readers that take the values and never write the document back.
         */
        Any,
    };

    /** Reads json (kept by reference: it must outlive this object's use). */
    bool parse(QByteArrayView json, Numbers numbers = Numbers::Integers);
    /** A Number node as a double (any node with Numbers::Any; exact for integers of up to 15 digits). */
    double number(int i) const;

    const Node& node(int i) const { return m_nodes[size_t(i)]; }
    QByteArrayView key(int i) const
    {
        const Node& n = node(i);
        return n.keyBegin < 0 ? QByteArrayView() : QByteArrayView(m_json.data() + n.keyBegin, n.keyEnd - n.keyBegin);
    }
    QByteArrayView raw(int i) const
    {
        const Node& n = node(i);
        return QByteArrayView(m_json.data() + n.begin, n.end - n.begin);
    }
    /** The member called key of object node, or -1. */
    int member(int object, QByteArrayView key) const;
    /** The index-th member of object node in key order. */
    int memberInKeyOrder(int object, int index) const { return m_order[size_t(node(object).order + index)]; }
    /** A String node decoded. */
    QString string(int i) const;
    /** A Number node (always an integer of at most 18 digits). */
    qint64 integer(int i) const;

    /** The order of QJsonObject keys, for printable ASCII keys: byte order. */
    static int compareKeys(QByteArrayView a, QByteArrayView b)
    {
        const qsizetype n = std::min(a.size(), b.size());
        for (qsizetype i = 0; i < n; ++i) {
            if (a[i] != b[i])
                return uchar(a[i]) < uchar(b[i]) ? -1 : 1;
        }
        return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
    }

    /** Appends node i as QJsonDocument::toJson(Compact) writes it. */
    void write(int i, QByteArray& out) const;
    void write(int i, ByteSink& out) const;

private:
    int parseValue(qsizetype& pos, int depth);
    bool parseString(qsizetype& pos, Node& node) const;
    void writeString(const Node& node, ByteSink& out) const;

    QByteArrayView m_json;
    Numbers m_numbers = Numbers::Integers;
    std::vector<Node> m_nodes;
    std::vector<qint32> m_order;
};
