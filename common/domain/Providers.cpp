#include "Providers.h"

const QStringList& Providers::all()
{
    static const QStringList names{QStringLiteral("gemini"), QStringLiteral("openai"), QStringLiteral("anthropic")};
    return names;
}

const QStringList& Providers::capabilities()
{
    static const QStringList names{QStringLiteral("fast"), QStringLiteral("balanced"), QStringLiteral("thinking"),
                                   QStringLiteral("best")};
    return names;
}
