#include "OpenAiStreamTranslator.h"

#include "providers/OpenAiAdapter.h"
#include "providers/OpenAiFormat.h"

#include <QJsonArray>

#include <algorithm>

OpenAiStreamTranslator::OpenAiStreamTranslator(QString providerName, StreamOptions options)
    : StreamTranslator(std::move(providerName), std::move(options))
{ }

void OpenAiStreamTranslator::handleEvent(const SseEvent& event)
{
    const QByteArray data = event.data.trimmed();
    if (data.isEmpty())
        return;
    if (data == "[DONE]") {
        if (choicesSeen().isEmpty())
            emitDelta(0, QJsonObject{{QStringLiteral("content"), QString()}});
        QList<int> indexes = choicesSeen().values();
        std::sort(indexes.begin(), indexes.end());
        for (int index : indexes) {
            if (!hasFinished(index))
                emitFinish(index, QStringLiteral("stop"));
        }
        complete();
        return;
    }

    if (options().fastPath && handleEventFast(data))
        return;
    m_modelRaw.clear();

    QString parseError;
    std::optional<QJsonObject> parsed = OpenAiFormat::parseObject(data, &parseError);
    if (!parsed) {
        failMalformed(parseError);
        return;
    }
    QJsonObject chunk = *parsed;
    if (chunk.value(QStringLiteral("error")).isObject()) {
        fail(OpenAiAdapter(providerName()).parseError(200, data, {}));
        return;
    }

    const QString id = chunk.value(QStringLiteral("id")).toString();
    if (upstreamId().isEmpty() && !id.isEmpty())
        setUpstreamId(id);
    setFallbackIdentity(id, chunk.value(QStringLiteral("created")).toInteger());
    const QString model = chunk.value(QStringLiteral("model")).toString();
    if (!model.isEmpty())
        setUpstreamModel(model);

    const QJsonValue usage = chunk.value(QStringLiteral("usage"));
    if (usage.isObject()) {
        mutableUsage() = Usage::fromOpenAiJson(usage.toObject());
        setUpstreamUsageJson(usage.toObject());
    }
    chunk.remove(QStringLiteral("usage"));
    if (chunk.value(QStringLiteral("choices")).toArray().isEmpty())
        return; // the usage chunk (re-emitted by complete() if asked for), or an Azure prompt_filter_results chunk
    emitChunk(chunk);
}

bool OpenAiStreamTranslator::handleEventFast(QByteArrayView data)
{
    // The general path's steps, in its order, for the chunks it would pass to emitChunk(); the identity steps
    // only set what is still unset, so repeating them there after a false return changes nothing.
    using Type = CanonicalJson::Type;
    if (!m_json.parse(data) || m_json.node(0).type != Type::Object)
        return false;
    if (m_json.member(0, "error") >= 0)
        return false;
    const int usage = m_json.member(0, "usage");
    if (usage >= 0 && m_json.node(usage).type == Type::Object)
        return false; // once per stream: the general path reads it
    const int choices = m_json.member(0, "choices");
    if (choices < 0 || m_json.node(choices).type != Type::Array || m_json.node(choices).children == 0)
        return false;

    if (upstreamId().isEmpty() || needsFallbackIdentity()) {
        const int idNode = m_json.member(0, "id");
        const QString id = idNode >= 0 && m_json.node(idNode).type == Type::String ? m_json.string(idNode) : QString();
        if (upstreamId().isEmpty() && !id.isEmpty())
            setUpstreamId(id);
        const int created = m_json.member(0, "created");
        setFallbackIdentity(id,
                            created >= 0 && m_json.node(created).type == Type::Number ? m_json.integer(created) : 0);
    }
    const int model = m_json.member(0, "model");
    if (model >= 0 && m_json.node(model).type == Type::String && m_json.node(model).utf16Size > 0
        && m_json.raw(model) != m_modelRaw) {
        setUpstreamModel(m_json.string(model));
        m_modelRaw = m_json.raw(model).toByteArray();
    }
    return emitChunkFast(m_json);
}

void OpenAiStreamTranslator::handleEndOfStream()
{
    failTruncated(QStringLiteral("data: [DONE]"));
}
