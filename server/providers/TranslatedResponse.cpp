#include "TranslatedResponse.h"

#include <QJsonDocument>

QJsonObject TranslatedResponse::completionObject() const
{
    if (!completion.isEmpty() || upstreamBody.isEmpty())
        return completion;
    QJsonObject object = QJsonDocument::fromJson(upstreamBody).object();
    object.insert(QStringLiteral("model"), model);
    return object;
}
