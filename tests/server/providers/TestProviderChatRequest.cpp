#include "providers/ChatRequest.h"
#include "providers/OpenAiAdapter.h"
#include "providers/TokenEstimator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

class TestProviderChatRequest : public QObject
{
    Q_OBJECT

private slots:
    void rejects_data();
    void rejects();
    void neitherModelNorCapabilityIsLeftToTheRouter();
    void minimalRequest();
    void typedAccessors();
    void modelPrefix_data();
    void modelPrefix();
    void fallbacks();
    void capabilityWithoutModel();
    void nullMeansNotSent();
    void configuredProviders();
    void bothReadersAgree_data();
    void bothReadersAgree();
};

namespace {
const QByteArray User = R"({"role":"user","content":"Hi"})";

/** A valid body with extra top-level members spliced in. */
QByteArray body(const QByteArray& extra)
{
    return R"({"model":"gpt-4.1","messages":[)" + User + "]" + (extra.isEmpty() ? QByteArray() : "," + extra) + "}";
}

QByteArray withMessages(const QByteArray& messages)
{
    return R"({"model":"gpt-4.1","messages":)" + messages + "}";
}
} // namespace

void TestProviderChatRequest::neitherModelNorCapabilityIsLeftToTheRouter()
{
    // The router applies the project's default capability (the original rejected such requests).
    const auto r = ChatRequest::fromJson(QByteArray(R"({"messages":[{"role":"user","content":"hi"}]})"));
    QVERIFY(r.ok());
    QVERIFY(r.value().model().isEmpty());
    QVERIFY(r.value().capability().isEmpty());
}

void TestProviderChatRequest::rejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("param");

    QTest::newRow("malformed JSON") << QByteArray(R"({"model":"x",)") << "";
    QTest::newRow("not an object") << QByteArray("[1,2]") << "";
    QTest::newRow("model not a string") << QByteArray(R"({"model":4,"messages":[)" + User + "]}") << "model";
    QTest::newRow("messages missing") << QByteArray(R"({"model":"m"})") << "messages";
    QTest::newRow("messages not an array") << withMessages(R"({"role":"user"})") << "messages";
    QTest::newRow("messages empty") << withMessages("[]") << "messages";
    QTest::newRow("message not an object") << withMessages(R"([)" + User + R"(,"hi"])") << "messages[1]";
    QTest::newRow("role missing") << withMessages(R"([{"content":"x"}])") << "messages[0].role";
    QTest::newRow("role unknown") << withMessages(R"([{"role":"function","content":"x"}])") << "messages[0].role";
    QTest::newRow("role not a string") << withMessages(R"([{"role":1,"content":"x"}])") << "messages[0].role";
    QTest::newRow("content a number") << withMessages(R"([{"role":"user","content":5}])") << "messages[0].content";
    QTest::newRow("content an object") << withMessages(R"([{"role":"user","content":{}}])") << "messages[0].content";
    QTest::newRow("user content null") << withMessages(R"([{"role":"user","content":null}])") << "messages[0].content";
    QTest::newRow("system content missing") << withMessages(R"([{"role":"system"}])") << "messages[0].content";
    QTest::newRow("part not an object") << withMessages(R"([{"role":"user","content":["x"]}])")
                                        << "messages[0].content[0]";
    QTest::newRow("part without type") << withMessages(R"([{"role":"user","content":[{"text":"x"}]}])")
                                       << "messages[0].content[0].type";
    QTest::newRow("text part without text")
        << withMessages(R"([{"role":"user","content":[{"type":"text","text":1}]}])") << "messages[0].content[0].text";
    QTest::newRow("image without url") << withMessages(
        R"([{"role":"user","content":[{"type":"text","text":"a"},{"type":"image_url","image_url":{}}]}])")
                                       << "messages[0].content[1].image_url.url";
    QTest::newRow("image url a string") << withMessages(
        R"([{"role":"user","content":[{"type":"image_url","image_url":"http://x/y.png"}]}])")
                                        << "messages[0].content[0].image_url";
    QTest::newRow("image in a system message") << withMessages(
        R"([{"role":"system","content":[{"type":"image_url","image_url":{"url":"http://x"}}]},)" + User + "]")
                                               << "messages[0].content[0].type";
    QTest::newRow("audio without format")
        << withMessages(R"([{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAAA"}}]}])")
        << "messages[0].content[0].input_audio.format";
    QTest::newRow("unknown part type") << withMessages(R"([{"role":"user","content":[{"type":"video","video":{}}]}])")
                                       << "messages[0].content[0].type";
    QTest::newRow("name not a string") << withMessages(R"([{"role":"user","content":"x","name":7}])")
                                       << "messages[0].name";
    QTest::newRow("tool without tool_call_id")
        << withMessages(R"([)" + User + R"(,{"role":"tool","content":"42"}])") << "messages[1].tool_call_id";
    QTest::newRow("tool_calls on a user message")
        << withMessages(R"([{"role":"user","content":"x","tool_calls":[]}])") << "messages[0].tool_calls";
    QTest::newRow("tool_calls not an array")
        << withMessages(R"([)" + User + R"(,{"role":"assistant","tool_calls":{}}])") << "messages[1].tool_calls";
    QTest::newRow("tool call without id") << withMessages(
        R"([)" + User
        + R"(,{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"f","arguments":"{}"}}]}])")
                                          << "messages[1].tool_calls[0].id";
    QTest::newRow("tool call arguments an object") << withMessages(
        R"([)" + User
        + R"(,{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":{}}}]}])")
                                                   << "messages[1].tool_calls[0].function.arguments";
    QTest::newRow("temperature a string") << body(R"("temperature":"hot")") << "temperature";
    QTest::newRow("temperature too high") << body(R"("temperature":2.5)") << "temperature";
    QTest::newRow("top_p above 1") << body(R"("top_p":1.2)") << "top_p";
    QTest::newRow("max_tokens fractional") << body(R"("max_tokens":10.5)") << "max_tokens";
    QTest::newRow("max_tokens zero") << body(R"("max_tokens":0)") << "max_tokens";
    QTest::newRow("max_completion_tokens a string")
        << body(R"("max_completion_tokens":"100")") << "max_completion_tokens";
    QTest::newRow("stream a string") << body(R"("stream":"true")") << "stream";
    QTest::newRow("stream_options not an object") << body(R"("stream":true,"stream_options":true)") << "stream_options";
    QTest::newRow("include_usage not a bool")
        << body(R"("stream":true,"stream_options":{"include_usage":1})") << "stream_options.include_usage";
    QTest::newRow("stop a number") << body(R"("stop":1)") << "stop";
    QTest::newRow("stop entry a number") << body(R"("stop":["a",2])") << "stop[1]";
    QTest::newRow("seed fractional") << body(R"("seed":1.5)") << "seed";
    QTest::newRow("n two") << body(R"("n":2)") << "n";
    QTest::newRow("n zero") << body(R"("n":0)") << "n";
    QTest::newRow("tools an object") << body(R"("tools":{})") << "tools";
    QTest::newRow("tool not a function") << body(R"("tools":[{"type":"custom","custom":{"name":"x"}}])")
                                         << "tools[0].type";
    QTest::newRow("tool without function") << body(R"("tools":[{"type":"function"}])") << "tools[0].function";
    QTest::newRow("tool without name") << body(R"("tools":[{"type":"function","function":{"parameters":{}}}])")
                                       << "tools[0].function.name";
    QTest::newRow("tool name with spaces")
        << body(R"("tools":[{"type":"function","function":{"name":"get weather"}}])") << "tools[0].function.name";
    QTest::newRow("tool parameters an array")
        << body(R"("tools":[{"type":"function","function":{"name":"f","parameters":[]}}])")
        << "tools[0].function.parameters";
    QTest::newRow("tool_choice unknown") << body(R"("tool_choice":"sometimes")") << "tool_choice";
    QTest::newRow("tool_choice a number") << body(R"("tool_choice":1)") << "tool_choice";
    QTest::newRow("tool_choice names a missing tool") << body(
        R"("tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{"type":"function","function":{"name":"g"}})")
                                                      << "tool_choice.function.name";
    QTest::newRow("response_format a string") << body(R"("response_format":"json")") << "response_format";
    QTest::newRow("response_format type unknown")
        << body(R"("response_format":{"type":"yaml"})") << "response_format.type";
    QTest::newRow("json_schema without name")
        << body(R"("response_format":{"type":"json_schema","json_schema":{"schema":{}}})")
        << "response_format.json_schema.name";
    QTest::newRow("json_schema schema an array")
        << body(R"("response_format":{"type":"json_schema","json_schema":{"name":"n","schema":[]}})")
        << "response_format.json_schema.schema";
    QTest::newRow("parallel_tool_calls a string") << body(R"("parallel_tool_calls":"no")") << "parallel_tool_calls";
    QTest::newRow("provider unknown") << body(R"("provider":"mistral")") << "provider";
    QTest::newRow("provider conflicts with prefix")
        << QByteArray(R"({"model":"anthropic/claude-haiku-4-5","provider":"openai","messages":[)" + User + "]}")
        << "provider";
    QTest::newRow("prefix without model") << QByteArray(R"({"model":"openai/","messages":[)" + User + "]}") << "model";
    QTest::newRow("fallbacks a string") << body(R"("fallbacks":"openai/gpt-4.1")") << "fallbacks";
    QTest::newRow("fallback without slash") << body(R"("fallbacks":["gpt-4.1"])") << "fallbacks[0]";
    QTest::newRow("fallback unknown provider")
        << body(R"("fallbacks":["openai/gpt-4.1","mistral/large"])") << "fallbacks[1]";
    QTest::newRow("capability a number") << body(R"("capability":1)") << "capability";
}

void TestProviderChatRequest::rejects()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, param);
    const Result<ChatRequest> result = ChatRequest::fromJson(json);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, Error::Kind::InvalidArgument);
    QCOMPARE(result.error().field, param);
    QVERIFY(!result.error().message.isEmpty());
    if (!param.isEmpty())
        QVERIFY2(result.error().message.contains(param) || param == u"model" || param.startsWith(u"fallbacks")
                     || param == u"provider" || param == u"n",
                 qPrintable(result.error().message));
}

void TestProviderChatRequest::minimalRequest()
{
    const Result<ChatRequest> result = ChatRequest::fromJson(body({}));
    QVERIFY(result.ok());
    const ChatRequest& r = *result;
    QCOMPARE(r.model(), QString("gpt-4.1"));
    QCOMPARE(r.modelName(), QString("gpt-4.1"));
    QVERIFY(r.modelProvider().isEmpty());
    QVERIFY(!r.isStream());
    QVERIFY(!r.includeUsage());
    QVERIFY(!r.maxTokens());
    QVERIFY(!r.temperature());
    QVERIFY(r.stop().isEmpty());
    QVERIFY(r.toolChoice().isUndefined());
    QCOMPARE(r.messages().size(), 1);
    QCOMPARE(r.rawBody(), body({}));
}

void TestProviderChatRequest::typedAccessors()
{
    const QByteArray json = body(
        R"("stream":true,"stream_options":{"include_usage":true},"max_tokens":50,"max_completion_tokens":70,)"
        R"("temperature":0.2,"top_p":0.9,"seed":7,"stop":"END","n":1,"presence_penalty":-1,"frequency_penalty":0.5,)"
        R"("tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}],)"
        R"("tool_choice":{"type":"function","function":{"name":"get_weather"}},"parallel_tool_calls":false,)"
        R"("response_format":{"type":"json_object"},"reasoning_effort":"low","user":"u-1","capability":"FAST",)"
        R"("unknown_field":{"kept":true})");
    const Result<ChatRequest> result = ChatRequest::fromJson(json);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    const ChatRequest& r = *result;
    QVERIFY(r.isStream());
    QVERIFY(r.includeUsage());
    QCOMPARE(r.maxTokens(), std::optional<qint64>(70)); // max_completion_tokens wins
    QCOMPARE(r.temperature(), std::optional<double>(0.2));
    QCOMPARE(r.topP(), std::optional<double>(0.9));
    QCOMPARE(r.seed(), std::optional<qint64>(7));
    QCOMPARE(r.presencePenalty(), std::optional<double>(-1));
    QCOMPARE(r.frequencyPenalty(), std::optional<double>(0.5));
    QCOMPARE(r.stop(), QStringList{"END"});
    QCOMPARE(r.tools().size(), 1);
    QCOMPARE(r.forcedToolName(), QString("get_weather"));
    QCOMPARE(r.parallelToolCalls(), std::optional<bool>(false));
    QCOMPARE(r.responseFormatType(), QString("json_object"));
    QCOMPARE(r.reasoningEffort(), QString("low"));
    QCOMPARE(r.user(), QString("u-1"));
    QCOMPARE(r.capability(), QString("fast"));
    QCOMPARE(r.json().value("unknown_field").toObject().value("kept").toBool(), true);
}

void TestProviderChatRequest::modelPrefix_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("name");
    QTest::newRow("openai prefix") << "openai/gpt-4.1"
                                   << "openai"
                                   << "gpt-4.1";
    QTest::newRow("case-insensitive prefix") << "Anthropic/claude-haiku-4-5"
                                             << "anthropic"
                                             << "claude-haiku-4-5";
    QTest::newRow("only the first slash") << "gemini/tunedModels/x"
                                          << "gemini"
                                          << "tunedModels/x";
    QTest::newRow("unknown prefix stays") << "meta-llama/Llama-3.3-70B"
                                          << ""
                                          << "meta-llama/Llama-3.3-70B";
    QTest::newRow("no prefix") << "claude-sonnet-4-5"
                               << ""
                               << "claude-sonnet-4-5";
}

void TestProviderChatRequest::modelPrefix()
{
    QFETCH(QString, model);
    QFETCH(QString, provider);
    QFETCH(QString, name);
    const Result<ChatRequest> result
        = ChatRequest::fromJson(R"({"model":")" + model.toUtf8() + R"(","messages":[)" + User + "]}");
    QVERIFY(result.ok());
    QCOMPARE(result->model(), model);
    QCOMPARE(result->modelProvider(), provider);
    QCOMPARE(result->modelName(), name);
    QVERIFY(result->provider().isEmpty());
}

void TestProviderChatRequest::fallbacks()
{
    const Result<ChatRequest> result = ChatRequest::fromJson(
        R"({"model":"openai/gpt-4.1","provider":"OpenAI","fallbacks":["anthropic/claude-haiku-4-5","Gemini/gemini-2.0-flash"],"messages":[)"
        + User + "]}");
    QVERIFY(result.ok());
    QCOMPARE(result->provider(), QString("openai"));
    QCOMPARE(result->modelProvider(), QString("openai"));
    QCOMPARE(result->fallbacks().size(), 2);
    QCOMPARE(result->fallbacks()[0].provider, QString("anthropic"));
    QCOMPARE(result->fallbacks()[0].model, QString("claude-haiku-4-5"));
    QCOMPARE(result->fallbacks()[1].provider, QString("gemini"));
    QCOMPARE(result->fallbacks()[1].model, QString("gemini-2.0-flash"));
}

void TestProviderChatRequest::capabilityWithoutModel()
{
    const Result<ChatRequest> result
        = ChatRequest::fromJson(R"({"capability":"Thinking","provider":"gemini","messages":[)" + User + "]}");
    QVERIFY(result.ok());
    QVERIFY(result->model().isEmpty());
    QCOMPARE(result->capability(), QString("thinking"));
    QCOMPARE(result->provider(), QString("gemini"));
}

void TestProviderChatRequest::nullMeansNotSent()
{
    const Result<ChatRequest> result = ChatRequest::fromJson(
        body(R"("temperature":null,"max_tokens":null,"stop":null,"tools":null,"tool_choice":null,"stream":null,)"
             R"("stream_options":null,"response_format":null,"fallbacks":null,"seed":null)"));
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QVERIFY(!result->temperature());
    QVERIFY(!result->maxTokens());
    QVERIFY(result->stop().isEmpty());
    QVERIFY(result->toolChoice().isUndefined());
    QVERIFY(!result->isStream());
    // include_usage only counts when streaming
    const Result<ChatRequest> notStreaming = ChatRequest::fromJson(body(R"("stream_options":{"include_usage":true})"));
    QVERIFY(notStreaming.ok());
    QVERIFY(!notStreaming->includeUsage());
    // assistant content may be null when it only calls tools
    QVERIFY(
        ChatRequest::fromJson(
            withMessages(
                R"([)" + User
                + R"(,{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c","content":"ok"}])"))
            .ok());
}

void TestProviderChatRequest::configuredProviders()
{
    const QStringList known{"openai", "groq"};
    const QByteArray json
        = R"({"model":"groq/llama-3.3-70b-versatile","fallbacks":["groq/qwen-qwq-32b"],"messages":[)" + User + "]}";
    const Result<ChatRequest> result = ChatRequest::fromJson(json, known);
    QVERIFY(result.ok());
    QCOMPARE(result->modelProvider(), QString("groq"));
    QCOMPARE(result->modelName(), QString("llama-3.3-70b-versatile"));
    // With the default list, "groq/" is just part of a model id ...
    const Result<ChatRequest> defaults
        = ChatRequest::fromJson(R"({"model":"groq/llama-3.3-70b-versatile","messages":[)" + User + "]}");
    QVERIFY(defaults.ok());
    QVERIFY(defaults->modelProvider().isEmpty());
    // ... but a fallback must name a known provider.
    QVERIFY(!ChatRequest::fromJson(json).ok());
}

void TestProviderChatRequest::bothReadersAgree_data()
{
    // "common": ChatRequestReader reads it; "general": it leaves it to the general reader, which accepts it;
    // "error": the general reader refuses it.
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    const QString common = QStringLiteral("common");
    const QString general = QStringLiteral("general");
    const QString error = QStringLiteral("error");
    const auto row
        = [](const char* name, const QByteArray& json, const QString& path) { QTest::newRow(name) << json << path; };
    row("minimal", body({}), common);
    row("bench",
        R"({"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello to the benchmark."}],)"
        R"("max_tokens":64})",
        common);
    row("spaced", " {\n \"model\" : \"gpt-4.1\" ,\t\"messages\":[ {\"role\":\"user\" , \"content\":\"Hi\"} ] }\r\n",
        common);
    row("conversation",
        withMessages(R"([{"role":"system","content":"Be brief."},{"role":"developer","content":"x"},)"
                     R"({"role":"user","content":"Hi","name":"ann"},{"role":"assistant","content":null},)"
                     R"({"role":"assistant"},{"role":"tool","tool_call_id":"call_1","content":"42"},)"
                     R"({"role":"user","content":"ok","tool_call_id":"stray"}])"),
        common);
    row("escapes and UTF-8",
        withMessages(R"([{"role":"user","content":"a\"b\\c\n\u00e9\ud83d\ude00 h\u00e9llo","name":"n\u00e9"},)"
                     "{\"role\":\"user\",\"content\":\"h\xC3\xA9llo \xF0\x9F\x98\x80 \xE2\x80\xA8\"}]"),
        common);
    row("sampling", body(R"("temperature":0.7,"top_p":1,"presence_penalty":-2,"frequency_penalty":1.5e0,"seed":-5)"),
        common);
    row("temperature 2", body(R"("temperature":2)"), common);
    row("temperature -0", body(R"("temperature":-0,"top_p":-0.0)"), common);
    row("temperature 0.1e1", body(R"("temperature":0.1e1)"), common);
    row("temperature 2.5", body(R"("temperature":2.5)"), error);
    row("temperature string", body(R"("temperature":"0.5")"), error);
    row("top_p 1.0000001", body(R"("top_p":1.0000001)"), error);
    row("max tokens", body(R"("max_tokens":64,"max_completion_tokens":10)"), common);
    row("max tokens 64.0", body(R"("max_tokens":64.0)"), common);
    row("max tokens 1e3", body(R"("max_tokens":1e3)"), common);
    row("max tokens 2^53+1", body(R"("max_tokens":9007199254740993)"), common);
    row("max tokens 0", body(R"("max_tokens":0)"), error);
    row("max tokens 1.5", body(R"("max_tokens":1.5)"), error);
    row("max tokens huge", body(R"("max_tokens":12345678901234567890)"), error);
    row("seed huge", body(R"("seed":-12345678901234567890)"), error);
    row("n 1", body(R"("n":1,"top_logprobs":0,"logprobs":true)"), common);
    row("n 2", body(R"("n":2)"), error);
    row("top_logprobs -1", body(R"("top_logprobs":-1)"), error);
    row("stream", body(R"("stream":true,"stream_options":{"include_usage":true,"other":[1]})"), common);
    row("stream without usage", body(R"("stream":true,"stream_options":{"include_usage":null})"), common);
    row("usage without stream", body(R"("stream":false,"stream_options":{"include_usage":true})"), common);
    row("stream null", body(R"("stream":null,"parallel_tool_calls":false)"), common);
    row("stream yes", body(R"("stream":"yes")"), error);
    row("stream options 1", body(R"("stream":true,"stream_options":{"include_usage":1})"), error);
    row("stream options array", body(R"("stream_options":[])"), error);
    row("stop string", body(R"("stop":"\n\n")"), common);
    row("stop list", body(R"("stop":["a","b\u00e9"])"), common);
    row("stop null", body(R"("stop":null)"), common);
    row("stop number", body(R"("stop":5)"), error);
    row("stop list of numbers", body(R"("stop":[1])"), error);
    row("model prefix", R"({"model":" OpenAI/gpt-4.1 ","messages":[)" + User + "]}", common);
    row("model with a slash", R"({"model":"meta-llama/Llama-3.3-70B","messages":[)" + User + "]}", common);
    row("model prefix alone", R"({"model":"openai/","messages":[)" + User + "]}", error);
    row("provider", R"({"model":"claude-sonnet-4-5","provider":" Anthropic ","messages":[)" + User + "]}", common);
    row("provider unknown", R"({"model":"m","provider":"nope","messages":[)" + User + "]}", error);
    row("provider conflict", R"({"model":"openai/m","provider":"gemini","messages":[)" + User + "]}", error);
    row("capability", R"({"capability":" Fast ","user":"u","reasoning_effort":"high","messages":[)" + User + "]}",
        common);
    row("neither", R"({"messages":[)" + User + "]}", common);
    row("user number", body(R"("user":5)"), error);
    row("model null", R"({"model":null,"messages":[)" + User + "]}", common);
    row("extras kept", body(R"("metadata":{"a":[1,2.5,{"b":null,"c":true}],"z":"\u00e9"},"x":-1.5E+3)"), common);
    row("nulls", body(R"("tools":null,"tool_choice":null,"response_format":null,"fallbacks":null,"name":null)"),
        common);
    row("escaped key", body(R"("x-\u00e9":1)"), general);
    row("non-ASCII key", body("\"\xC3\xBC\":1"), general);
    row("duplicate model", R"({"model":"a","model":"b","messages":[)" + User + "]}", general);
    row("fallbacks", body(R"("fallbacks":["openai/gpt-4.1-mini"])"), general);
    row("tools",
        body(R"("tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],)"
             R"("tool_choice":"auto")"),
        general);
    row("response format", body(R"("response_format":{"type":"json_object"})"), general);
    row("content parts", withMessages(R"([{"role":"user","content":[{"type":"text","text":"Hi"}]}])"), general);
    row("tool calls",
        withMessages(
            R"([{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function",)"
            R"("function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c","content":"x"}])"),
        general);
    row("escaped role", withMessages(R"([{"role":"\u0075ser","content":"Hi"}])"), general);
    row("subnormal extra", body(R"("x":4.9e-324)"), general);
    row("deep extra", body("\"x\":" + QByteArray(70, '[') + QByteArray(70, ']')), general);
    row("overflow", body(R"("x":1e400)"), error);
    row("underflow", body(R"("x":1e-400)"), error);
    row("no messages", R"({"model":"m"})", error);
    row("empty messages", withMessages("[]"), error);
    row("message not an object", withMessages(R"(["hi"])"), error);
    row("bad role", withMessages(R"([{"role":"robot","content":"Hi"}])"), error);
    row("user without content", withMessages(R"([{"role":"user"}])"), error);
    row("content number", withMessages(R"([{"role":"user","content":1}])"), error);
    row("name number", withMessages(R"([{"role":"user","content":"Hi","name":1}])"), error);
    row("tool without id", withMessages(R"([{"role":"tool","content":"x"}])"), error);
    row("tool with empty id", withMessages(R"([{"role":"tool","content":"x","tool_call_id":""}])"), error);
    row("not JSON", R"({"model":)", error);
    row("array", "[]", error);
    row("trailing", body({}) + "x", error);
    row("leading zero", body(R"("x":01)"), error);
}

void TestProviderChatRequest::bothReadersAgree()
{
    // ChatRequestReader (the Automatic path) against the general reader, accessor by accessor, and the OpenAI
    // request built from each, byte for byte.
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    const Result<ChatRequest> automatic = ChatRequest::fromJson(json);
    const Result<ChatRequest> reference
        = ChatRequest::fromJson(json, ChatRequest::defaultProviderNames(), ChatRequest::Reader::General);
    QCOMPARE(automatic.ok(), reference.ok());
    QCOMPARE(automatic.ok(), path != QStringLiteral("error"));
    if (!automatic.ok()) {
        QCOMPARE(automatic.error().message, reference.error().message);
        QCOMPARE(automatic.error().field, reference.error().field);
        return;
    }
    const ChatRequest& a = automatic.value();
    const ChatRequest& g = reference.value();
    QCOMPARE(!a.memberRanges().isEmpty(), path == QStringLiteral("common"));
    QVERIFY(g.memberRanges().isEmpty());
    QCOMPARE(a.model(), g.model());
    QCOMPARE(a.modelName(), g.modelName());
    QCOMPARE(a.modelProvider(), g.modelProvider());
    QCOMPARE(a.provider(), g.provider());
    QCOMPARE(a.capability(), g.capability());
    QCOMPARE(a.fallbacks().size(), g.fallbacks().size());
    QCOMPARE(a.isStream(), g.isStream());
    QCOMPARE(a.includeUsage(), g.includeUsage());
    QCOMPARE(a.maxTokens(), g.maxTokens());
    QCOMPARE(a.temperature(), g.temperature());
    if (a.temperature())
        QCOMPARE(std::signbit(*a.temperature()), std::signbit(*g.temperature()));
    QCOMPARE(a.topP(), g.topP());
    QCOMPARE(a.presencePenalty(), g.presencePenalty());
    QCOMPARE(a.frequencyPenalty(), g.frequencyPenalty());
    QCOMPARE(a.seed(), g.seed());
    QCOMPARE(a.stop(), g.stop());
    QCOMPARE(a.parallelToolCalls(), g.parallelToolCalls());
    QCOMPARE(a.reasoningEffort(), g.reasoningEffort());
    QCOMPARE(a.user(), g.user());
    QCOMPARE(a.promptTokenEstimate(), TokenEstimator::promptTokens(g.messages(), g.tools()));
    QVERIFY(a.promptTokenEstimate() > TokenEstimator::ReplyPrimingTokens);
    // Members one by one, before anything builds the object.
    for (const char* key : {"model", "messages", "max_tokens", "stream_options", "metadata", "x", "absent"})
        QCOMPARE(a.member(QString::fromLatin1(key)), g.json().value(QString::fromLatin1(key)));
    for (const QString& model : {QStringLiteral("gpt-4.1"), QStringLiteral("o3-mini")}) {
        const auto built = OpenAiAdapter().buildRequest(a, model, "sk-test", {}, {});
        const auto expected = OpenAiAdapter().buildRequest(g, model, "sk-test", {}, {});
        QVERIFY(built.ok() && expected.ok());
        QCOMPARE(built->body, expected->body);
        QVERIFY(!QJsonDocument::fromJson(built->body).isNull());
    }
    // And the object itself, built on demand.
    QCOMPARE(a.json(), g.json());
    QCOMPARE(a.messages(), g.messages());
    QCOMPARE(a.tools(), g.tools());
    QCOMPARE(a.toolChoice(), g.toolChoice());
    QCOMPARE(a.responseFormat(), g.responseFormat());
}

QTEST_GUILESS_MAIN(TestProviderChatRequest)
#include "TestProviderChatRequest.moc"
