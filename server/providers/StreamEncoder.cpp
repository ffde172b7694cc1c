#include "StreamEncoder.h"

#include "providers/CanonicalJson.h"
#include "providers/RawJsonObject.h"
#include "providers/StreamTranslator.h"

#include <QJsonArray>

#include <utility>

StreamEncoder::StreamEncoder(QString provider, CostFunction cost)
    : m_provider(std::move(provider))
    , m_cost(std::move(cost))
    , m_providerMember("\"provider\":" + RawJsonObject::serialize(m_provider))
{ }

QByteArray StreamEncoder::encode(const StreamEvent& event, const StreamTranslator& translator) const
{
    if (event.kind != StreamEvent::Kind::Chunk)
        return event.toSse();
    if (!event.raw.isEmpty())
        return encodeRaw(event, translator);
    StreamEvent decorated{StreamEvent::Kind::Chunk, event.json};
    decorated.json.insert(QStringLiteral("provider"), m_provider);
    if (decorated.json.value(QStringLiteral("choices")).toArray().isEmpty()
        && decorated.json.contains(QStringLiteral("usage"))) {
        decorated.json.insert(QStringLiteral("cost"), m_cost ? m_cost(translator.usageOrEstimate()) : QJsonValue());
    }
    return decorated.toSse();
}

QByteArray StreamEncoder::encodeRaw(const StreamEvent& event, const StreamTranslator& translator) const
{
    // The members of the QJsonObject path above, merged into raw's sorted members: "provider" (replacing one
    // the chunk may have), and "cost" on the usage chunk.
    const QByteArrayView raw = event.raw;
    const qsizetype members = event.rawMembers.size();
    const auto key = [&](qsizetype m) {
        const qsizetype begin = event.rawMembers[m] + 1;
        qsizetype end = begin;
        while (raw[end] != '"') // keys have no escapes (StreamEvent::raw)
            ++end;
        return raw.sliced(begin, end - begin);
    };
    const auto member = [&](qsizetype m) {
        const qsizetype end = m + 1 < members ? event.rawMembers[m + 1] - 1 : raw.size() - 1;
        return raw.sliced(event.rawMembers[m], end - event.rawMembers[m]);
    };

    bool choicesEmpty = true;
    bool hasUsage = false;
    for (qsizetype m = 0; m < members; ++m) {
        const QByteArrayView k = key(m);
        if (k == "usage") {
            hasUsage = true;
        } else if (k == "choices") {
            const QByteArrayView value = member(m).sliced(k.size() + 3);
            choicesEmpty = !value.startsWith('[') || value == "[]";
        }
    }
    QByteArray costMember;
    if (choicesEmpty && hasUsage) {
        costMember
            = "\"cost\":" + RawJsonObject::serialize(m_cost ? m_cost(translator.usageOrEstimate()) : QJsonValue());
    }
    struct Extra
    {
        QByteArrayView key;
        QByteArrayView member;
    };
    Extra extras[2];
    int extraCount = 0;
    if (!costMember.isEmpty())
        extras[extraCount++] = {"cost", costMember};
    extras[extraCount++] = {"provider", m_providerMember};

    QByteArray out;
    out.reserve(raw.size() + m_providerMember.size() + costMember.size() + 12);
    {
        ByteSink sink(out);
        sink.append("data: {");
        qsizetype m = 0;
        int e = 0;
        while (m < members || e < extraCount) {
            const int order
                = m >= members ? 1 : (e >= extraCount ? -1 : CanonicalJson::compareKeys(key(m), extras[e].key));
            if (m + e > 0)
                sink.append(',');
            sink.append(order < 0 ? member(m) : extras[e].member);
            if (order <= 0)
                ++m;
            if (order >= 0)
                ++e;
        }
        sink.append("}\n\n");
    }
    return out;
}
