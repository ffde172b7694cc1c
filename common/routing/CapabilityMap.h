#pragma once

#include "util/Result.h"

#include <QHash>
#include <QString>
#include <QStringList>

/**
 * Capability (fast, balanced, thinking, best) → model per provider, from resources/capabilities.json or an
 * operator file of the same shape; plus the system provider order used when nothing else decides.
 */
class CapabilityMap
{
public:
    static Result<CapabilityMap> load(const QString& overrideFile = {});
    static Result<CapabilityMap> parse(const QByteArray& json, const QString& origin);

    QStringList capabilities() const { return m_capabilities; }
    bool has(const QString& capability) const { return m_map.contains(capability); }
    /** The model for (capability, provider), or empty when that provider has none. */
    QString model(const QString& capability, const QString& provider) const;
    /** Providers that have a model for the capability, in the system order. */
    QStringList providersFor(const QString& capability) const;
    const QStringList& providerOrder() const { return m_order; }

private:
    QStringList m_order;
    QStringList m_capabilities;
    QHash<QString, QHash<QString, QString>> m_map;
};
