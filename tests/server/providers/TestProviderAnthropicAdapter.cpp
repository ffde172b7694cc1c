#include "StreamHarness.h"
#include "TestPaths.h"
#include "providers/AnthropicAdapter.h"
#include "providers/ChatRequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

class TestProviderAnthropicAdapter : public QObject
{
    Q_OBJECT

private slots:
    void buildConversation();
    void buildToolResultsComeFirst();
    void buildThinking();
    void buildToolChoiceVariants();
    void buildJsonSchemaInstruction();
    void buildRejects_data();
    void buildRejects();
    void buildUrls();

    void parseMessage();
    void parseToolUse();
    void parseCacheAndThinking();
    void parseStopReasons_data();
    void parseStopReasons();
    void parseRefusal();
    void parseRejectsGarbage();

    void errors_data();
    void errors();

    void streamText();
    void streamToolUse();
    void streamThinking();
    void streamThinkingRelayed();
    void streamCacheUsage();
    void streamSplitInvariance_data();
    void streamSplitInvariance();
    void streamTruncated();
    void streamMissingMessageStop();
    void streamMalformedLine();
    void streamErrorEvent();
};

namespace {

QJsonObject json(const QByteArray& text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad JSON in test: %s", qPrintable(error.errorString()));
    return doc.object();
}

Result<UpstreamRequest> build(const QByteArray& body, const AdapterOptions& options = {}, const QString& baseUrl = {})
{
    const Result<ChatRequest> request = ChatRequest::fromJson(body);
    if (!request.ok())
        qFatal("invalid test request: %s", qPrintable(request.error().message));
    return AnthropicAdapter().buildRequest(*request, request->modelName(), "sk-ant-test", baseUrl, options);
}

QJsonObject buildBody(const QByteArray& body, const AdapterOptions& options = {})
{
    const Result<UpstreamRequest> r = build(body, options);
    if (!r.ok())
        qFatal("buildRequest failed: %s", qPrintable(r.error().message));
    return json(r->body);
}

QString diff(const QJsonObject& actual, const QJsonObject& expected)
{
    if (actual == expected)
        return {};
    return QStringLiteral("\nactual:   ") + QString::fromUtf8(QJsonDocument(actual).toJson(QJsonDocument::Compact))
        + QStringLiteral("\nexpected: ") + QString::fromUtf8(QJsonDocument(expected).toJson(QJsonDocument::Compact));
}

const QByteArray Hi = R"({"role":"user","content":"Hi"})";
const QByteArray WeatherTool
    = R"({"type":"function","function":{"name":"get_weather","description":"Current weather",)"
      R"("parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}})";
const QByteArray AnthropicWeatherTool
    = R"({"name":"get_weather","description":"Current weather",)"
      R"("input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}})";

} // namespace

void TestProviderAnthropicAdapter::buildConversation()
{
    const QByteArray request = R"({
        "model": "anthropic/claude-sonnet-4-5",
        "messages": [
            {"role": "system", "content": "You are terse."},
            {"role": "developer", "content": [{"type": "text", "text": "Answer in English.", "cache_control": {"type": "ephemeral"}}]},
            {"role": "user", "content": [
                {"type": "text", "text": "Weather in Paris and Rome? See images."},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
                {"type": "image_url", "image_url": {"url": "https://example.com/rome.jpg", "detail": "high"}}]},
            {"role": "assistant", "content": "Let me check.", "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}},
                {"id": "call_2", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Rome\"}"}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": "{\"temp_c\":18}"},
            {"role": "tool", "tool_call_id": "call_2", "content": [{"type": "text", "text": "22 C, sunny"}]},
            {"role": "user", "content": "Thanks. Which is warmer?"}
        ],
        "tools": [)"
        + WeatherTool + R"(],
        "tool_choice": "required",
        "stop": ["END"],
        "response_format": {"type": "json_object"},
        "temperature": 1.5,
        "top_p": 0.9,
        "max_tokens": 300,
        "user": "u-42",
        "seed": 5,
        "stream": true,
        "stream_options": {"include_usage": true},
        "capability": "balanced"
    })";
    const QJsonObject expected = json(R"({
        "model": "claude-sonnet-4-5",
        "max_tokens": 300,
        "system": [
            {"type": "text", "text": "You are terse."},
            {"type": "text", "text": "Answer in English.", "cache_control": {"type": "ephemeral"}},
            {"type": "text", "text": "Respond with a single valid JSON object and nothing else: no prose, no Markdown code fences."}
        ],
        "messages": [
            {"role": "user", "content": [
                {"type": "text", "text": "Weather in Paris and Rome? See images."},
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
                {"type": "image", "source": {"type": "url", "url": "https://example.com/rome.jpg"}}]},
            {"role": "assistant", "content": [
                {"type": "text", "text": "Let me check."},
                {"type": "tool_use", "id": "call_1", "name": "get_weather", "input": {"city": "Paris"}},
                {"type": "tool_use", "id": "call_2", "name": "get_weather", "input": {"city": "Rome"}}]},
            {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "call_1", "content": "{\"temp_c\":18}"},
                {"type": "tool_result", "tool_use_id": "call_2", "content": [{"type": "text", "text": "22 C, sunny"}]},
                {"type": "text", "text": "Thanks. Which is warmer?"}]}
        ],
        "stop_sequences": ["END"],
        "temperature": 1,
        "top_p": 0.9,
        "stream": true,
        "metadata": {"user_id": "u-42"},
        "tools": [)" + AnthropicWeatherTool
                                      + R"(],
        "tool_choice": {"type": "any"}
    })");
    const Result<UpstreamRequest> r = build(request);
    QVERIFY(r.ok());
    QCOMPARE(r->method, QByteArray("POST"));
    QCOMPARE(r->url.toString(), QString("https://api.anthropic.com/v1/messages"));
    QCOMPARE(r->header("x-api-key"), QByteArray("sk-ant-test"));
    QCOMPARE(r->header("anthropic-version"), QByteArray("2023-06-01"));
    QCOMPARE(r->header("content-type"), QByteArray("application/json"));
    QCOMPARE(r->header("accept"), QByteArray("text/event-stream"));
    QVERIFY(r->header("authorization").isNull());
    const QString d = diff(json(r->body), expected);
    QVERIFY2(d.isEmpty(), qPrintable(d));
}

void TestProviderAnthropicAdapter::buildToolResultsComeFirst()
{
    // A user message between the tool call and its result is merged into the same user turn; Anthropic wants the
    // tool_result block first. Consecutive user messages are merged too, and empty texts are dropped.
    const QJsonObject body = buildBody(R"({"model":"claude-haiku-4-5","tools":[)" + WeatherTool + R"(],"messages":[
        {"role":"user","content":"Weather?"},
        {"role":"user","content":""},
        {"role":"assistant","content":null,"tool_calls":[{"id":"t1","type":"function","function":{"name":"get_weather","arguments":""}}]},
        {"role":"user","content":"Also, hurry."},
        {"role":"tool","tool_call_id":"t1","content":""}]})");
    const QJsonObject expected = json(R"({"messages":[
        {"role":"user","content":[{"type":"text","text":"Weather?"}]},
        {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"get_weather","input":{}}]},
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1"},{"type":"text","text":"Also, hurry."}]}]})");
    QCOMPARE(body.value("messages"), expected.value("messages"));
    QCOMPARE(body.value("max_tokens").toInt(), 4096); // AdapterOptions default
    QVERIFY(!body.contains("tool_choice"));
    QVERIFY(!body.contains("system"));
    QVERIFY(!body.contains("stream"));
    QVERIFY(!body.contains("temperature"));
}

void TestProviderAnthropicAdapter::buildThinking()
{
    AdapterOptions options;
    options.thinking = true;
    options.thinkingBudgetTokens = 2048;
    const QByteArray base = R"({"model":"claude-sonnet-4-5","messages":[)" + Hi + R"(],"tools":[)" + WeatherTool + "],";

    const QJsonObject body
        = buildBody(base + R"("max_tokens":1000,"temperature":0.5,"top_p":0.8,"tool_choice":"auto"})", options);
    QCOMPARE(body.value("thinking").toObject(), json(R"({"type":"enabled","budget_tokens":2048})"));
    QCOMPARE(body.value("max_tokens").toInt(), 3048); // 1000 <= budget: raised to budget + 1000
    QVERIFY(!body.contains("temperature"));
    QVERIFY(!body.contains("top_p"));
    QCOMPARE(body.value("tool_choice").toObject(), json(R"({"type":"auto"})"));

    // Enough room already: max_tokens kept.
    QCOMPARE(buildBody(base + R"("max_tokens":5000})", options).value("max_tokens").toInt(), 5000);
    // A forced tool cannot be combined with thinking: thinking is skipped, sampling kept.
    const QJsonObject forced
        = buildBody(base + R"("max_tokens":1000,"temperature":0.5,"tool_choice":"required"})", options);
    QVERIFY(!forced.contains("thinking"));
    QCOMPARE(forced.value("temperature").toDouble(), 0.5);
    QCOMPARE(forced.value("max_tokens").toInt(), 1000);
    // The budget is at least Anthropic's minimum of 1024.
    options.thinkingBudgetTokens = 100;
    QCOMPARE(
        buildBody(base + R"("max_tokens":9000})", options).value("thinking").toObject().value("budget_tokens").toInt(),
        1024);
}

void TestProviderAnthropicAdapter::buildToolChoiceVariants()
{
    const QByteArray base = R"({"model":"m","messages":[)" + Hi + R"(],"tools":[)" + WeatherTool + "],";
    const auto choiceFor
        = [&base](const QByteArray& extra) { return buildBody(base + extra + "}").value("tool_choice").toObject(); };
    const QByteArray none = R"("tool_choice":"none")";
    const QByteArray function = R"("tool_choice":{"type":"function","function":{"name":"get_weather"}})";
    const QByteArray noParallel = R"("parallel_tool_calls":false)";
    const QByteArray requiredNoParallel = R"("tool_choice":"required","parallel_tool_calls":false)";
    QCOMPARE(choiceFor(none), json(R"({"type":"none"})"));
    QCOMPARE(choiceFor(function), json(R"({"type":"tool","name":"get_weather"})"));
    QCOMPARE(choiceFor(noParallel), json(R"({"type":"auto","disable_parallel_tool_use":true})"));
    QCOMPARE(choiceFor(requiredNoParallel), json(R"({"type":"any","disable_parallel_tool_use":true})"));

    // Without tools, tool_choice is not sent; a tool without parameters gets an empty object schema.
    const QByteArray noTools = R"({"model":"m","messages":[)" + Hi + R"(],"tool_choice":"none"})";
    QVERIFY(!buildBody(noTools).contains("tool_choice"));
    const QByteArray bareTool
        = R"({"model":"m","messages":[)" + Hi + R"(],"tools":[{"type":"function","function":{"name":"now"}}]})";
    const QJsonArray expectedTools{json(R"({"name":"now","input_schema":{"type":"object","properties":{}}})")};
    QCOMPARE(buildBody(bareTool).value("tools").toArray(), expectedTools);
}

void TestProviderAnthropicAdapter::buildJsonSchemaInstruction()
{
    const QJsonObject body = buildBody(
        R"({"model":"m","messages":[{"role":"system","content":"Be exact."},)" + Hi
        + R"(],"response_format":{"type":"json_schema","json_schema":{"name":"r","schema":{"type":"object","properties":{"a":{"type":"string"}}}}}})");
    // (Kept out of the QCOMPARE macro: moc mis-reads raw strings containing \" inside macro arguments.)
    const QJsonArray expected{
        json(R"({"type":"text","text":"Be exact."})"),
        json(
            R"({"type":"text","text":"Respond with a single valid JSON object and nothing else: no prose, no Markdown code fences. The object must conform to this JSON Schema: {\"properties\":{\"a\":{\"type\":\"string\"}},\"type\":\"object\"}"})"),
    };
    QCOMPARE(body.value("system").toArray(), expected);
}

void TestProviderAnthropicAdapter::buildRejects_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("param");
    QTest::newRow("audio") << QByteArray(
        R"({"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"x"},{"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]}]})")
                           << "messages[0].content[1].type";
    QTest::newRow("non-PDF file") << QByteArray(
        R"({"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_data":"data:text/plain;base64,aGk="}}]}]})")
                                  << "messages[0].content[0].file";
    QTest::newRow("file id") << QByteArray(
        R"({"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"file-1"}}]}]})")
                             << "messages[0].content[0].file";
    QTest::newRow("arguments not JSON") << QByteArray(
        R"({"model":"m","messages":[)" + Hi
        + R"(,{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{oops"}}]}]})")
                                        << "messages[1].tool_calls[0].function.arguments";
    QTest::newRow("arguments an array") << QByteArray(
        R"({"model":"m","messages":[)" + Hi
        + R"(,{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"[1]"}}]}]})")
                                        << "messages[1].tool_calls[0].function.arguments";
    QTest::newRow("only a system message")
        << QByteArray(R"({"model":"m","messages":[{"role":"system","content":"x"}]})") << "messages";
}

void TestProviderAnthropicAdapter::buildRejects()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, param);
    const Result<UpstreamRequest> r = build(body);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, Error::Kind::InvalidArgument);
    QCOMPARE(r.error().field, param);
    QVERIFY(r.error().message.startsWith("anthropic "));
}

void TestProviderAnthropicAdapter::buildUrls()
{
    const QByteArray body = R"({"model":"m","messages":[)" + Hi + "]}";
    QCOMPARE(build(body, {}, "http://127.0.0.1:9000")->url.toString(), QString("http://127.0.0.1:9000/v1/messages"));
    QCOMPARE(build(body, {}, "https://gw.example/anthropic/v1/")->url.toString(),
             QString("https://gw.example/anthropic/v1/messages"));
    QCOMPARE(build(body)->header("accept"), QByteArray("application/json"));
}

void TestProviderAnthropicAdapter::parseMessage()
{
    const Result<TranslatedResponse> r
        = AnthropicAdapter().parseResponse(TestPaths::readFixture("anthropic/message.json"), "claude-sonnet-4-5");
    QVERIFY(r.ok());
    const QJsonObject& c = r->completion;
    QVERIFY(c.value("id").toString().startsWith("chatcmpl-"));
    QCOMPARE(c.value("object").toString(), QString("chat.completion"));
    QVERIFY(c.value("created").toInteger() > 1700000000);
    QCOMPARE(c.value("model").toString(), QString("claude-sonnet-4-5"));
    QCOMPARE(r->upstreamModel, QString("claude-sonnet-4-5-20250929"));
    QCOMPARE(r->upstreamId, QString("msg_01VdEjxAP5ahtHKrrRdNBteQ"));
    const QJsonObject choice = c.value("choices").toArray().at(0).toObject();
    QCOMPARE(choice.value("index").toInt(), 0);
    QVERIFY(choice.contains("logprobs") && choice.value("logprobs").isNull());
    QCOMPARE(choice.value("finish_reason").toString(), QString("stop"));
    const QJsonObject message = choice.value("message").toObject();
    QCOMPARE(message.value("role").toString(), QString("assistant"));
    QCOMPARE(message.value("content").toString(),
             QString("Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help "
                     "you with?"));
    QVERIFY(message.contains("refusal") && message.value("refusal").isNull());
    QVERIFY(!message.contains("tool_calls"));
    QCOMPARE(r->upstreamFinishReason, QString("end_turn"));
    QCOMPARE(r->usage.promptTokens, 12);
    QCOMPARE(r->usage.completionTokens, 29);
    QCOMPARE(r->usage.totalTokens(), 41);
    QCOMPARE(r->usage.cachedTokens, 0);
    QCOMPARE(r->usage.cacheWriteTokens, 0);
    QCOMPARE(r->usage.reasoningTokens, 0);
    QVERIFY(!r->usage.reasoningEstimated);
    const QJsonObject usage = c.value("usage").toObject();
    QCOMPARE(usage.value("total_tokens").toInt(), 41);
    QCOMPARE(usage.value("prompt_tokens_details").toObject().value("cached_tokens").toInt(), 0);
}

void TestProviderAnthropicAdapter::parseToolUse()
{
    const Result<TranslatedResponse> r
        = AnthropicAdapter().parseResponse(TestPaths::readFixture("anthropic/tool_use.json"), "claude-3-opus");
    QVERIFY(r.ok());
    const QJsonObject message = r->completion.value("choices").toArray().at(0).toObject().value("message").toObject();
    const QString content = message.value("content").toString();
    QVERIFY(content.startsWith("<thinking>\nThe get_weather tool is directly relevant"));
    QVERIFY(content.endsWith("with the provided location.\n</thinking>"));
    QCOMPARE(content.size(), 455);
    const QJsonArray calls = message.value("tool_calls").toArray();
    QCOMPARE(calls.size(), 1);
    const QJsonObject call = calls.at(0).toObject();
    QCOMPARE(call.value("id").toString(), QString("toolu_01DYJo37oETVsCdLTTcCWcdq"));
    QCOMPARE(call.value("type").toString(), QString("function"));
    QCOMPARE(call.value("function").toObject().value("name").toString(), QString("get_weather"));
    QCOMPARE(call.value("function").toObject().value("arguments").toString(),
             QString(R"({"location":"San Francisco, CA"})"));
    QCOMPARE(r->finishReason, QString("tool_calls"));
    QCOMPARE(r->usage.promptTokens, 599);
    QCOMPARE(r->usage.completionTokens, 152);
    QCOMPARE(r->usage.totalTokens(), 751);
}

void TestProviderAnthropicAdapter::parseCacheAndThinking()
{
    const QByteArray body
        = R"({"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5-20251001",)"
          R"("content":[{"type":"thinking","thinking":"Let me think about this carefully now.","signature":"s"},)"
          R"({"type":"redacted_thinking","data":"xyz"},{"type":"text","text":"Hello"},{"type":"text","text":" world"}],)"
          R"("stop_reason":"end_turn","usage":{"input_tokens":10,"cache_read_input_tokens":100,)"
          R"("cache_creation_input_tokens":50,"output_tokens":20}})";
    const Result<TranslatedResponse> r = AnthropicAdapter().parseResponse(body, "claude-haiku-4-5");
    QVERIFY(r.ok());
    const QJsonObject message = r->completion.value("choices").toArray().at(0).toObject().value("message").toObject();
    QCOMPARE(message.value("content").toString(), QString("Hello world"));
    QVERIFY(!message.contains("reasoning_content"));
    QCOMPARE(r->reasoningText, QString("Let me think about this carefully now."));
    QCOMPARE(r->usage.promptTokens, 160); // 10 + 100 read + 50 written
    QCOMPARE(r->usage.cachedTokens, 100);
    QCOMPARE(r->usage.cacheWriteTokens, 50);
    QCOMPARE(r->usage.completionTokens, 20);
    QCOMPARE(r->usage.totalTokens(), 180);
    QCOMPARE(r->usage.reasoningTokens, 10); // 38 characters / 4, rounded up
    QVERIFY(r->usage.reasoningEstimated);
    const QJsonObject usage = r->completion.value("usage").toObject();
    QCOMPARE(usage.value("prompt_tokens").toInt(), 160);
    QCOMPARE(usage.value("prompt_tokens_details").toObject().value("cached_tokens").toInt(), 100);
    QCOMPARE(usage.value("completion_tokens_details").toObject().value("reasoning_tokens").toInt(), 10);

    const Result<TranslatedResponse> relayed
        = AnthropicAdapter().parseResponse(body, "claude-haiku-4-5", ReasoningOutput::ReasoningContent);
    QCOMPARE(relayed->completion.value("choices").toArray().at(0).toObject().value("message").toObject().value(
                 "reasoning_content"),
             QJsonValue("Let me think about this carefully now."));
}

void TestProviderAnthropicAdapter::parseStopReasons_data()
{
    QTest::addColumn<QString>("stopReason");
    QTest::addColumn<QString>("finishReason");
    QTest::newRow("end_turn") << "end_turn"
                              << "stop";
    QTest::newRow("stop_sequence") << "stop_sequence"
                                   << "stop";
    QTest::newRow("max_tokens") << "max_tokens"
                                << "length";
    QTest::newRow("tool_use") << "tool_use"
                              << "tool_calls";
    QTest::newRow("refusal") << "refusal"
                             << "content_filter";
    QTest::newRow("pause_turn") << "pause_turn"
                                << "stop";
    QTest::newRow("model_context_window_exceeded") << "model_context_window_exceeded"
                                                   << "length";
}

void TestProviderAnthropicAdapter::parseStopReasons()
{
    QFETCH(QString, stopReason);
    QFETCH(QString, finishReason);
    const QByteArray body = R"({"type":"message","content":[{"type":"text","text":"x"}],"stop_reason":")"
        + stopReason.toUtf8() + R"(","usage":{"input_tokens":1,"output_tokens":1}})";
    const Result<TranslatedResponse> r = AnthropicAdapter().parseResponse(body, "m");
    QVERIFY(r.ok());
    QCOMPARE(r->finishReason, finishReason);
    QCOMPARE(r->completion.value("choices").toArray().at(0).toObject().value("finish_reason").toString(), finishReason);
}

void TestProviderAnthropicAdapter::parseRefusal()
{
    const Result<TranslatedResponse> r = AnthropicAdapter().parseResponse(
        R"({"type":"message","content":[{"type":"text","text":"I can't help with that."}],"stop_reason":"refusal","usage":{"input_tokens":5,"output_tokens":7}})",
        "m");
    QVERIFY(r.ok());
    const QJsonObject message = r->completion.value("choices").toArray().at(0).toObject().value("message").toObject();
    QVERIFY(message.value("content").isNull());
    QCOMPARE(message.value("refusal").toString(), QString("I can't help with that."));
    QCOMPARE(r->finishReason, QString("content_filter"));
}

void TestProviderAnthropicAdapter::parseRejectsGarbage()
{
    QVERIFY(!AnthropicAdapter().parseResponse("<html>", "m").ok());
    const Result<TranslatedResponse> error
        = AnthropicAdapter().parseResponse(TestPaths::readFixture("anthropic/error_529_overloaded.captured.json"), "m");
    QVERIFY(!error.ok());
    QCOMPARE(error.error().kind, Error::Kind::Unavailable);
    QVERIFY(error.error().message.contains("Overloaded"));
}

Q_DECLARE_METATYPE(UpstreamError::Class)
Q_DECLARE_METATYPE(HeaderList::List)

void TestProviderAnthropicAdapter::errors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<HeaderList::List>("headers");
    QTest::addColumn<UpstreamError::Class>("errorClass");
    QTest::addColumn<bool>("retryable");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("retryAfterMs");
    using C = UpstreamError::Class;
    QTest::newRow("401 fixture") << 401 << TestPaths::readFixture("anthropic/error_401_authentication.json")
                                 << HeaderList::List{{"x-should-retry", "false"}, {"request-id", "req_1"}}
                                 << C::Authentication << false << "authentication_error"
                                 << "anthropic: invalid x-api-key" << -1;
    QTest::newRow("529 fixture") << 529 << TestPaths::readFixture("anthropic/error_529_overloaded.captured.json")
                                 << HeaderList::List{} << C::Overloaded << true << "overloaded_error"
                                 << "anthropic: Overloaded" << -1;
    QTest::newRow("prompt too long")
        << 400
        << QByteArray(
               R"({"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}})")
        << HeaderList::List{} << C::ContextLength << false << "invalid_request_error"
        << "anthropic: prompt is too long: 210000 tokens > 200000 maximum" << -1;
    QTest::newRow("rate limit")
        << 429
        << QByteArray(
               R"({"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}})")
        << HeaderList::List{{"retry-after", "12"}} << C::RateLimited << true << "rate_limit_error"
        << "anthropic: Number of request tokens has exceeded your per-minute rate limit" << 12000;
    QTest::newRow("api error")
        << 500 << QByteArray(R"({"type":"error","error":{"type":"api_error","message":"Internal server error"}})")
        << HeaderList::List{} << C::ServerError << true << "api_error"
        << "anthropic: Internal server error" << -1;
    QTest::newRow("not found")
        << 404 << QByteArray(R"({"type":"error","error":{"type":"not_found_error","message":"model: claude-9"}})")
        << HeaderList::List{} << C::NotFound << false << "not_found_error"
        << "anthropic: model: claude-9" << -1;
    QTest::newRow("bad request")
        << 400
        << QByteArray(
               R"({"type":"error","error":{"type":"invalid_request_error","message":"messages: roles must alternate"}})")
        << HeaderList::List{} << C::BadRequest << false << "invalid_request_error"
        << "anthropic: messages: roles must alternate" << -1;
    QTest::newRow("billing")
        << 400
        << QByteArray(R"({"type":"error","error":{"type":"billing_error","message":"Your credit balance is too low"}})")
        << HeaderList::List{} << C::QuotaExceeded << false << "billing_error"
        << "anthropic: Your credit balance is too low" << -1;
    QTest::newRow("content filter")
        << 400
        << QByteArray(
               R"({"type":"error","error":{"type":"invalid_request_error","message":"Output blocked by content filtering policy"}})")
        << HeaderList::List{} << C::ContentPolicy << false << "invalid_request_error"
        << "anthropic: Output blocked by content filtering policy" << -1;
    QTest::newRow("gateway timeout text")
        << 504 << QByteArray("upstream timed out") << HeaderList::List{} << C::ServerError << true << ""
        << "anthropic: HTTP 504: upstream timed out" << -1;
}

void TestProviderAnthropicAdapter::errors()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(HeaderList::List, headers);
    QFETCH(UpstreamError::Class, errorClass);
    QFETCH(bool, retryable);
    QFETCH(QString, type);
    QFETCH(QString, message);
    QFETCH(int, retryAfterMs);
    const UpstreamError e = AnthropicAdapter().parseError(status, body, headers);
    QCOMPARE(e.status, status);
    QCOMPARE(UpstreamError::className(e.errorClass), UpstreamError::className(errorClass));
    QCOMPARE(e.retryable, retryable);
    QCOMPARE(e.type, type);
    QCOMPARE(e.message, message);
    QCOMPARE(e.retryAfterMs, retryAfterMs);
    QVERIFY(e.code.isEmpty());
}

void TestProviderAnthropicAdapter::streamText()
{
    const StreamHarness::Run r
        = StreamHarness::run(AnthropicAdapter(), StreamHarness::fixedOptions(true),
                             TestPaths::readFixture("anthropic/stream.sse"), StreamHarness::Split::Whole);
    QVERIFY(r.completed);
    QCOMPARE(StreamHarness::strictClientViolation(r.events), QString());
    // role chunk + 15 text deltas + finish + usage + Done
    QCOMPARE(r.events.size(), 19);
    QCOMPARE(StreamHarness::content(r.events),
             QString(R"(The phrase "I think, therefore I am" (originally in Latin as)"));
    QCOMPARE(r.contentChars, 60);
    QCOMPARE(r.finishReason, QString("length")); // stop_reason max_tokens
    QCOMPARE(r.upstreamModel, QString("claude-3-opus-20240229"));
    QCOMPARE(r.upstreamId, QString("msg_01PgicqXb8hKdXEPHm3LLTGF"));
    QVERIFY(r.usage.reported);
    QCOMPARE(r.usage.promptTokens, 27);
    QCOMPARE(r.usage.completionTokens, 15); // message_delta's value, not 1 + 15
    QCOMPARE(r.usage.reasoningTokens, 0);
    const QJsonObject usage = StreamHarness::usageChunk(r.events);
    QCOMPARE(usage.value("prompt_tokens").toInt(), 27);
    QCOMPARE(usage.value("completion_tokens").toInt(), 15);
    QCOMPARE(usage.value("total_tokens").toInt(), 42);
    const QList<QJsonObject> chunks = StreamHarness::chunks(r.events);
    QCOMPARE(chunks.first().value("choices").toArray().at(0).toObject().value("delta").toObject(),
             json(R"({"role":"assistant","content":""})"));
    QCOMPARE(chunks.at(chunks.size() - 2).value("choices").toArray().at(0).toObject().value("finish_reason").toString(),
             QString("length"));
    for (const QJsonObject& chunk : chunks) {
        QCOMPARE(chunk.value("id").toString(), QString("chatcmpl-test"));
        QCOMPARE(chunk.value("model").toString(), QString("test-model"));
    }
}

void TestProviderAnthropicAdapter::streamToolUse()
{
    const StreamHarness::Run r
        = StreamHarness::run(AnthropicAdapter(), StreamHarness::fixedOptions(true),
                             TestPaths::readFixture("anthropic/tool_use_stream.sse"), StreamHarness::Split::Whole);
    QVERIFY(r.completed);
    QCOMPARE(StreamHarness::strictClientViolation(r.events), QString());
    // role + 72 text deltas + tool call start + 4 non-empty argument fragments + finish + usage + Done
    QCOMPARE(r.events.size(), 81);
    const QString content = StreamHarness::content(r.events);
    QCOMPARE(content.size(), 375);
    QVERIFY(content.startsWith("<thinking>\nThe get_weather tool is relevant for answering this question"));
    QVERIFY(content.endsWith("We can proceed with calling the get_weather tool.\n</thinking>"));
    const QList<StreamHarness::ToolCall> calls = StreamHarness::toolCalls(r.events);
    QCOMPARE(calls.size(), 1);
    QCOMPARE(calls[0].id, QString("toolu_01DYJo37oETVsCdLTTcCWcdq"));
    QCOMPARE(calls[0].type, QString("function"));
    QCOMPARE(calls[0].name, QString("get_weather"));
    QCOMPARE(calls[0].arguments, QString(R"({"location": "San Francisco, CA"})"));
    QCOMPARE(r.toolArgumentChars, 33);
    QCOMPARE(r.contentChars, 375);
    QCOMPARE(r.finishReason, QString("tool_calls"));
    QCOMPARE(r.usage.promptTokens, 599);
    QCOMPARE(r.usage.completionTokens, 135);
    QCOMPARE(StreamHarness::usageChunk(r.events).value("total_tokens").toInt(), 734);
}

void TestProviderAnthropicAdapter::streamThinking()
{
    const StreamHarness::Run r
        = StreamHarness::run(AnthropicAdapter(), StreamHarness::fixedOptions(true),
                             TestPaths::readFixture("anthropic/thinking_stream.sse"), StreamHarness::Split::Whole);
    QVERIFY(r.completed);
    QCOMPARE(StreamHarness::strictClientViolation(r.events), QString());
    QCOMPARE(r.events.size(), 99); // role + 95 text deltas + finish + usage + Done: no thinking relayed
    const QString content = StreamHarness::content(r.events);
    QCOMPARE(content.size(), 1021);
    QVERIFY(content.startsWith("Here are the basic steps for safely crossing the street:\n\n**At intersections"));
    QVERIFY(!content.contains("straightforward question")); // thinking never goes into content
    QVERIFY(StreamHarness::reasoning(r.events).isEmpty());
    QCOMPARE(r.reasoningChars, 202); // counted although not relayed
    QCOMPARE(r.finishReason, QString("stop"));
    QCOMPARE(r.usage.promptTokens, 43);
    QCOMPARE(r.usage.cachedTokens, 0);
    QCOMPARE(r.usage.cacheWriteTokens, 0);
    QCOMPARE(r.usage.completionTokens, 282);
    QCOMPARE(r.usage.reasoningTokens, 51); // ceil(202 / 4), estimated
    QVERIFY(r.usage.reasoningEstimated);
    const QJsonObject usage = StreamHarness::usageChunk(r.events);
    QCOMPARE(usage.value("completion_tokens_details").toObject().value("reasoning_tokens").toInt(), 51);
    QCOMPARE(usage.value("total_tokens").toInt(), 325);
}

void TestProviderAnthropicAdapter::streamThinkingRelayed()
{
    const StreamHarness::Run r
        = StreamHarness::run(AnthropicAdapter(), StreamHarness::fixedOptions(false, ReasoningOutput::ReasoningContent),
                             TestPaths::readFixture("anthropic/thinking_stream.sse"), StreamHarness::Split::ByteByByte);
    QVERIFY(r.completed);
    QCOMPARE(StreamHarness::strictClientViolation(r.events), QString());
    QCOMPARE(r.events.size(), 111); // role + 13 non-empty thinking deltas + 95 text deltas + finish + Done
    const QString reasoning = StreamHarness::reasoning(r.events);
    QCOMPARE(reasoning.size(), 202);
    QVERIFY(reasoning.startsWith("This is a straightforward question about pedestrian safety. "));
    QVERIFY(reasoning.endsWith(" basic safety information that could help prevent accidents."));
    QCOMPARE(r.reasoningChars, 202);
    QCOMPARE(StreamHarness::content(r.events).size(), 1021);
}

void TestProviderAnthropicAdapter::streamCacheUsage()
{
    // 2025-style: message_start has the cache fields, message_delta repeats input and cache fields.
    const QByteArray bytes
        = "event: message_start\ndata: "
          "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_c\",\"model\":\"claude-sonnet-4-5\","
          "\"usage\":{\"input_tokens\":5,\"cache_creation_input_tokens\":1000,\"cache_read_input_tokens\":0,\"output_"
          "tokens\":1}}}\n\n"
          "event: content_block_start\ndata: "
          "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
          "event: content_block_delta\ndata: "
          "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"ok\"}}\n\n"
          "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"stop_sequence\"},"
          "\"usage\":{\"input_tokens\":5,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":1000,\"output_"
          "tokens\":3}}\n\n"
          "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    const StreamHarness::Run r
        = StreamHarness::run(AnthropicAdapter(), StreamHarness::fixedOptions(true), bytes, StreamHarness::Split::Whole);
    QVERIFY(r.completed);
    QCOMPARE(r.usage.promptTokens, 1005);
    QCOMPARE(r.usage.cachedTokens, 1000);
    QCOMPARE(r.usage.cacheWriteTokens, 0);
    QCOMPARE(r.usage.completionTokens, 3);
    QCOMPARE(r.finishReason, QString("stop"));
    QCOMPARE(
        StreamHarness::usageChunk(r.events).value("prompt_tokens_details").toObject().value("cached_tokens").toInt(),
        1000);
}

void TestProviderAnthropicAdapter::streamSplitInvariance_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::newRow("text") << "anthropic/stream.sse";
    QTest::newRow("tool use") << "anthropic/tool_use_stream.sse";
    QTest::newRow("thinking") << "anthropic/thinking_stream.sse";
}

void TestProviderAnthropicAdapter::streamSplitInvariance()
{
    QFETCH(QString, fixture);
    const QByteArray bytes = TestPaths::readFixture(fixture);
    for (const ReasoningOutput reasoning : {ReasoningOutput::Omit, ReasoningOutput::ReasoningContent}) {
        const QString violation = StreamHarness::splitInvarianceViolation(
            AnthropicAdapter(), StreamHarness::fixedOptions(true, reasoning), bytes);
        QVERIFY2(violation.isEmpty(), qPrintable(violation));
    }
}

void TestProviderAnthropicAdapter::streamTruncated()
{
    const QByteArray bytes = TestPaths::readFixture("anthropic/tool_use_stream.sse");
    const qsizetype stop = bytes.indexOf("data: {\"type\":\"message_stop\"");
    QVERIFY(stop > 0);
    for (qsizetype cut = 0; cut < stop + 26; cut += (cut < stop - 200 ? 53 : 1)) {
        const StreamHarness::Run r = StreamHarness::run(AnthropicAdapter(), StreamHarness::fixedOptions(true),
                                                        bytes.left(cut), StreamHarness::Split::Whole);
        QVERIFY2(r.failed && !r.completed, qPrintable(QString("cut at %1").arg(cut)));
        QCOMPARE(r.events.last().kind, StreamEvent::Kind::Error);
        for (const StreamEvent& e : r.events)
            QVERIFY(e.kind != StreamEvent::Kind::Done);
    }
    // Cut in the middle of the tool arguments: the text was relayed, the error says truncated.
    const qsizetype middle = bytes.indexOf("n Fran");
    const StreamHarness::Run r
        = StreamHarness::run(AnthropicAdapter(), StreamHarness::fixedOptions(true),
                             bytes.left(bytes.indexOf("\n\n", middle) + 2), StreamHarness::Split::Whole);
    QVERIFY(r.failed);
    QCOMPARE(r.error.code, QString("upstream_stream_truncated"));
    QCOMPARE(r.error.message, QString("anthropic: the stream ended before message_stop (truncated answer)"));
    QCOMPARE(StreamHarness::toolCalls(r.events).value(0).arguments, QString(R"({"location": "San Fran)"));
    QVERIFY(r.finishReason.isEmpty());
    QVERIFY(StreamHarness::usageChunk(r.events).isEmpty());
}

void TestProviderAnthropicAdapter::streamMissingMessageStop()
{
    QByteArray bytes = TestPaths::readFixture("anthropic/stream.sse");
    bytes.truncate(bytes.indexOf("event: message_stop"));
    const StreamHarness::Run r = StreamHarness::run(AnthropicAdapter(), StreamHarness::fixedOptions(true), bytes,
                                                    StreamHarness::Split::Random, 3);
    QVERIFY(r.failed);
    QCOMPARE(r.error.code, QString("upstream_stream_truncated"));
    QCOMPARE(StreamHarness::content(r.events).size(), 60);
    QVERIFY(r.finishReason.isEmpty()); // message_delta's stop_reason is not relayed without message_stop
    QVERIFY(r.usage.reported);
    QCOMPARE(r.usage.completionTokens, 15); // still known for billing
}

void TestProviderAnthropicAdapter::streamMalformedLine()
{
    QByteArray bytes = TestPaths::readFixture("anthropic/stream.sse");
    bytes.replace(R"({"type":"text_delta","text":" think"})", R"({"type":"text_delta","text":" think")");
    const StreamHarness::Run r
        = StreamHarness::run(AnthropicAdapter(), StreamHarness::fixedOptions(true), bytes, StreamHarness::Split::Whole);
    QVERIFY(r.failed);
    QCOMPARE(r.error.code, QString("upstream_malformed_chunk"));
    QCOMPARE(StreamHarness::content(r.events), QString(R"(The phrase "I)"));
}

void TestProviderAnthropicAdapter::streamErrorEvent()
{
    QByteArray bytes = TestPaths::readFixture("anthropic/stream.sse");
    const qsizetype at = bytes.indexOf("event: content_block_delta", bytes.indexOf(" phrase"));
    bytes.insert(at,
                 "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", "
                 "\"message\": \"Overloaded\"}, \"request_id\": \"req_9\"}   \n\n");
    const StreamHarness::Run r
        = StreamHarness::run(AnthropicAdapter(), StreamHarness::fixedOptions(true), bytes, StreamHarness::Split::Whole);
    QVERIFY(r.failed);
    QVERIFY(!r.completed);
    QCOMPARE(r.events.size(), 4); // role, "The", " phrase", error
    QCOMPARE(StreamHarness::content(r.events), QString("The phrase"));
    const QJsonObject error = r.events.last().json.value("error").toObject();
    QCOMPARE(error.value("message").toString(), QString("anthropic: Overloaded"));
    QCOMPARE(error.value("type").toString(), QString("overloaded_error"));
    QVERIFY(error.value("param").isNull());
    QCOMPARE(r.error.errorClass, UpstreamError::Class::Overloaded);
    QVERIFY(r.error.retryable);
    QVERIFY(r.emittedContent); // so the caller knows it cannot fail over transparently
}

QTEST_GUILESS_MAIN(TestProviderAnthropicAdapter)
#include "TestProviderAnthropicAdapter.moc"
