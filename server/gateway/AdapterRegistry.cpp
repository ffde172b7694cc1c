#include "AdapterRegistry.h"

#include "providers/AnthropicAdapter.h"
#include "providers/GeminiAdapter.h"
#include "providers/OpenAiAdapter.h"

AdapterRegistry::AdapterRegistry()
{
    m_adapters.insert(QStringLiteral("openai"), std::make_shared<OpenAiAdapter>());
    m_adapters.insert(QStringLiteral("anthropic"), std::make_shared<AnthropicAdapter>());
    m_adapters.insert(QStringLiteral("gemini"), std::make_shared<GeminiAdapter>());
}

AdapterRegistry::~AdapterRegistry() = default;

const ProviderAdapter* AdapterRegistry::adapter(const QString& provider) const
{
    const auto it = m_adapters.constFind(provider);
    return it == m_adapters.cend() ? nullptr : it->get();
}
