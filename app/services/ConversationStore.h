#pragma once

#include "Conversation.h"
#include "util/Result.h"

#include <QList>
#include <QString>

/** Conversations saved as one JSON file each (written atomically) in a directory of the app's data. */
class ConversationStore
{
public:
    /** directory is created on first save. */
    explicit ConversationStore(QString directory);

    /** Every conversation, most recently updated first; unreadable files are skipped. */
    QList<Conversation> list() const;
    Result<Conversation> load(const QString& id) const;
    /** Assigns an id to a new conversation, sets updatedAt, and writes it. */
    Result<Conversation> save(Conversation conversation);
    Result<void> remove(const QString& id);
    QString directory() const { return m_dir; }

private:
    QString pathOf(const QString& id) const;

    QString m_dir;
};
