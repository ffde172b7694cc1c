#pragma once

#include <QJsonArray>
#include <QString>

/**
 * Conversation turns for providers that require strictly alternating roles (Anthropic `messages` with
 * `content` blocks, Gemini `contents` with `parts`): consecutive turns of one role are merged into one.
 */
class TurnList
{
public:
    /** Appends {role, itemsKey: items}, or adds items to the last turn when it has the same role. Empty items
     *  add nothing. */
    static void append(QJsonArray* turns, const QString& role, const QString& itemsKey, const QJsonArray& items);
};
