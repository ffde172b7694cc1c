#include "ProfileStore.h"

#include <QSettings>
#include <QUuid>

ProfileStore::ProfileStore(QSettings& settings)
    : m_settings(settings)
{ }

QList<ConnectionProfile> ProfileStore::load() const
{
    QList<ConnectionProfile> out;
    const int n = m_settings.beginReadArray(QStringLiteral("profiles"));
    for (int i = 0; i < n; ++i) {
        m_settings.setArrayIndex(i);
        ConnectionProfile p;
        p.id = m_settings.value(QStringLiteral("id")).toString();
        p.name = m_settings.value(QStringLiteral("name")).toString();
        p.kind = ConnectionProfile::parseKind(m_settings.value(QStringLiteral("kind")).toString());
        p.sqlitePath = m_settings.value(QStringLiteral("sqlitePath")).toString();
        p.host = m_settings.value(QStringLiteral("host"), p.host).toString();
        p.port = m_settings.value(QStringLiteral("port"), p.port).toInt();
        p.databaseName = m_settings.value(QStringLiteral("database"), p.databaseName).toString();
        p.userName = m_settings.value(QStringLiteral("user"), p.userName).toString();
        p.sslMode = m_settings.value(QStringLiteral("sslmode"), p.sslMode).toString();
        p.gatewayUrl = m_settings.value(QStringLiteral("gatewayUrl"), p.gatewayUrl).toString();
        if (!p.id.isEmpty())
            out << p;
    }
    m_settings.endArray();
    return out;
}

void ProfileStore::save(const QList<ConnectionProfile>& profiles)
{
    m_settings.remove(QStringLiteral("profiles"));
    m_settings.beginWriteArray(QStringLiteral("profiles"), int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        const ConnectionProfile& p = profiles.at(i);
        m_settings.setArrayIndex(i);
        m_settings.setValue(QStringLiteral("id"), p.id);
        m_settings.setValue(QStringLiteral("name"), p.name);
        m_settings.setValue(QStringLiteral("kind"), ConnectionProfile::kindName(p.kind));
        m_settings.setValue(QStringLiteral("sqlitePath"), p.sqlitePath);
        m_settings.setValue(QStringLiteral("host"), p.host);
        m_settings.setValue(QStringLiteral("port"), p.port);
        m_settings.setValue(QStringLiteral("database"), p.databaseName);
        m_settings.setValue(QStringLiteral("user"), p.userName);
        m_settings.setValue(QStringLiteral("sslmode"), p.sslMode);
        m_settings.setValue(QStringLiteral("gatewayUrl"), p.gatewayUrl);
    }
    m_settings.endArray();
    m_settings.sync();
}

ConnectionProfile ProfileStore::upsert(ConnectionProfile profile)
{
    QList<ConnectionProfile> all = load();
    if (profile.id.isEmpty())
        profile.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool replaced = false;
    for (ConnectionProfile& p : all) {
        if (p.id == profile.id) {
            p = profile;
            replaced = true;
        }
    }
    if (!replaced)
        all << profile;
    save(all);
    return profile;
}

void ProfileStore::remove(const QString& id)
{
    QList<ConnectionProfile> all = load();
    all.removeIf([&](const ConnectionProfile& p) { return p.id == id; });
    save(all);
}

QString ProfileStore::lastUsedId() const
{
    return m_settings.value(QStringLiteral("connection/lastProfile")).toString();
}

void ProfileStore::setLastUsedId(const QString& id)
{
    m_settings.setValue(QStringLiteral("connection/lastProfile"), id);
}
