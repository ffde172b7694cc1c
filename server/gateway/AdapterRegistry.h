#pragma once

#include <QHash>
#include <QString>

#include <memory>

class ProviderAdapter;

/** The provider adapters by provider name. Adapters are stateless, so one registry serves every thread. */
class AdapterRegistry
{
public:
    AdapterRegistry();
    ~AdapterRegistry();

    const ProviderAdapter* adapter(const QString& provider) const;

private:
    QHash<QString, std::shared_ptr<const ProviderAdapter>> m_adapters;
};
