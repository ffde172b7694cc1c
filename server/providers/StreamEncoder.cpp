#include "StreamEncoder.h"

#include "providers/StreamTranslator.h"

#include <QJsonArray>

#include <utility>

StreamEncoder::StreamEncoder(QString provider, CostFunction cost)
    : m_provider(std::move(provider))
    , m_cost(std::move(cost))
{ }

QByteArray StreamEncoder::encode(const StreamEvent& event, const StreamTranslator& translator) const
{
    if (event.kind != StreamEvent::Kind::Chunk)
        return event.toSse();
    StreamEvent decorated{StreamEvent::Kind::Chunk, event.json};
    decorated.json.insert(QStringLiteral("provider"), m_provider);
    if (decorated.json.value(QStringLiteral("choices")).toArray().isEmpty()
        && decorated.json.contains(QStringLiteral("usage"))) {
        decorated.json.insert(QStringLiteral("cost"), m_cost ? m_cost(translator.usageOrEstimate()) : QJsonValue());
    }
    return decorated.toSse();
}
