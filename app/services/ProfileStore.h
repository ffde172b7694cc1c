#pragma once

#include "ConnectionProfile.h"

#include <QList>

class QSettings;

/** Saved connection profiles (without secrets) in the app's QSettings. */
class ProfileStore
{
public:
    explicit ProfileStore(QSettings& settings);

    QList<ConnectionProfile> load() const;
    void save(const QList<ConnectionProfile>& profiles);
    /** Inserts or replaces (by id) one profile; assigns an id to a new one and returns it. */
    ConnectionProfile upsert(ConnectionProfile profile);
    void remove(const QString& id);
    QString lastUsedId() const;
    void setLastUsedId(const QString& id);

private:
    QSettings& m_settings;
};
