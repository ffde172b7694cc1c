#pragma once

#include "providers/StreamEvent.h"
#include "providers/Usage.h"

#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include <functional>

class StreamTranslator;

/**
 * The bytes the client receives for each event a StreamTranslator emits (what ProviderStage writes): every chunk
 * gets "provider", the usage chunk (`choices: []` with `usage`) also "cost"; Done and Error events go as they are.
 * One SSE frame per event: "data: <compact json>\n\n" or "data: [DONE]\n\n".
 */
class StreamEncoder
{
public:
    /** The `cost` value for a usage (null when the model has no price). */
    using CostFunction = std::function<QJsonValue(const Usage& usage)>;

    StreamEncoder(QString provider, CostFunction cost);

    /** The frame for event; the usage chunk's cost is priced from translator.usageOrEstimate(). */
    QByteArray encode(const StreamEvent& event, const StreamTranslator& translator) const;

private:
    QByteArray encodeRaw(const StreamEvent& event, const StreamTranslator& translator) const;

    QString m_provider;
    CostFunction m_cost;
    QByteArray m_providerMember; ///< "provider":"<name>"
};
