#include "ChatRequest.h"

#include <QJsonArray>

QJsonObject ChatRequest::toJson() const
{
    QJsonObject body;
    if (!capability.isEmpty()) {
        body.insert(QStringLiteral("capability"), capability);
        if (!provider.isEmpty())
            body.insert(QStringLiteral("provider"), provider);
    } else {
        body.insert(QStringLiteral("model"), model);
    }
    QJsonArray msgs;
    for (const Message& m : messages)
        msgs.append(QJsonObject{{QStringLiteral("role"), m.role}, {QStringLiteral("content"), m.content}});
    body.insert(QStringLiteral("messages"), msgs);
    body.insert(QStringLiteral("temperature"), temperature);
    if (maxTokens > 0)
        body.insert(QStringLiteral("max_tokens"), maxTokens);
    body.insert(QStringLiteral("stream"), stream);
    if (stream)
        body.insert(QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}});
    return body;
}
