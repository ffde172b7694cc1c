#include "GatewaySnapshot.h"

std::optional<GatewaySnapshot::ProviderAccess> GatewaySnapshot::access(const QString& projectId,
                                                                       const QString& provider) const
{
    const auto project = credentials.constFind(projectId);
    if (project != credentials.cend()) {
        const auto it = project->constFind(provider);
        if (it != project->cend())
            return *it;
    }
    const auto global = globalAccess.constFind(provider);
    if (global != globalAccess.cend())
        return *global;
    return std::nullopt;
}
