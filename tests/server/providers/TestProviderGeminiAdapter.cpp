#include "StreamHarness.h"
#include "TestPaths.h"
#include "providers/ChatRequest.h"
#include "providers/GeminiAdapter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

class TestProviderGeminiAdapter : public QObject
{
    Q_OBJECT

private slots:
    void buildConversation();
    void buildToolChoiceModes_data();
    void buildToolChoiceModes();
    void buildThinkingAndJsonObject();
    void buildRejects_data();
    void buildRejects();
    void buildUrls();
    void sanitizeSchema();

    void parseGenerate();
    void parseFunctionCall();
    void parseThoughtsAndCache();
    void parseFinishReasons_data();
    void parseFinishReasons();
    void parseSafetyBlocks();
    void parseRejectsGarbage();

    void errors_data();
    void errors();

    void streamText();
    void streamUsageWithThoughts();
    void streamFunctionCall();
    void streamThoughtsRelayed();
    void streamSplitInvariance_data();
    void streamSplitInvariance();
    void streamTruncated();
    void streamMissingFinishReason();
    void streamMalformedLine();
    void streamErrorChunk();
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
    return GeminiAdapter().buildRequest(*request, request->modelName(), "AIza-test", baseUrl, options);
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

QJsonObject firstMessage(const TranslatedResponse& r)
{
    return r.completion.value("choices").toArray().at(0).toObject().value("message").toObject();
}

const QByteArray Hi = R"({"role":"user","content":"Hi"})";
const QByteArray WeatherTool
    = R"({"type":"function","function":{"name":"get_weather","description":"Current weather",)"
      R"("parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}})";

} // namespace

void TestProviderGeminiAdapter::buildConversation()
{
    const QByteArray request = R"({
        "model": "gemini/gemini-2.5-flash",
        "messages": [
            {"role": "system", "content": "You are terse."},
            {"role": "developer", "content": [{"type": "text", "text": "Answer in English."}]},
            {"role": "user", "content": [
                {"type": "text", "text": "Weather in Paris and Rome? See images."},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
                {"type": "image_url", "image_url": {"url": "https://example.com/rome.jpg"}},
                {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}}]},
            {"role": "assistant", "content": "Let me check.", "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}},
                {"id": "call_2", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Rome\"}"}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": "{\"temp_c\":18}"},
            {"role": "tool", "tool_call_id": "call_2", "content": [{"type": "text", "text": "22 C, sunny"}]},
            {"role": "user", "content": "Thanks. Which is warmer?"}
        ],
        "tools": [)"
        + WeatherTool
        + R"(, {"type": "function", "function": {"name": "now", "parameters": {"type": "object", "properties": {}}}}],
        "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
        "stop": "END",
        "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "strict": true, "schema": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "temp_c": {"type": ["number", "null"]}},
            "required": ["city", "temp_c"], "additionalProperties": false}}},
        "temperature": 1.5,
        "top_p": 0.9,
        "max_completion_tokens": 300,
        "seed": 5,
        "presence_penalty": 0.5,
        "stream": true,
        "stream_options": {"include_usage": true},
        "fallbacks": ["openai/gpt-4.1"]
    })";
    const QJsonObject expected = json(R"({
        "systemInstruction": {"parts": [{"text": "You are terse."}, {"text": "Answer in English."}]},
        "contents": [
            {"role": "user", "parts": [
                {"text": "Weather in Paris and Rome? See images."},
                {"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}},
                {"fileData": {"mimeType": "image/jpeg", "fileUri": "https://example.com/rome.jpg"}},
                {"inlineData": {"mimeType": "audio/wav", "data": "UklGRg=="}}]},
            {"role": "model", "parts": [
                {"text": "Let me check."},
                {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}},
                {"functionCall": {"name": "get_weather", "args": {"city": "Rome"}}}]},
            {"role": "user", "parts": [
                {"functionResponse": {"name": "get_weather", "response": {"temp_c": 18}}},
                {"functionResponse": {"name": "get_weather", "response": {"output": "22 C, sunny"}}},
                {"text": "Thanks. Which is warmer?"}]}
        ],
        "generationConfig": {
            "temperature": 1.5, "topP": 0.9, "maxOutputTokens": 300, "stopSequences": ["END"], "seed": 5,
            "presencePenalty": 0.5, "responseMimeType": "application/json",
            "responseSchema": {"type": "object",
                               "properties": {"city": {"type": "string"}, "temp_c": {"type": "number", "nullable": true}},
                               "required": ["city", "temp_c"]}
        },
        "tools": [{"functionDeclarations": [
            {"name": "get_weather", "description": "Current weather",
             "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}},
            {"name": "now"}]}],
        "toolConfig": {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_weather"]}}
    })");
    const Result<UpstreamRequest> r = build(request);
    QVERIFY(r.ok());
    QCOMPARE(r->method, QByteArray("POST"));
    QCOMPARE(
        r->url.toString(),
        QString(
            "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"));
    QVERIFY(!r->url.query().contains("key"));
    QCOMPARE(r->header("x-goog-api-key"), QByteArray("AIza-test"));
    QCOMPARE(r->header("content-type"), QByteArray("application/json"));
    const QString d = diff(json(r->body), expected);
    QVERIFY2(d.isEmpty(), qPrintable(d));
}

void TestProviderGeminiAdapter::buildToolChoiceModes_data()
{
    QTest::addColumn<QByteArray>("choice");
    QTest::addColumn<QString>("mode");
    QTest::newRow("auto") << QByteArray(R"("auto")") << "AUTO";
    QTest::newRow("none") << QByteArray(R"("none")") << "NONE";
    QTest::newRow("required") << QByteArray(R"("required")") << "ANY";
}

void TestProviderGeminiAdapter::buildToolChoiceModes()
{
    QFETCH(QByteArray, choice);
    QFETCH(QString, mode);
    const QJsonObject body = buildBody(R"({"model":"m","messages":[)" + Hi + R"(],"tools":[)" + WeatherTool
                                       + R"(],"tool_choice":)" + choice + "}");
    QCOMPARE(body.value("toolConfig").toObject().value("functionCallingConfig").toObject(),
             QJsonObject({{"mode", mode}}));
}

void TestProviderGeminiAdapter::buildThinkingAndJsonObject()
{
    AdapterOptions options;
    options.thinking = true;
    options.thinkingBudgetTokens = 1024;
    const QJsonObject body
        = buildBody(R"({"model":"m","messages":[)" + Hi + R"(],"response_format":{"type":"json_object"}})", options);
    const QJsonObject expected = json(R"({"contents":[{"role":"user","parts":[{"text":"Hi"}]}],
        "generationConfig":{"responseMimeType":"application/json","thinkingConfig":{"thinkingBudget":1024,"includeThoughts":true}}})");
    const QString d = diff(body, expected);
    QVERIFY2(d.isEmpty(), qPrintable(d));
    // Nothing sent, nothing set: no generationConfig at all.
    QVERIFY(!buildBody(R"({"model":"m","messages":[)" + Hi + "]}").contains("generationConfig"));
}

void TestProviderGeminiAdapter::buildRejects_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("param");
    QTest::newRow("unknown tool call id") << QByteArray(R"({"model":"m","messages":[)" + Hi
                                                        + R"(,{"role":"tool","tool_call_id":"call_x","content":"1"}]})")
                                          << "messages[1].tool_call_id";
    QTest::newRow("file id") << QByteArray(
        R"({"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"file-1"}}]}]})")
                             << "messages[0].content[0].file";
    QTest::newRow("arguments not an object") << QByteArray(
        R"({"model":"m","messages":[)" + Hi
        + R"(,{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"\"x\""}}]}]})")
                                             << "messages[1].tool_calls[0].function.arguments";
    QTest::newRow("only system") << QByteArray(R"({"model":"m","messages":[{"role":"developer","content":"x"}]})")
                                 << "messages";
}

void TestProviderGeminiAdapter::buildRejects()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, param);
    const Result<UpstreamRequest> r = build(body);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, Error::Kind::InvalidArgument);
    QCOMPARE(r.error().field, param);
    QVERIFY(r.error().message.startsWith("gemini "));
}

void TestProviderGeminiAdapter::buildUrls()
{
    const QByteArray body = R"({"model":"models/gemini-2.0-flash","messages":[)" + Hi + "]}";
    QCOMPARE(build(body)->url.toString(),
             QString("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent"));
    QCOMPARE(build(body, {}, "http://127.0.0.1:8080/")->url.toString(),
             QString("http://127.0.0.1:8080/v1beta/models/gemini-2.0-flash:generateContent"));
    QCOMPARE(build(body, {}, "https://proxy.example/google/v1beta")->url.toString(),
             QString("https://proxy.example/google/v1beta/models/gemini-2.0-flash:generateContent"));
}

void TestProviderGeminiAdapter::sanitizeSchema()
{
    const QJsonObject in
        = json(R"({"$schema":"http://json-schema.org/draft-07/schema#","type":"object","additionalProperties":false,
        "properties":{"tags":{"type":"array","items":{"type":["string","null"],"const":"x"}},
                      "kind":{"anyOf":[{"type":"string","enum":["a","b"]},{"type":"integer","minimum":1,"$comment":"c"}]}},
        "required":["tags"],"$defs":{"unused":{}}})");
    const QJsonObject out = json(R"({"type":"object",
        "properties":{"tags":{"type":"array","items":{"type":"string","nullable":true,"enum":["x"]}},
                      "kind":{"anyOf":[{"type":"string","enum":["a","b"]},{"type":"integer","minimum":1}]}},
        "required":["tags"]})");
    const QString d = diff(GeminiAdapter::sanitizeSchema(in), out);
    QVERIFY2(d.isEmpty(), qPrintable(d));
}

void TestProviderGeminiAdapter::parseGenerate()
{
    const Result<TranslatedResponse> r
        = GeminiAdapter().parseResponse(TestPaths::readFixture("gemini/generate.json"), "gemini-2.5-flash");
    QVERIFY(r.ok());
    const QJsonObject& c = r->completion;
    QVERIFY(c.value("id").toString().startsWith("chatcmpl-"));
    QCOMPARE(c.value("object").toString(), QString("chat.completion"));
    QCOMPARE(c.value("model").toString(), QString("gemini-2.5-flash"));
    QCOMPARE(r->upstreamModel, QString("gemini-2.5-flash"));
    QCOMPARE(r->upstreamId, QString("bzlXaa_EE_aHqtsPi_zw8Ao"));
    const QJsonObject choice = c.value("choices").toArray().at(0).toObject();
    QCOMPARE(choice.value("finish_reason").toString(), QString("stop"));
    QVERIFY(choice.contains("logprobs") && choice.value("logprobs").isNull());
    const QJsonObject message = choice.value("message").toObject();
    QCOMPARE(message.value("role").toString(), QString("assistant"));
    QCOMPARE(message.value("content").toString(), QString("Hello! How can I help you today?"));
    QVERIFY(message.contains("refusal") && message.value("refusal").isNull());
    QCOMPARE(r->usage.promptTokens, 9);
    QCOMPARE(r->usage.completionTokens, 43); // 9 candidates + 34 thoughts
    QCOMPARE(r->usage.reasoningTokens, 34);
    QCOMPARE(r->usage.totalTokens(), 52); // = Gemini's totalTokenCount
    QVERIFY(!r->usage.reasoningEstimated);
    const QJsonObject usage = c.value("usage").toObject();
    QCOMPARE(usage.value("completion_tokens").toInt(), 43);
    QCOMPARE(usage.value("total_tokens").toInt(), 52);
    QCOMPARE(usage.value("completion_tokens_details").toObject().value("reasoning_tokens").toInt(), 34);
}

void TestProviderGeminiAdapter::parseFunctionCall()
{
    const Result<TranslatedResponse> r
        = GeminiAdapter().parseResponse(TestPaths::readFixture("gemini/function_call.json"), "gemini-2.0-flash");
    QVERIFY(r.ok());
    const QJsonObject message = firstMessage(*r);
    QVERIFY(message.value("content").isNull());
    const QJsonArray calls = message.value("tool_calls").toArray();
    QCOMPARE(calls.size(), 1);
    const QJsonObject call = calls.at(0).toObject();
    const QString id = call.value("id").toString();
    QVERIFY(id.startsWith("call_"));
    QCOMPARE(id.size(), 29);
    QCOMPARE(call.value("type").toString(), QString("function"));
    QCOMPARE(call.value("function").toObject().value("name").toString(), QString("get_user_country"));
    QCOMPARE(call.value("function").toObject().value("arguments").toString(), QString("{}"));
    QCOMPARE(r->finishReason, QString("tool_calls")); // Gemini said STOP
    QCOMPARE(r->upstreamFinishReason, QString("STOP"));
    QCOMPARE(r->usage.promptTokens, 33);
    QCOMPARE(r->usage.completionTokens, 5);
    QCOMPARE(r->usage.totalTokens(), 38);
    // A second parse gives a different id: ids are random, not derived from the response.
    const Result<TranslatedResponse> again
        = GeminiAdapter().parseResponse(TestPaths::readFixture("gemini/function_call.json"), "gemini-2.0-flash");
    QVERIFY(firstMessage(*again).value("tool_calls").toArray().at(0).toObject().value("id").toString() != id);
}

void TestProviderGeminiAdapter::parseThoughtsAndCache()
{
    const QByteArray body
        = R"({"candidates":[{"content":{"role":"model","parts":[{"text":"Thinking it over.","thought":true},)"
          R"({"text":"Answer"},{"text":" here","thoughtSignature":"abc"},)"
          R"({"functionCall":{"name":"lookup","args":{"q":"x","n":2}}}]},"finishReason":"STOP"}],)"
          R"("usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":5,"thoughtsTokenCount":7,)"
          R"("cachedContentTokenCount":4,"toolUsePromptTokenCount":3,"totalTokenCount":25}})";
    const Result<TranslatedResponse> r = GeminiAdapter().parseResponse(body, "m", ReasoningOutput::ReasoningContent);
    QVERIFY(r.ok());
    const QJsonObject message = firstMessage(*r);
    QCOMPARE(message.value("content").toString(), QString("Answer here"));
    QCOMPARE(message.value("reasoning_content").toString(), QString("Thinking it over."));
    QCOMPARE(message.value("tool_calls")
                 .toArray()
                 .at(0)
                 .toObject()
                 .value("function")
                 .toObject()
                 .value("arguments")
                 .toString(),
             QString(R"({"n":2,"q":"x"})"));
    QCOMPARE(r->finishReason, QString("tool_calls"));
    QCOMPARE(r->usage.promptTokens, 13); // 10 + 3 tool-use prompt tokens
    QCOMPARE(r->usage.cachedTokens, 4);
    QCOMPARE(r->usage.completionTokens, 12);
    QCOMPARE(r->usage.reasoningTokens, 7);
    QCOMPARE(r->usage.totalTokens(), 25);
    QVERIFY(!firstMessage(*GeminiAdapter().parseResponse(body, "m")).contains("reasoning_content"));
}

void TestProviderGeminiAdapter::parseFinishReasons_data()
{
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("expected");
    QTest::newRow("STOP") << "STOP"
                          << "stop";
    QTest::newRow("MAX_TOKENS") << "MAX_TOKENS"
                                << "length";
    for (const char* filtered : {"SAFETY", "RECITATION", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY"})
        QTest::newRow(filtered) << filtered << "content_filter";
    QTest::newRow("MALFORMED_FUNCTION_CALL") << "MALFORMED_FUNCTION_CALL"
                                             << "stop";
    QTest::newRow("OTHER") << "OTHER"
                           << "stop";
}

void TestProviderGeminiAdapter::parseFinishReasons()
{
    QFETCH(QString, reason);
    QFETCH(QString, expected);
    QCOMPARE(GeminiAdapter::finishReasonFor(reason), expected);
    const QByteArray body
        = R"({"candidates":[{"content":{"parts":[{"text":"x"}]},"finishReason":")" + reason.toUtf8() + R"("}]})";
    const Result<TranslatedResponse> r = GeminiAdapter().parseResponse(body, "m");
    QVERIFY(r.ok());
    QCOMPARE(r->finishReason, expected);
    QVERIFY(!r->usage.reported);
    QVERIFY(!r->completion.contains("usage"));
}

void TestProviderGeminiAdapter::parseSafetyBlocks()
{
    const Result<TranslatedResponse> candidate = GeminiAdapter().parseResponse(
        R"({"candidates":[{"finishReason":"SAFETY","safetyRatings":[{"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH"}]}]})",
        "m");
    QVERIFY(candidate.ok());
    QVERIFY(firstMessage(*candidate).value("content").isNull());
    QCOMPARE(firstMessage(*candidate).value("refusal").toString(), QString("gemini blocked the response (SAFETY)"));
    QCOMPARE(candidate->finishReason, QString("content_filter"));

    const Result<TranslatedResponse> prompt = GeminiAdapter().parseResponse(
        R"({"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":8,"totalTokenCount":8}})",
        "m");
    QVERIFY(prompt.ok());
    QCOMPARE(prompt->finishReason, QString("content_filter"));
    QCOMPARE(prompt->upstreamFinishReason, QString("PROHIBITED_CONTENT"));
    QCOMPARE(prompt->usage.promptTokens, 8);
    QCOMPARE(prompt->usage.completionTokens, 0);
}

void TestProviderGeminiAdapter::parseRejectsGarbage()
{
    QVERIFY(!GeminiAdapter().parseResponse(R"({"candidates":)", "m").ok());
    const Result<TranslatedResponse> empty = GeminiAdapter().parseResponse(R"({"usageMetadata":{}})", "m");
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error().kind, Error::Kind::Unavailable);
}

Q_DECLARE_METATYPE(UpstreamError::Class)
Q_DECLARE_METATYPE(HeaderList::List)

void TestProviderGeminiAdapter::errors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<HeaderList::List>("headers");
    QTest::addColumn<UpstreamError::Class>("errorClass");
    QTest::addColumn<bool>("retryable");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("retryAfterMs");
    using C = UpstreamError::Class;
    QTest::newRow("400 bad key fixture") << 400 << TestPaths::readFixture("gemini/error_400_api_key_invalid.shape.json")
                                         << HeaderList::List{} << C::Authentication << false << "INVALID_ARGUMENT"
                                         << "API_KEY_INVALID"
                                         << "gemini: API key not valid. Please pass a valid API key." << -1;
    QTest::newRow("429 fixture") << 429 << TestPaths::readFixture("gemini/error_429_resource_exhausted.json")
                                 << HeaderList::List{} << C::RateLimited << true << "RESOURCE_EXHAUSTED"
                                 << ""
                                 << "gemini: You exceeded your current quota, please check your plan." << 34400;
    QTest::newRow("429 header wins") << 429 << TestPaths::readFixture("gemini/error_429_resource_exhausted.json")
                                     << HeaderList::List{{"Retry-After", "5"}} << C::RateLimited << true
                                     << "RESOURCE_EXHAUSTED"
                                     << ""
                                     << "gemini: You exceeded your current quota, please check your plan." << 5000;
    QTest::newRow("503 unavailable")
        << 503
        << QByteArray(
               R"({"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}})")
        << HeaderList::List{} << C::Overloaded << true << "UNAVAILABLE"
        << ""
        << "gemini: The model is overloaded. Please try again later." << -1;
    QTest::newRow("context length")
        << 400
        << QByteArray(
               R"({"error":{"code":400,"message":"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).","status":"INVALID_ARGUMENT"}})")
        << HeaderList::List{} << C::ContextLength << false << "INVALID_ARGUMENT"
        << ""
        << "gemini: The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)." << -1;
    QTest::newRow("not found")
        << 404
        << QByteArray(
               R"({"error":{"code":404,"message":"models/gemini-9 is not found for API version v1beta","status":"NOT_FOUND"}})")
        << HeaderList::List{} << C::NotFound << false << "NOT_FOUND"
        << ""
        << "gemini: models/gemini-9 is not found for API version v1beta" << -1;
    QTest::newRow("internal")
        << 500
        << QByteArray(R"({"error":{"code":500,"message":"An internal error has occurred.","status":"INTERNAL"}})")
        << HeaderList::List{} << C::ServerError << true << "INTERNAL"
        << ""
        << "gemini: An internal error has occurred." << -1;
    QTest::newRow("permission")
        << 403 << QByteArray(R"({"error":{"code":403,"message":"Permission denied.","status":"PERMISSION_DENIED"}})")
        << HeaderList::List{} << C::Authentication << false << "PERMISSION_DENIED"
        << ""
        << "gemini: Permission denied." << -1;
    QTest::newRow("wrapped in an array")
        << 503 << QByteArray(R"([{"error":{"code":503,"message":"Overloaded.","status":"UNAVAILABLE"}}])")
        << HeaderList::List{} << C::Overloaded << true << "UNAVAILABLE"
        << ""
        << "gemini: Overloaded." << -1;
    QTest::newRow("location")
        << 400
        << QByteArray(
               R"({"error":{"code":400,"message":"User location is not supported for the API use.","status":"FAILED_PRECONDITION"}})")
        << HeaderList::List{} << C::BadRequest << false << "FAILED_PRECONDITION"
        << ""
        << "gemini: User location is not supported for the API use." << -1;
}

void TestProviderGeminiAdapter::errors()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(HeaderList::List, headers);
    QFETCH(UpstreamError::Class, errorClass);
    QFETCH(bool, retryable);
    QFETCH(QString, type);
    QFETCH(QString, code);
    QFETCH(QString, message);
    QFETCH(int, retryAfterMs);
    const UpstreamError e = GeminiAdapter().parseError(status, body, headers);
    QCOMPARE(e.status, status);
    QCOMPARE(UpstreamError::className(e.errorClass), UpstreamError::className(errorClass));
    QCOMPARE(e.retryable, retryable);
    QCOMPARE(e.type, type);
    QCOMPARE(e.code, code);
    QCOMPARE(e.message, message);
    QCOMPARE(e.retryAfterMs, retryAfterMs);
}

void TestProviderGeminiAdapter::streamText()
{
    const StreamHarness::Run r
        = StreamHarness::run(GeminiAdapter(), StreamHarness::fixedOptions(true),
                             TestPaths::readFixture("gemini/stream.sse"), StreamHarness::Split::Whole);
    QVERIFY(r.completed);
    QCOMPARE(StreamHarness::strictClientViolation(r.events), QString());
    QCOMPARE(r.events.size(), 6); // 3 content chunks + finish + usage + Done
    QCOMPARE(StreamHarness::content(r.events), QString("The capital of France is Paris.\n"));
    QCOMPARE(r.contentChars, 32);
    const QJsonObject first = StreamHarness::chunks(r.events).first().value("choices").toArray().at(0).toObject();
    QCOMPARE(first.value("delta").toObject(), QJsonObject({{"role", "assistant"}, {"content", "The"}}));
    QCOMPARE(r.finishReason, QString("stop"));
    QCOMPARE(r.upstreamModel, QString("gemini-2.0-flash-exp"));
    QCOMPARE(r.upstreamId, QString("w1peaMz6INOvnvgPgYfPiQY"));
    // Usage is cumulative and not monotonic (15, 15, then 13): the last one wins.
    QCOMPARE(r.usage.promptTokens, 13);
    QCOMPARE(r.usage.completionTokens, 8);
    const QJsonObject usage = StreamHarness::usageChunk(r.events);
    QCOMPARE(usage.value("prompt_tokens").toInt(), 13);
    QCOMPARE(usage.value("completion_tokens").toInt(), 8);
    QCOMPARE(usage.value("total_tokens").toInt(), 21);
}

void TestProviderGeminiAdapter::streamUsageWithThoughts()
{
    const StreamHarness::Run r
        = StreamHarness::run(GeminiAdapter(), StreamHarness::fixedOptions(true),
                             TestPaths::readFixture("gemini/stream_usage_thoughts.sse"), StreamHarness::Split::Whole);
    QVERIFY(r.completed);
    QCOMPARE(StreamHarness::strictClientViolation(r.events), QString());
    QString expected;
    for (int i = 1; i <= 30; ++i)
        expected += (i > 1 ? QStringLiteral("\n") : QString()) + QString::number(i);
    QCOMPARE(StreamHarness::content(r.events), expected);
    QCOMPARE(r.contentChars, 80);
    QCOMPARE(r.usage.promptTokens, 18);
    QCOMPARE(r.usage.completionTokens, 115); // 80 candidates + 35 thoughts
    QCOMPARE(r.usage.reasoningTokens, 35);
    const QJsonObject usage = StreamHarness::usageChunk(r.events);
    QCOMPARE(usage.value("total_tokens").toInt(), 133);
    QCOMPARE(usage.value("completion_tokens_details").toObject().value("reasoning_tokens").toInt(), 35);
}

void TestProviderGeminiAdapter::streamFunctionCall()
{
    const StreamHarness::Run r
        = StreamHarness::run(GeminiAdapter(), StreamHarness::fixedOptions(true),
                             TestPaths::readFixture("gemini/function_call_stream.sse"), StreamHarness::Split::Whole);
    QVERIFY(r.completed);
    QCOMPARE(StreamHarness::strictClientViolation(r.events), QString());
    QCOMPARE(r.events.size(), 4); // tool call chunk (with role) + finish + usage + Done; the empty text is dropped
    const QList<StreamHarness::ToolCall> calls = StreamHarness::toolCalls(r.events);
    QCOMPARE(calls.size(), 1);
    QCOMPARE(calls[0].id, QString("call_test_1"));
    QCOMPARE(calls[0].type, QString("function"));
    QCOMPARE(calls[0].name, QString("get_country"));
    QCOMPARE(calls[0].arguments, QString("{}"));
    QCOMPARE(r.finishReason, QString("tool_calls"));
    QCOMPARE(StreamHarness::content(r.events), QString());
    QCOMPARE(r.upstreamModel, QString("gemini-3-pro-preview"));
    QCOMPARE(r.usage.promptTokens, 29);
    QCOMPARE(r.usage.completionTokens, 212);
    QCOMPARE(r.usage.reasoningTokens, 202);
    QCOMPARE(StreamHarness::usageChunk(r.events).value("total_tokens").toInt(), 241);
}

void TestProviderGeminiAdapter::streamThoughtsRelayed()
{
    const QByteArray bytes = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Let me "
                             "see.\",\"thought\":true}],\"role\":\"model\"}}]}\r\n\r\n"
                             "data: "
                             "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Yes.\"}],\"role\":\"model\"},"
                             "\"finishReason\":\"MAX_TOKENS\"}]}\r\n\r\n";
    const StreamHarness::Run relayed
        = StreamHarness::run(GeminiAdapter(), StreamHarness::fixedOptions(true, ReasoningOutput::ReasoningContent),
                             bytes, StreamHarness::Split::Whole);
    QVERIFY(relayed.completed);
    QCOMPARE(StreamHarness::strictClientViolation(relayed.events), QString());
    QCOMPARE(StreamHarness::reasoning(relayed.events), QString("Let me see."));
    QCOMPARE(StreamHarness::content(relayed.events), QString("Yes."));
    QCOMPARE(relayed.finishReason, QString("length"));
    // No usageMetadata at all: reported false, and the usage chunk carries estimates from the characters
    // (11 reasoning + 4 content = 15 → 4 tokens, 3 of them reasoning).
    QVERIFY(!relayed.usage.reported);
    const QJsonObject usage = StreamHarness::usageChunk(relayed.events);
    QCOMPARE(usage.value("completion_tokens").toInt(), 4);
    QCOMPARE(usage.value("completion_tokens_details").toObject().value("reasoning_tokens").toInt(), 3);

    const StreamHarness::Run omitted
        = StreamHarness::run(GeminiAdapter(), StreamHarness::fixedOptions(false), bytes, StreamHarness::Split::Whole);
    QVERIFY(StreamHarness::reasoning(omitted.events).isEmpty());
    QCOMPARE(omitted.reasoningChars, 11);
    QCOMPARE(StreamHarness::content(omitted.events), QString("Yes."));
}

void TestProviderGeminiAdapter::streamSplitInvariance_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::newRow("text") << "gemini/stream.sse";
    QTest::newRow("thoughts usage") << "gemini/stream_usage_thoughts.sse";
    QTest::newRow("function call") << "gemini/function_call_stream.sse";
}

void TestProviderGeminiAdapter::streamSplitInvariance()
{
    QFETCH(QString, fixture);
    const QString violation = StreamHarness::splitInvarianceViolation(
        GeminiAdapter(), StreamHarness::fixedOptions(true), TestPaths::readFixture(fixture));
    QVERIFY2(violation.isEmpty(), qPrintable(violation));
}

void TestProviderGeminiAdapter::streamTruncated()
{
    const QByteArray bytes = TestPaths::readFixture("gemini/stream_usage_thoughts.sse");
    const qsizetype lastBrace = bytes.lastIndexOf('}');
    for (qsizetype cut = 0; cut <= lastBrace; cut += (cut < lastBrace - 100 ? 17 : 1)) {
        const StreamHarness::Run r = StreamHarness::run(GeminiAdapter(), StreamHarness::fixedOptions(true),
                                                        bytes.left(cut), StreamHarness::Split::Whole);
        QVERIFY2(r.failed && !r.completed, qPrintable(QString("cut at %1").arg(cut)));
        for (const StreamEvent& e : r.events)
            QVERIFY(e.kind != StreamEvent::Kind::Done);
        // No finish_reason is ever relayed for a truncated Gemini stream.
        QVERIFY(r.finishReason.isEmpty());
    }
}

void TestProviderGeminiAdapter::streamMissingFinishReason()
{
    QByteArray bytes = TestPaths::readFixture("gemini/stream.sse");
    bytes.truncate(bytes.lastIndexOf("data: "));
    const StreamHarness::Run r = StreamHarness::run(GeminiAdapter(), StreamHarness::fixedOptions(true), bytes,
                                                    StreamHarness::Split::ByteByByte);
    QVERIFY(r.failed);
    QCOMPARE(r.error.code, QString("upstream_stream_truncated"));
    QCOMPARE(r.error.message, QString("gemini: the stream ended before a chunk with finishReason (truncated answer)"));
    QCOMPARE(StreamHarness::content(r.events), QString("The capital of France"));
    QVERIFY(r.emittedContent);
    QCOMPARE(r.usage.promptTokens, 15); // what was known when it broke
}

void TestProviderGeminiAdapter::streamMalformedLine()
{
    QByteArray bytes = TestPaths::readFixture("gemini/stream.sse");
    bytes.insert(bytes.indexOf("data: ", 10), "data: {\"candidates\": [{\"content\": \r\n\r\n");
    const StreamHarness::Run r
        = StreamHarness::run(GeminiAdapter(), StreamHarness::fixedOptions(true), bytes, StreamHarness::Split::Whole);
    QVERIFY(r.failed);
    QCOMPARE(r.error.code, QString("upstream_malformed_chunk"));
    QCOMPARE(StreamHarness::content(r.events), QString("The"));
}

void TestProviderGeminiAdapter::streamErrorChunk()
{
    QByteArray bytes = TestPaths::readFixture("gemini/stream.sse");
    bytes.insert(bytes.indexOf("data: ", 10),
                 "data: {\"error\": {\"code\": 503, \"message\": \"The model is overloaded.\", \"status\": "
                 "\"UNAVAILABLE\"}}\r\n\r\n");
    const StreamHarness::Run r = StreamHarness::run(GeminiAdapter(), StreamHarness::fixedOptions(true), bytes,
                                                    StreamHarness::Split::Random, 11);
    QVERIFY(r.failed);
    QCOMPARE(r.events.size(), 2); // "The" (with role), then the error
    const QJsonObject error = r.events.last().json.value("error").toObject();
    QCOMPARE(error.value("message").toString(), QString("gemini: The model is overloaded."));
    QCOMPARE(error.value("type").toString(), QString("UNAVAILABLE"));
    QCOMPARE(r.error.errorClass, UpstreamError::Class::Overloaded);
    QVERIFY(r.error.retryable);
}

QTEST_GUILESS_MAIN(TestProviderGeminiAdapter)
#include "TestProviderGeminiAdapter.moc"
