#pragma once

#include "providers/JsonMemberRange.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

/**
 * A JSON object kept as the original bytes of each top-level member, so a body can be forwarded with a few
 * members changed and everything else byte for byte. QJsonObject cannot do this: it sorts keys, which would
 * reorder, for instance, the properties of a client's json_schema (OpenAI structured outputs generate fields in
 * schema order).
 *
 * Only the top level is split; member values are opaque byte ranges. Intended for bodies that QJsonDocument has
 * already accepted: parse() gives up (nullopt) on anything it does not understand rather than guessing.
 */
class RawJsonObject
{
public:
    /**
     * Splits json into its members. The members are views into json's bytes, which this object keeps a
     * reference to (QByteArray sharing, no copy; a QByteArray::fromRawData argument is copied).
     */
    static std::optional<RawJsonObject> parse(const QByteArray& json);
    /**
     * The object json is, from the top-level members a reader already found in it (plain keys, none twice),
     * without reading it again.
     */
    static RawJsonObject fromRanges(const QByteArray& json, const QList<JsonMemberRange>& members);

    QStringList keys() const;
    /** True when two members have the same key (decoded, so "a" and "\u0061" count as the same). */
    bool hasDuplicateKeys() const;
    /** Members as written, duplicates included. */
    qsizetype size() const { return m_members.size(); }
    bool contains(const QString& key) const;
    /** The value bytes of the last member called key (as written, without surrounding whitespace). */
    QByteArray rawValue(const QString& key) const;
    /** Removes every member called key. */
    void remove(const QString& key);
    /**
     * Sets key to value: the first member with that name keeps its position and gets the new value (later
     * duplicates are removed); otherwise the member is appended. An undefined value removes the key.
     */
    void insert(const QString& key, const QJsonValue& value);
    /** insert() with the value given as compact JSON text (as serialize() writes it); nothing checks it. */
    void insertRaw(const QString& key, const QByteArray& rawJson);
    /** '{' + members joined with ',' + '}': untouched members exactly as they were written. */
    QByteArray toJson() const;

    /** Compact JSON text of any value, scalars included ("1.5", "\"x\"", "null"). */
    static QByteArray serialize(const QJsonValue& value);
    /** Appends serialize(QJsonValue(value)) to out, without building the value. */
    static void appendNumber(QByteArray& out, double value);
    /** Appends serialize(QJsonValue(text)) to out. */
    static void appendString(QByteArray& out, const QString& text);

private:
    struct Member
    {
        QByteArray rawKey; ///< with its quotes, as written (a fromRawData view into m_source when parsed)
        QByteArray rawValue; ///< likewise
        QString decodedKey; ///< only for keys that are not plain ASCII without escapes
        bool plain = true; ///< the key is the ASCII bytes between rawKey's quotes
    };
    static Member makeMember(const QString& key, const QByteArray& rawValue);
    static bool matches(const Member& member, const QString& key);
    static QString keyOf(const Member& member);

    QByteArray m_source; ///< what parse() read; the members' views point into it
    QList<Member> m_members;
};
