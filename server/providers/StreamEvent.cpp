#include "StreamEvent.h"

#include <QJsonDocument>

QByteArray StreamEvent::toSse() const
{
    if (kind == Kind::Done)
        return QByteArrayLiteral("data: [DONE]\n\n");
    return "data: " + QJsonDocument(json).toJson(QJsonDocument::Compact) + "\n\n";
}
