#include "TurnList.h"

#include <QJsonObject>

void TurnList::append(QJsonArray* turns, const QString& role, const QString& itemsKey, const QJsonArray& items)
{
    if (items.isEmpty())
        return;
    if (!turns->isEmpty()) {
        QJsonObject last = turns->last().toObject();
        if (last.value(QStringLiteral("role")).toString() == role) {
            QJsonArray merged = last.value(itemsKey).toArray();
            for (const QJsonValue& item : items)
                merged.append(item);
            last.insert(itemsKey, merged);
            turns->replace(turns->size() - 1, last);
            return;
        }
    }
    turns->append(QJsonObject{{QStringLiteral("role"), role}, {itemsKey, items}});
}
