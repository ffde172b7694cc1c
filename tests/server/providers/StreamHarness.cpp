#include "StreamHarness.h"

#include "providers/StreamTranslator.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

#include <memory>

StreamOptions StreamHarness::fixedOptions(bool includeUsage, ReasoningOutput reasoning)
{
    StreamOptions options;
    options.includeUsage = includeUsage;
    options.reasoning = reasoning;
    options.id = QStringLiteral("chatcmpl-test");
    options.created = 1700000000;
    options.model = QStringLiteral("test-model");
    auto counter = std::make_shared<int>(0);
    options.toolCallIdGenerator
        = [counter]() -> QString { return QStringLiteral("call_test_") + QString::number(++*counter); };
    return options;
}

StreamHarness::Run StreamHarness::run(const ProviderAdapter& adapter, const StreamOptions& options,
                                      const QByteArray& bytes, Split split, quint32 seed)
{
    // Fresh generator state per run, so runs with the same options are comparable.
    StreamOptions copy = options;
    if (options.toolCallIdGenerator) {
        auto counter = std::make_shared<int>(0);
        copy.toolCallIdGenerator
            = [counter]() -> QString { return QStringLiteral("call_test_") + QString::number(++*counter); };
    }
    std::unique_ptr<StreamTranslator> translator = adapter.createStreamTranslator(copy);
    Run r;
    switch (split) {
    case Split::Whole:
        r.events += translator->feed(bytes);
        break;
    case Split::ByteByByte:
        for (qsizetype i = 0; i < bytes.size(); ++i)
            r.events += translator->feed(QByteArrayView(bytes).sliced(i, 1));
        break;
    case Split::Random: {
        QRandomGenerator random(seed);
        qsizetype pos = 0;
        while (pos < bytes.size()) {
            const qsizetype n = qMin<qsizetype>(bytes.size() - pos, 1 + random.bounded(64));
            r.events += translator->feed(QByteArrayView(bytes).sliced(pos, n));
            pos += n;
        }
        break;
    }
    }
    r.events += translator->finish();
    r.completed = translator->completed();
    r.failed = translator->failed();
    r.error = translator->error();
    r.usage = translator->usage();
    r.finishReason = translator->finishReason();
    r.upstreamModel = translator->upstreamModel();
    r.upstreamId = translator->upstreamId();
    r.contentChars = translator->contentChars();
    r.toolArgumentChars = translator->toolArgumentChars();
    r.reasoningChars = translator->reasoningChars();
    r.emittedContent = translator->hasEmittedContent();
    return r;
}

QByteArray StreamHarness::wire(const QList<StreamEvent>& events)
{
    QByteArray out;
    for (const StreamEvent& e : events)
        out += e.toSse();
    return out;
}

QList<QJsonObject> StreamHarness::chunks(const QList<StreamEvent>& events)
{
    QList<QJsonObject> out;
    for (const StreamEvent& e : events) {
        if (e.kind == StreamEvent::Kind::Chunk)
            out.append(e.object());
    }
    return out;
}

namespace {
QString deltaText(const QList<StreamEvent>& events, const QString& key)
{
    QString text;
    for (const QJsonObject& chunk : StreamHarness::chunks(events)) {
        for (const QJsonValue& c : chunk.value(QStringLiteral("choices")).toArray()) {
            const QJsonObject choice = c.toObject();
            if (choice.value(QStringLiteral("index")).toInt() == 0)
                text += choice.value(QStringLiteral("delta")).toObject().value(key).toString();
        }
    }
    return text;
}
} // namespace

QString StreamHarness::content(const QList<StreamEvent>& events)
{
    return deltaText(events, QStringLiteral("content"));
}

QString StreamHarness::reasoning(const QList<StreamEvent>& events)
{
    return deltaText(events, QStringLiteral("reasoning_content"));
}

QList<StreamHarness::ToolCall> StreamHarness::toolCalls(const QList<StreamEvent>& events)
{
    QList<ToolCall> calls;
    for (const QJsonObject& chunk : chunks(events)) {
        for (const QJsonValue& c : chunk.value(QStringLiteral("choices")).toArray()) {
            const QJsonObject choice = c.toObject();
            if (choice.value(QStringLiteral("index")).toInt() != 0)
                continue;
            for (const QJsonValue& t :
                 choice.value(QStringLiteral("delta")).toObject().value(QStringLiteral("tool_calls")).toArray()) {
                const QJsonObject call = t.toObject();
                const int index = call.value(QStringLiteral("index")).toInt();
                while (calls.size() <= index)
                    calls.append(ToolCall{});
                ToolCall& target = calls[index];
                if (call.contains(QStringLiteral("id")))
                    target.id = call.value(QStringLiteral("id")).toString();
                if (call.contains(QStringLiteral("type")))
                    target.type = call.value(QStringLiteral("type")).toString();
                const QJsonObject function = call.value(QStringLiteral("function")).toObject();
                if (function.contains(QStringLiteral("name")))
                    target.name = function.value(QStringLiteral("name")).toString();
                target.arguments += function.value(QStringLiteral("arguments")).toString();
            }
        }
    }
    return calls;
}

QJsonObject StreamHarness::usageChunk(const QList<StreamEvent>& events)
{
    for (const QJsonObject& chunk : chunks(events)) {
        if (chunk.value(QStringLiteral("choices")).toArray().isEmpty() && chunk.contains(QStringLiteral("usage")))
            return chunk.value(QStringLiteral("usage")).toObject();
    }
    return {};
}

QString StreamHarness::strictClientViolation(const QList<StreamEvent>& events)
{
    if (events.isEmpty() || events.last().kind != StreamEvent::Kind::Done)
        return QStringLiteral("the stream does not end with Done");
    if (chunks(events).isEmpty())
        return QStringLiteral("request ended without sending any chunks");
    static const QStringList finishReasons{QStringLiteral("stop"), QStringLiteral("length"),
                                           QStringLiteral("tool_calls"), QStringLiteral("content_filter"),
                                           QStringLiteral("function_call")};
    QHash<int, bool> roleSeen;
    QHash<int, QString> finish;
    QHash<QString, bool> toolCallStarted; // "choice:index"
    for (qsizetype i = 0; i < events.size(); ++i) {
        const StreamEvent& e = events.at(i);
        if (e.kind == StreamEvent::Kind::Error)
            return QStringLiteral("an Error event at position ") + QString::number(i);
        if (e.kind == StreamEvent::Kind::Done) {
            if (i != events.size() - 1)
                return QStringLiteral("Done is not the last event");
            continue;
        }
        const QJsonObject chunk = e.object();
        const QString where = QStringLiteral("chunk ") + QString::number(i) + QStringLiteral(": ");
        if (!chunk.value(QStringLiteral("id")).isString() || chunk.value(QStringLiteral("id")).toString().isEmpty())
            return where + QStringLiteral("missing id");
        if (chunk.value(QStringLiteral("object")).toString() != u"chat.completion.chunk")
            return where + QStringLiteral("object is not chat.completion.chunk");
        if (!chunk.value(QStringLiteral("created")).isDouble())
            return where + QStringLiteral("created is not a number");
        if (!chunk.value(QStringLiteral("model")).isString())
            return where + QStringLiteral("model is not a string");
        if (!chunk.value(QStringLiteral("choices")).isArray())
            return where + QStringLiteral("choices is not an array");
        const QJsonArray choices = chunk.value(QStringLiteral("choices")).toArray();
        if (choices.isEmpty()) {
            const QJsonObject usage = chunk.value(QStringLiteral("usage")).toObject();
            if (usage.isEmpty())
                return where + QStringLiteral("a chunk without choices and without usage");
            for (const char* key : {"prompt_tokens", "completion_tokens", "total_tokens"}) {
                if (!usage.value(QLatin1StringView(key)).isDouble())
                    return where + QStringLiteral("usage lacks ") + QLatin1StringView(key);
            }
            if (usage.value(QStringLiteral("total_tokens")).toInteger()
                != usage.value(QStringLiteral("prompt_tokens")).toInteger()
                    + usage.value(QStringLiteral("completion_tokens")).toInteger())
                return where + QStringLiteral("total_tokens != prompt_tokens + completion_tokens");
            continue;
        }
        for (const QJsonValue& c : choices) {
            const QJsonObject choice = c.toObject();
            if (!choice.value(QStringLiteral("index")).isDouble())
                return where + QStringLiteral("choice without index");
            const int index = choice.value(QStringLiteral("index")).toInt();
            if (!choice.value(QStringLiteral("delta")).isObject())
                return where + QStringLiteral("choice without delta");
            if (!choice.contains(QStringLiteral("finish_reason")))
                return where + QStringLiteral("choice without finish_reason");
            if (!choice.contains(QStringLiteral("logprobs")))
                return where + QStringLiteral("choice without logprobs");
            const QJsonObject delta = choice.value(QStringLiteral("delta")).toObject();
            if (!roleSeen.value(index)) {
                if (delta.value(QStringLiteral("role")).toString() != u"assistant")
                    return where + QStringLiteral("missing role for choice ") + QString::number(index);
                roleSeen.insert(index, true);
            }
            const QJsonValue fr = choice.value(QStringLiteral("finish_reason"));
            if (fr.isString()) {
                if (!finishReasons.contains(fr.toString()))
                    return where + QStringLiteral("invalid finish_reason ") + fr.toString();
                finish.insert(index, fr.toString());
            } else if (!fr.isNull()) {
                return where + QStringLiteral("finish_reason is neither null nor a string");
            }
            for (const QJsonValue& t : delta.value(QStringLiteral("tool_calls")).toArray()) {
                const QJsonObject call = t.toObject();
                if (!call.value(QStringLiteral("index")).isDouble())
                    return where + QStringLiteral("tool call delta without index");
                const QString key
                    = QString::number(index) + u':' + QString::number(call.value(QStringLiteral("index")).toInt());
                const QJsonObject function = call.value(QStringLiteral("function")).toObject();
                if (!toolCallStarted.value(key)) {
                    if (call.value(QStringLiteral("id")).toString().isEmpty())
                        return where + QStringLiteral("first tool call fragment without id");
                    if (call.value(QStringLiteral("type")).toString() != u"function")
                        return where + QStringLiteral("missing choices[i].tool_calls[j].type");
                    if (function.value(QStringLiteral("name")).toString().isEmpty())
                        return where + QStringLiteral("missing choices[i].tool_calls[j].function.name");
                    toolCallStarted.insert(key, true);
                }
                if (!function.value(QStringLiteral("arguments")).isString())
                    return where + QStringLiteral("missing choices[i].tool_calls[j].function.arguments");
            }
        }
    }
    for (auto it = roleSeen.constBegin(); it != roleSeen.constEnd(); ++it) {
        if (!finish.contains(it.key()))
            return QStringLiteral("missing finish_reason for choice ") + QString::number(it.key());
    }
    return {};
}

QString StreamHarness::splitInvarianceViolation(const ProviderAdapter& adapter, const StreamOptions& options,
                                                const QByteArray& bytes)
{
    const QByteArray reference = wire(run(adapter, options, bytes, Split::Whole).events);
    if (reference.isEmpty())
        return QStringLiteral("no output at all");
    if (wire(run(adapter, options, bytes, Split::ByteByByte).events) != reference)
        return QStringLiteral("byte-by-byte output differs from whole-buffer output");
    for (quint32 seed = 1; seed <= 5; ++seed) {
        if (wire(run(adapter, options, bytes, Split::Random, seed).events) != reference)
            return QStringLiteral("random split (seed ") + QString::number(seed) + QStringLiteral(") differs");
    }
    return {};
}
