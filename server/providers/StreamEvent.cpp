#include "StreamEvent.h"

#include <QJsonDocument>

QJsonObject StreamEvent::object() const
{
    return raw.isEmpty() ? json : QJsonDocument::fromJson(raw).object();
}

QByteArray StreamEvent::toSse() const
{
    if (kind == Kind::Done)
        return QByteArrayLiteral("data: [DONE]\n\n");
    if (!raw.isEmpty())
        return "data: " + raw + "\n\n";
    return "data: " + QJsonDocument(json).toJson(QJsonDocument::Compact) + "\n\n";
}
