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

void OpenAiStreamTranslator::handleEndOfStream()
{
    failTruncated(QStringLiteral("data: [DONE]"));
}
