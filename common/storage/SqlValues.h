#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <optional>

/** Conversions between domain values and what QtSql binds and returns, identical on both dialects. */
namespace SqlValues {

template <typename T>
inline QVariant fromOptional(const std::optional<T>& v)
{
    return v ? QVariant::fromValue(*v) : QVariant();
}

inline std::optional<qint64> optionalInt64(const QVariant& v)
{
    if (v.isNull())
        return std::nullopt;
    return v.toLongLong();
}

inline std::optional<int> optionalInt(const QVariant& v)
{
    if (v.isNull())
        return std::nullopt;
    return v.toInt();
}

/** Lower-case 8-4-4-4-12 hex: anything else cannot be an id (and would make PostgreSQL's uuid cast fail). */
inline bool isUuid(const QString& s)
{
    if (s.size() != 36)
        return false;
    for (int i = 0; i < 36; ++i) {
        const QChar c = s.at(i);
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != QLatin1Char('-'))
                return false;
        } else if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9'))
                     || (c >= QLatin1Char('a') && c <= QLatin1Char('f'))
                     || (c >= QLatin1Char('A') && c <= QLatin1Char('F')))) {
            return false;
        }
    }
    return true;
}

/** For NOT NULL text columns: a null QString would bind as SQL NULL. */
inline QVariant text(const QString& s)
{
    return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s);
}

inline QVariant nullIfEmpty(const QString& s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

inline QVariant jsonList(const QStringList& list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

inline QStringList parseJsonList(const QVariant& v)
{
    QStringList out;
    const QJsonArray a = QJsonDocument::fromJson(v.toString().toUtf8()).array();
    for (const auto& item : a)
        out << item.toString();
    return out;
}

/** PostgreSQL returns QDate for date columns, SQLite the ISO text: both become YYYY-MM-DD. */
inline QString isoDate(const QVariant& v)
{
    if (v.typeId() == QMetaType::QDate)
        return v.toDate().toString(Qt::ISODate);
    return v.toString().left(10);
}

} // namespace SqlValues
