#include "CapabilityMap.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

Result<CapabilityMap> CapabilityMap::load(const QString& overrideFile)
{
    const QString path = overrideFile.isEmpty() ? QStringLiteral(":/resources/capabilities.json") : overrideFile;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error::invalid(QStringLiteral("cannot read capability map %1: %2").arg(path, f.errorString()),
                              QStringLiteral("routing/capabilities_file"));
    return parse(f.readAll(), path);
}

Result<CapabilityMap> CapabilityMap::parse(const QByteArray& json, const QString& origin)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Error::invalid(QStringLiteral("%1 is not a JSON object: %2").arg(origin, error.errorString()));
    CapabilityMap map;
    const QJsonArray order = doc.object().value(QStringLiteral("order")).toArray();
    for (const auto& p : order)
        map.m_order << p.toString();
    const QJsonObject caps = doc.object().value(QStringLiteral("capabilities")).toObject();
    for (auto it = caps.begin(); it != caps.end(); ++it) {
        const QJsonObject models = it.value().toObject();
        QHash<QString, QString> byProvider;
        for (auto m = models.begin(); m != models.end(); ++m) {
            if (!map.m_order.contains(m.key()))
                return Error::invalid(QStringLiteral("%1: capability %2 names provider %3, which is not in 'order'")
                                          .arg(origin, it.key(), m.key()));
            byProvider.insert(m.key(), m.value().toString());
        }
        map.m_map.insert(it.key().toLower(), byProvider);
        map.m_capabilities << it.key().toLower();
    }
    // JSON objects lose their order: list the four known capabilities in the wire contract's order first.
    static const QStringList canonical{QStringLiteral("fast"), QStringLiteral("balanced"), QStringLiteral("thinking"),
                                       QStringLiteral("best")};
    std::stable_sort(map.m_capabilities.begin(), map.m_capabilities.end(), [](const QString& a, const QString& b) {
        const auto rank = [](const QString& c) {
            const qsizetype i = canonical.indexOf(c);
            return i < 0 ? canonical.size() : i;
        };
        return rank(a) < rank(b);
    });
    if (map.m_order.isEmpty() || map.m_map.isEmpty())
        return Error::invalid(QStringLiteral("%1 needs 'order' and 'capabilities'").arg(origin));
    return map;
}

QString CapabilityMap::model(const QString& capability, const QString& provider) const
{
    return m_map.value(capability).value(provider);
}

QStringList CapabilityMap::providersFor(const QString& capability) const
{
    QStringList out;
    const auto byProvider = m_map.value(capability);
    for (const QString& p : m_order)
        if (byProvider.contains(p))
            out << p;
    return out;
}
