#include "AnthropicStreamTranslator.h"

#include "providers/AnthropicAdapter.h"
#include "providers/OpenAiFormat.h"
#include "providers/TokenEstimator.h"

#include <QJsonArray>

AnthropicStreamTranslator::AnthropicStreamTranslator(StreamOptions options)
    : StreamTranslator(QStringLiteral("anthropic"), std::move(options))
{ }

void AnthropicStreamTranslator::handleEvent(const SseEvent& event)
{
    QString parseError;
    const std::optional<QJsonObject> parsed = OpenAiFormat::parseObject(event.data, &parseError);
    if (!parsed) {
        failMalformed(parseError);
        return;
    }
    const QJsonObject& data = *parsed;
    const QString type = data.value(QStringLiteral("type")).toString();

    if (type == u"error" || event.event == "error") {
        fail(AnthropicAdapter::errorFromJson(200, data.value(QStringLiteral("error")).toObject(), event.data, {}));
        return;
    }
    if (type == u"message_start") {
        const QJsonObject message = data.value(QStringLiteral("message")).toObject();
        setUpstreamId(message.value(QStringLiteral("id")).toString());
        setUpstreamModel(message.value(QStringLiteral("model")).toString());
        readUsage(message.value(QStringLiteral("usage")).toObject());
        emitDelta(
            0,
            QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), QString()}});
        return;
    }
    if (type == u"content_block_start") {
        const int blockIndex = data.value(QStringLiteral("index")).toInt();
        const QJsonObject block = data.value(QStringLiteral("content_block")).toObject();
        const QString blockType = block.value(QStringLiteral("type")).toString();
        if (blockType == u"tool_use") {
            const int toolIndex = int(m_toolIndexByBlock.size());
            m_toolIndexByBlock.insert(blockIndex, toolIndex);
            emitDelta(0,
                      QJsonObject{{QStringLiteral("tool_calls"),
                                   QJsonArray{OpenAiFormat::toolCall(block.value(QStringLiteral("id")).toString(),
                                                                     block.value(QStringLiteral("name")).toString(),
                                                                     QString(), toolIndex)}}});
        } else if (blockType == u"text") {
            const QString text = block.value(QStringLiteral("text")).toString();
            if (!text.isEmpty())
                emitDelta(0, QJsonObject{{QStringLiteral("content"), text}});
        } else if (blockType == u"thinking") {
            emitReasoning(0, block.value(QStringLiteral("thinking")).toString());
        }
        return;
    }
    if (type == u"content_block_delta") {
        const QJsonObject delta = data.value(QStringLiteral("delta")).toObject();
        const QString deltaType = delta.value(QStringLiteral("type")).toString();
        if (deltaType == u"text_delta") {
            const QString text = delta.value(QStringLiteral("text")).toString();
            if (!text.isEmpty())
                emitDelta(0, QJsonObject{{QStringLiteral("content"), text}});
        } else if (deltaType == u"input_json_delta") {
            const QString fragment = delta.value(QStringLiteral("partial_json")).toString();
            const int blockIndex = data.value(QStringLiteral("index")).toInt();
            if (fragment.isEmpty() || !m_toolIndexByBlock.contains(blockIndex))
                return;
            const QJsonObject call{
                {QStringLiteral("index"), m_toolIndexByBlock.value(blockIndex)},
                {QStringLiteral("function"), QJsonObject{{QStringLiteral("arguments"), fragment}}},
            };
            emitDelta(0, QJsonObject{{QStringLiteral("tool_calls"), QJsonArray{call}}});
        } else if (deltaType == u"thinking_delta") {
            emitReasoning(0, delta.value(QStringLiteral("thinking")).toString());
        }
        return;
    }
    if (type == u"message_delta") {
        const QString stopReason
            = data.value(QStringLiteral("delta")).toObject().value(QStringLiteral("stop_reason")).toString();
        if (!stopReason.isEmpty())
            m_stopReason = stopReason;
        readUsage(data.value(QStringLiteral("usage")).toObject());
        return;
    }
    if (type == u"message_stop") {
        Usage& usage = mutableUsage();
        if (usage.reported && reasoningChars() > 0) {
            usage.reasoningTokens = qMin(usage.completionTokens, TokenEstimator::tokensFromChars(reasoningChars()));
            usage.reasoningEstimated = true;
        }
        emitFinish(0, AnthropicAdapter::finishReasonFor(m_stopReason));
        complete();
        return;
    }
    // ping, content_block_stop, and event types added after this was written: nothing to relay.
}

void AnthropicStreamTranslator::handleEndOfStream()
{
    failTruncated(QStringLiteral("message_stop"));
}

void AnthropicStreamTranslator::readUsage(const QJsonObject& usage)
{
    if (usage.isEmpty())
        return;
    // message_delta repeats (2025 models) or omits (older ones) the input fields: every field present is the
    // latest cumulative value, so it replaces the earlier one; absent fields keep their message_start value.
    const auto take = [&usage](const char* key, qint64* field) {
        const QJsonValue value = usage.value(QLatin1StringView(key));
        if (value.isDouble())
            *field = value.toInteger();
    };
    take("input_tokens", &m_inputTokens);
    take("cache_read_input_tokens", &m_cacheReadTokens);
    take("cache_creation_input_tokens", &m_cacheWriteTokens);
    Usage& u = mutableUsage();
    u.reported = true;
    take("output_tokens", &u.completionTokens);
    u.cachedTokens = m_cacheReadTokens;
    u.cacheWriteTokens = m_cacheWriteTokens;
    u.promptTokens = m_inputTokens + m_cacheReadTokens + m_cacheWriteTokens;
}
