#include "GeminiStreamTranslator.h"

#include "providers/GeminiAdapter.h"
#include "providers/OpenAiFormat.h"

#include <QJsonArray>

GeminiStreamTranslator::GeminiStreamTranslator(StreamOptions options)
    : StreamTranslator(QStringLiteral("gemini"), std::move(options))
{ }

void GeminiStreamTranslator::handleEvent(const SseEvent& event)
{
    const QByteArray data = event.data.trimmed();
    if (data.isEmpty())
        return;
    QString parseError;
    const std::optional<QJsonObject> parsed = OpenAiFormat::parseObject(data, &parseError);
    if (!parsed) {
        failMalformed(parseError);
        return;
    }
    const QJsonObject& chunk = *parsed;
    if (chunk.value(QStringLiteral("error")).isObject()) {
        fail(GeminiAdapter::errorFromJson(200, chunk.value(QStringLiteral("error")).toObject(), data, {}));
        return;
    }

    const QString model = chunk.value(QStringLiteral("modelVersion")).toString();
    if (!model.isEmpty())
        setUpstreamModel(model);
    const QString id = chunk.value(QStringLiteral("responseId")).toString();
    if (!id.isEmpty())
        setUpstreamId(id);
    const QJsonObject usageMetadata = chunk.value(QStringLiteral("usageMetadata")).toObject();
    if (!usageMetadata.isEmpty())
        mutableUsage() = GeminiAdapter::usageFromMetadata(usageMetadata);

    const QJsonObject candidate = chunk.value(QStringLiteral("candidates")).toArray().at(0).toObject();
    const QJsonArray parts
        = candidate.value(QStringLiteral("content")).toObject().value(QStringLiteral("parts")).toArray();
    for (const QJsonValue& p : parts) {
        const QJsonObject part = p.toObject();
        if (part.contains(QStringLiteral("functionCall"))) {
            const QJsonObject call = part.value(QStringLiteral("functionCall")).toObject();
            const QJsonObject toolCall = OpenAiFormat::toolCall(
                newToolCallId(), call.value(QStringLiteral("name")).toString(),
                OpenAiFormat::compact(call.value(QStringLiteral("args")).toObject()), m_toolCalls++);
            emitDelta(0, QJsonObject{{QStringLiteral("tool_calls"), QJsonArray{toolCall}}});
        } else if (part.value(QStringLiteral("thought")).toBool()) {
            emitReasoning(0, part.value(QStringLiteral("text")).toString());
        } else {
            const QString text = part.value(QStringLiteral("text")).toString();
            if (!text.isEmpty())
                emitDelta(0, QJsonObject{{QStringLiteral("content"), text}});
        }
    }

    const QString finishReason = candidate.value(QStringLiteral("finishReason")).toString();
    if (!finishReason.isEmpty())
        m_finishReason = finishReason;
    const QString blockReason
        = chunk.value(QStringLiteral("promptFeedback")).toObject().value(QStringLiteral("blockReason")).toString();
    if (!blockReason.isEmpty()) {
        m_finishReason = blockReason;
        m_promptBlocked = true;
    }
}

void GeminiStreamTranslator::handleEndOfStream()
{
    if (m_finishReason.isEmpty()) {
        failTruncated(QStringLiteral("a chunk with finishReason"));
        return;
    }
    QString reason
        = m_promptBlocked ? QStringLiteral("content_filter") : GeminiAdapter::finishReasonFor(m_finishReason);
    if (m_toolCalls > 0 && reason == u"stop")
        reason = QStringLiteral("tool_calls");
    emitFinish(0, reason);
    complete();
}
