#include "FakeClock.h"
#include "StreamHarness.h"
#include "TestPaths.h"
#include "providers/ChatRequest.h"
#include "providers/OpenAiAdapter.h"
#include "providers/OpenAiFormat.h"
#include "providers/RawJsonObject.h"
#include "providers/StreamTranslator.h"
#include "providers/UpstreamRequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

class TestProviderOpenAiAdapter : public QObject
{
    Q_OBJECT

private slots:
    void buildForwardsBodyByteForByte();
    void parsedUrlsMatchQUrl();
    void buildStreamForcesIncludeUsage();
    void buildDropsStreamOptionsWhenNotStreaming();
    void buildReasoningModel();
    void buildCompatibleServer();
    void reasoningModels_data();
    void reasoningModels();

    void parseChat();
    void parseReasoning();
    void parseToolCall();
    void parseRejectsGarbage();
    void completionBodyFromUpstreamBytes_data();
    void completionBodyFromUpstreamBytes();
    void completionBodyNormalizesOrDeduplicates();
    void splicedFromRangesAsFromASecondRead_data();
    void splicedFromRangesAsFromASecondRead();
    void normalCompletionReadWithoutQJsonDocument_data();
    void normalCompletionReadWithoutQJsonDocument();
    void normalCompletionReaderAgreesUnderRandomEdits();

    void error401();
    void error429RateLimit();
    void errorClasses_data();
    void errorClasses();

    void streamWithUsage();
    void streamWithoutUsage();
    void streamKeepsUpstreamIdentityWithoutOptions();
    void streamToolCall();
    void streamSplitInvariance_data();
    void streamSplitInvariance();
    void streamTruncated();
    void streamMissingDone();
    void streamMalformedLine();
    void streamInStreamError();
    void streamIgnoresBytesAfterDone();
    void streamDoneWithoutFinishReason();
    void streamUsageOnChunkWithChoices();
};

namespace {

UpstreamRequest build(const QByteArray& body, const QString& model, const AdapterOptions& options = {},
                      const QString& baseUrl = {}, const QString& key = QStringLiteral("sk-test"))
{
    const Result<ChatRequest> request = ChatRequest::fromJson(body);
    if (!request.ok())
        qFatal("invalid test request: %s", qPrintable(request.error().message));
    const Result<UpstreamRequest> upstream = OpenAiAdapter().buildRequest(*request, model, key, baseUrl, options);
    if (!upstream.ok())
        qFatal("buildRequest failed: %s", qPrintable(upstream.error().message));
    return *upstream;
}

QByteArray removeLine(QByteArray bytes, const QByteArray& line)
{
    const qsizetype at = bytes.indexOf(line);
    Q_ASSERT(at >= 0);
    bytes.remove(at, line.size());
    return bytes;
}

} // namespace

void TestProviderOpenAiAdapter::buildForwardsBodyByteForByte()
{
    // Key order, whitespace inside values and unknown fields must survive: structured outputs generate fields in
    // schema order ("zeta" before "alpha" here).
    const QByteArray body = R"({"model":"openai/gpt-4.1", "messages":[{"role":"user","content":"Hi"}],)"
                            R"("response_format":{"type":"json_schema","json_schema":{"name":"x","schema":)"
                            R"({"type":"object","properties":{"zeta":{"type":"string"},"alpha":{"type":"number"}}}}},)"
                            R"("capability":"fast","provider":"openai","fallbacks":["anthropic/claude-haiku-4-5"],)"
                            R"("temperature":0.20,"custom_field":{"b":1, "a":2}})";
    const UpstreamRequest r = build(body, "gpt-4.1");
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.url.toString(), QString("https://api.openai.com/v1/chat/completions"));
    QCOMPARE(r.header("Authorization"), QByteArray("Bearer sk-test"));
    QCOMPARE(r.header("content-type"), QByteArray("application/json"));
    QCOMPARE(r.header("accept"), QByteArray("application/json"));
    QCOMPARE(r.body,
             QByteArray(R"({"model":"gpt-4.1","messages":[{"role":"user","content":"Hi"}],)"
                        R"("response_format":{"type":"json_schema","json_schema":{"name":"x","schema":)"
                        R"({"type":"object","properties":{"zeta":{"type":"string"},"alpha":{"type":"number"}}}}},)"
                        R"("temperature":0.20,"custom_field":{"b":1, "a":2}})"));
}

void TestProviderOpenAiAdapter::buildStreamForcesIncludeUsage()
{
    const UpstreamRequest appended
        = build(R"({"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"stream":true})", "gpt-4o-mini");
    QCOMPARE(appended.body,
             QByteArray(R"({"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],)"
                        R"("stream":true,"stream_options":{"include_usage":true}})"));
    QCOMPARE(appended.header("accept"), QByteArray("text/event-stream"));

    const UpstreamRequest replaced = build(R"({"model":"m","stream_options":{"include_usage":false,"x":1},)"
                                           R"("stream":true,"messages":[{"role":"user","content":"Hi"}]})",
                                           "gpt-4o-mini");
    QCOMPARE(replaced.body,
             QByteArray(R"({"model":"gpt-4o-mini","stream_options":{"include_usage":true,"x":1},)"
                        R"("stream":true,"messages":[{"role":"user","content":"Hi"}]})"));
}

void TestProviderOpenAiAdapter::buildDropsStreamOptionsWhenNotStreaming()
{
    const UpstreamRequest r = build(
        R"({"model":"m","messages":[{"role":"user","content":"Hi"}],"stream_options":{"include_usage":true}})", "m");
    QCOMPARE(r.body, QByteArray(R"({"model":"m","messages":[{"role":"user","content":"Hi"}]})"));
}

void TestProviderOpenAiAdapter::buildReasoningModel()
{
    const QByteArray body = R"({"model":"o3-mini","messages":[{"role":"user","content":"Hi"}],"max_tokens":100,)"
                            R"("temperature":0.2,"top_p":0.5,"presence_penalty":0.1,"seed":3})";
    AdapterOptions thinking;
    thinking.thinking = true;
    thinking.reasoningEffort = "high";
    QCOMPARE(build(body, "o3-mini").body,
             QByteArray(R"({"model":"o3-mini","messages":[{"role":"user","content":"Hi"}],"seed":3,)"
                        R"("max_completion_tokens":100})"));
    QCOMPARE(build(body, "o3-mini", thinking).body,
             QByteArray(R"({"model":"o3-mini","messages":[{"role":"user","content":"Hi"}],"seed":3,)"
                        R"("max_completion_tokens":100,"reasoning_effort":"high"})"));
    // The client's own reasoning_effort and max_completion_tokens are kept.
    QCOMPARE(build(R"({"model":"gpt-5","messages":[{"role":"user","content":"Hi"}],"reasoning_effort":"low",)"
                   R"("max_completion_tokens":9,"max_tokens":5})",
                   "gpt-5", thinking)
                 .body,
             QByteArray(R"({"model":"gpt-5","messages":[{"role":"user","content":"Hi"}],"reasoning_effort":"low",)"
                        R"("max_completion_tokens":9})"));
    // Not a reasoning model: temperature and max_tokens stay, thinking adds nothing.
    QCOMPARE(build(body, "gpt-4.1", thinking).body,
             QByteArray(R"({"model":"gpt-4.1","messages":[{"role":"user","content":"Hi"}],"max_tokens":100,)"
                        R"("temperature":0.2,"top_p":0.5,"presence_penalty":0.1,"seed":3})"));
}

void TestProviderOpenAiAdapter::buildCompatibleServer()
{
    const Result<ChatRequest> request
        = ChatRequest::fromJson(R"({"model":"m","messages":[{"role":"user","content":"x"}]})");
    QVERIFY(request.ok());
    const OpenAiAdapter local("ollama", "http://127.0.0.1:11434/v1");
    QCOMPARE(local.providerName(), QString("ollama"));
    const Result<UpstreamRequest> r = local.buildRequest(*request, "llama3", {}, {}, {});
    QVERIFY(r.ok());
    QCOMPARE(r->url.toString(), QString("http://127.0.0.1:11434/v1/chat/completions"));
    QVERIFY(r->header("authorization").isNull()); // no key, no header
    const Result<UpstreamRequest> custom
        = local.buildRequest(*request, "llama3", "k", "https://proxy.example/v1//", {});
    QCOMPARE(custom->url.toString(), QString("https://proxy.example/v1/chat/completions"));
    QCOMPARE(custom->header("authorization"), QByteArray("Bearer k"));
}

void TestProviderOpenAiAdapter::reasoningModels_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("reasoning");
    QTest::newRow("o1") << "o1" << true;
    QTest::newRow("o1-mini") << "o1-mini" << true;
    QTest::newRow("o3-mini-2025-01-31") << "o3-mini-2025-01-31" << true;
    QTest::newRow("o4-mini") << "O4-mini" << true;
    QTest::newRow("gpt-5") << "gpt-5" << true;
    QTest::newRow("gpt-5-mini") << "gpt-5-mini" << true;
    QTest::newRow("gpt-5-chat-latest") << "gpt-5-chat-latest" << false;
    QTest::newRow("gpt-4o") << "gpt-4o" << false;
    QTest::newRow("omni-moderation") << "omni-moderation-latest" << false;
    QTest::newRow("o") << "o" << false;
    QTest::newRow("o1") << "o1" << true;
    QTest::newRow("o10-pro") << "o10-pro" << true;
    QTest::newRow("o3mini") << "o3mini" << false;
    QTest::newRow("o-3") << "o-3" << false;
    QTest::newRow("GPT-5-CHAT") << "GPT-5-CHAT" << false;
    QTest::newRow("GPT-5.1") << "GPT-5.1" << true;
    QTest::newRow("my-o3") << "my-o3" << false;
}

void TestProviderOpenAiAdapter::reasoningModels()
{
    QFETCH(QString, model);
    QFETCH(bool, reasoning);
    QCOMPARE(OpenAiAdapter::isReasoningModel(model), reasoning);
}

void TestProviderOpenAiAdapter::completionBodyFromUpstreamBytes_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<bool>("normal");
    QTest::newRow("chat") << "openai/chat.json" << true;
    QTest::newRow("tool call") << "openai/tool_call.json" << true;
    // This recording has no "logprobs" member in its choice: normalised, so serialised from the object.
    QTest::newRow("reasoning") << "openai/reasoning_o3mini_b.json" << false;
}

void TestProviderOpenAiAdapter::completionBodyFromUpstreamBytes()
{
    // A recorded OpenAI answer in normal form: the client's body is the upstream bytes with the gateway's
    // members set, and it means exactly what serialising the normalised completion would.
    QFETCH(QString, fixture);
    QFETCH(bool, normal);
    const QByteArray body = TestPaths::readFixture(fixture);
    const Result<TranslatedResponse> r = OpenAiAdapter().parseResponse(body, "gpt-4.1-nano");
    QVERIFY(r.ok());
    QCOMPARE(r->upstreamBody, normal ? body : QByteArray());
    const QJsonObject cost{{"total_micros", 42}, {"currency", "USD"}};
    const QList<QPair<QString, QJsonValue>> members{{"id", QString("chatcmpl-gw")},
                                                    {"model", QString("gpt-4.1-nano")},
                                                    {"provider", QString("openai")},
                                                    {"cost", cost}};
    const QByteArray fast = OpenAiFormat::completionBody(*r, members);
    TranslatedResponse slowInput = *r;
    slowInput.completion = r->completionObject();
    slowInput.upstreamBody.clear();
    const QByteArray slow = OpenAiFormat::completionBody(slowInput, members);
    QCOMPARE(fast != slow, normal); // really two paths: member order and number formatting differ
    QJsonParseError error;
    const QJsonObject fastObject = QJsonDocument::fromJson(fast, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(fastObject, QJsonDocument::fromJson(slow).object());
    QCOMPARE(fastObject.value("id").toString(), QString("chatcmpl-gw"));
    QCOMPARE(fastObject.value("provider").toString(), QString("openai"));
    QCOMPARE(fastObject.value("cost").toObject(), cost);
    // Untouched members are the provider's bytes: the choices array appears verbatim.
    const std::optional<RawJsonObject> upstream = RawJsonObject::parse(body);
    QVERIFY(upstream);
    QCOMPARE(fast.contains(upstream->rawValue("choices")), normal);
}

void TestProviderOpenAiAdapter::completionBodyNormalizesOrDeduplicates()
{
    const QList<QPair<QString, QJsonValue>> members{{"id", QString("chatcmpl-gw")}, {"provider", QString("x")}};
    // Not in normal form (no logprobs, no refusal, usage without details): no upstream body, and the
    // client still gets the normalised members.
    const QByteArray sparse = R"({"id":"a","object":"chat.completion","created":1,"model":"m","choices":)"
                              R"([{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],)"
                              R"("usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}})";
    Result<TranslatedResponse> r = OpenAiAdapter().parseResponse(sparse, "m");
    QVERIFY(r.ok());
    QVERIFY(r->upstreamBody.isEmpty());
    QJsonObject o = QJsonDocument::fromJson(OpenAiFormat::completionBody(*r, members)).object();
    const QJsonObject choice = o.value("choices").toArray().at(0).toObject();
    QVERIFY(choice.contains("logprobs"));
    QVERIFY(choice.value("message").toObject().contains("refusal"));
    QCOMPARE(o.value("usage").toObject().value("prompt_tokens_details").toObject().value("cached_tokens").toInt(-1), 0);

    // In normal form, exact numbers kept as written (1.50 stays 1.50), but a member written twice: the
    // splice is refused and the body is serialised from the parsed object, which has it once.
    const QByteArray normal = R"({"id":"a","object":"chat.completion","created":1,"model":"m","temperature":1.50,)"
                              R"("choices":[{"index":0,"message":{"role":"assistant","content":"hi","refusal":null},)"
                              R"("logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":1,)"
                              R"("completion_tokens":2,"total_tokens":3,"prompt_tokens_details":{"cached_tokens":0},)"
                              R"("completion_tokens_details":{"reasoning_tokens":0}}})";
    r = OpenAiAdapter().parseResponse(normal, "m");
    QVERIFY(r.ok());
    QCOMPARE(r->upstreamBody, normal);
    const QByteArray spliced = OpenAiFormat::completionBody(*r, members);
    QVERIFY(spliced.contains(R"("temperature":1.50)"));
    QVERIFY(spliced.startsWith(R"({"id":"chatcmpl-gw","object":"chat.completion")"));
    QVERIFY(spliced.endsWith(R"("provider":"x"})"));

    QByteArray twice = normal;
    twice.insert(1, R"("system_fingerprint":"fp_1",)");
    twice.insert(twice.size() - 1, R"(,"system_fingerprint":"fp_2")");
    r = OpenAiAdapter().parseResponse(twice, "m");
    QVERIFY(r.ok());
    const QByteArray deduplicated = OpenAiFormat::completionBody(*r, members);
    QCOMPARE(deduplicated.count("system_fingerprint"), 1);
    QCOMPARE(QJsonDocument::fromJson(deduplicated).object().value("system_fingerprint").toString(), QString("fp_2"));
}

void TestProviderOpenAiAdapter::splicedFromRangesAsFromASecondRead_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("chat") << TestPaths::readFixture("openai/chat.json");
    QTest::newRow("tool call") << TestPaths::readFixture("openai/tool_call.json");
    // Whitespace everywhere, escapes, members the gateway replaces first and last.
    QTest::newRow("spaced") << QByteArray(
        " {\n \"model\" : \"m\" ,\"id\":\"a\", \"object\":\"chat.completion\",\"created\":1,\"seed\":  7,\n"
        "\"choices\":[ {\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"h\\u00e9 \\\"q\\\"\","
        "\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"} ] ,\"usage\":{\"prompt_tokens\":1,"
        "\"completion_tokens\":2,\"total_tokens\":3,\"prompt_tokens_details\":{\"cached_tokens\":0},"
        "\"completion_tokens_details\":{\"reasoning_tokens\":0}} , \"provider\" : \"theirs\" }\r\n");
}

void TestProviderOpenAiAdapter::splicedFromRangesAsFromASecondRead()
{
    // The answer read by CanonicalJson carries its top-level ranges; splicing from them must give the bytes
    // the RawJsonObject path (a second read of the body) gives, for replaced, removed and added members.
    QFETCH(QByteArray, body);
    const Result<TranslatedResponse> r = OpenAiAdapter().parseResponse(body, "m");
    QVERIFY(r.ok());
    QCOMPARE(r->upstreamBody, body);
    QVERIFY(r->upstreamMembers.size() >= 6);
    TranslatedResponse secondRead = *r;
    secondRead.upstreamMembers.clear();
    const QList<QPair<QString, QByteArray>> members{{"id", R"("chatcmpl-gw")"},
                                                    {"system_fingerprint", QByteArray()},
                                                    {"provider", R"("openai")"},
                                                    {"created", QByteArray()},
                                                    {"cost", R"({"currency":"USD","total_micros":42})"},
                                                    {"x-\"odd\"", "[1]"}};
    const QByteArray spliced = OpenAiFormat::completionBodyRaw(*r, members);
    QCOMPARE(spliced, OpenAiFormat::completionBodyRaw(secondRead, members));
    QJsonParseError error;
    const QJsonObject object = QJsonDocument::fromJson(spliced, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(object.value("id").toString(), QString("chatcmpl-gw"));
    QCOMPARE(object.value("provider").toString(), QString("openai"));
    QVERIFY(!object.contains("created"));
    QVERIFY(!object.contains("system_fingerprint"));
    QCOMPARE(object.value("x-\"odd\"").toArray(), QJsonArray{1});
    QVERIFY(spliced.endsWith(R"("x-\"odd\"":[1]})"));
    // Without members the body comes back compacted at the top level only.
    const QByteArray untouched = OpenAiFormat::completionBodyRaw(*r, {});
    QCOMPARE(untouched, OpenAiFormat::completionBodyRaw(secondRead, {}));
    QCOMPARE(QJsonDocument::fromJson(untouched).object(), QJsonDocument::fromJson(body).object());
}

namespace {
/** Every field of two readings of one answer: the general path's `completion` against the other's object. */
void compareReadings(const TranslatedResponse& normal, const TranslatedResponse& any)
{
    QCOMPARE(normal.completionObject(), any.completion);
    QCOMPARE(normal.model, any.model);
    QCOMPARE(normal.upstreamBody, any.upstreamBody);
    QCOMPARE(normal.upstreamId, any.upstreamId);
    QCOMPARE(normal.upstreamModel, any.upstreamModel);
    QCOMPARE(normal.finishReason, any.finishReason);
    QCOMPARE(normal.upstreamFinishReason, any.upstreamFinishReason);
    QCOMPARE(normal.reasoningText, any.reasoningText);
    QCOMPARE(normal.usage.reported, any.usage.reported);
    QCOMPARE(normal.usage.promptTokens, any.usage.promptTokens);
    QCOMPARE(normal.usage.completionTokens, any.usage.completionTokens);
    QCOMPARE(normal.usage.cachedTokens, any.usage.cachedTokens);
    QCOMPARE(normal.usage.reasoningTokens, any.usage.reasoningTokens);
}

QByteArray edited(QByteArray body, const QByteArray& from, const QByteArray& to)
{
    const qsizetype at = body.indexOf(from);
    return at < 0 ? QByteArray() : body.replace(at, from.size(), to);
}
} // namespace

void TestProviderOpenAiAdapter::normalCompletionReadWithoutQJsonDocument_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("read"); // taken by readNormalCompletion
    const QByteArray chat = TestPaths::readFixture("openai/chat.json");
    const QByteArray tool = TestPaths::readFixture("openai/tool_call.json");
    QTest::newRow("chat") << chat << true;
    QTest::newRow("tool call") << tool << true;
    QTest::newRow("reasoning, no logprobs") << TestPaths::readFixture("openai/reasoning_o3mini_b.json") << false;
    QTest::newRow("escaped reasoning_content")
        << edited(chat, R"("refusal": null,)", R"("refusal": null, "reasoning_content": "a\n\u00e9\"b",)") << true;
    QTest::newRow("token counts that are not numbers")
        << edited(edited(chat, R"("prompt_tokens": 16)", R"("prompt_tokens": "16")"), R"("cached_tokens": 0)",
                  R"("cached_tokens": null)")
        << true;
    QTest::newRow("no model") << edited(chat, R"("model": "gpt-4.1-nano-2025-04-14",)", "") << true;
    QTest::newRow("model not a string") << edited(chat, R"("gpt-4.1-nano-2025-04-14")", "7") << true;
    QTest::newRow("no usage") << edited(chat, R"("usage": {)", R"("usage_": {)") << false;
    QTest::newRow("usage without details")
        << edited(chat, R"("prompt_tokens_details")", R"("prompt_tokens_detail")") << false;
    QTest::newRow("another object") << edited(chat, R"("chat.completion")", R"("chat.completions")") << false;
    QTest::newRow("escaped object name") << edited(chat, R"("chat.completion")", R"("chat\u002ecompletion")") << false;
    QTest::newRow("empty id") << edited(chat, R"("chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU")", R"("")") << false;
    QTest::newRow("created as text") << edited(chat, R"("created": 1770933883)", R"("created": "1770933883")") << false;
    QTest::newRow("no refusal") << edited(chat, R"("refusal": null,)", "") << false;
    QTest::newRow("finish_reason null") << edited(chat, R"("finish_reason": "stop")", R"("finish_reason": null)")
                                        << false;
    QTest::newRow("a fraction somewhere")
        << edited(chat, R"("created": 1770933883)", R"("created": 1770933883.5)") << false;
    QTest::newRow("a member twice") << edited(chat, R"("object": "chat.completion",)",
                                              R"("object": "chat.completion", "object": "chat.completion",)")
                                    << false;
    QTest::newRow("no choices") << edited(chat, R"("choices": [)", R"("choices": [], "choices_": [)") << false;
    QTest::newRow("not JSON") << QByteArray("{\"id\":") << false;
}

void TestProviderOpenAiAdapter::normalCompletionReadWithoutQJsonDocument()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, read);
    QVERIFY(!body.isEmpty()); // the edit applied
    const OpenAiAdapter adapter;
    const std::optional<TranslatedResponse> normal = OpenAiAdapter::readNormalCompletion(body, "gpt-4.1-nano");
    QCOMPARE(normal.has_value(), read);
    const Result<TranslatedResponse> any = adapter.readAnyCompletion(body, "gpt-4.1-nano");
    const Result<TranslatedResponse> parsed = adapter.parseResponse(body, "gpt-4.1-nano");
    QCOMPARE(parsed.ok(), any.ok());
    if (!normal)
        return;
    QVERIFY(normal->completion.isEmpty()); // no QJsonObject built
    QVERIFY(any.ok());
    compareReadings(*normal, *any);
    compareReadings(*parsed, *any);
}

void TestProviderOpenAiAdapter::normalCompletionReaderAgreesUnderRandomEdits()
{
    // Random one-byte edits of two recorded answers: whatever readNormalCompletion accepts, the general path
    // must read the same way.
    const OpenAiAdapter adapter;
    QRandomGenerator random(20261128);
    const QByteArray alphabet = R"({}[]":,0123456789-.eE \ntfalsenul)";
    int accepted = 0;
    for (const char* fixture : {"openai/chat.json", "openai/tool_call.json"}) {
        const QByteArray original = TestPaths::readFixture(QString::fromLatin1(fixture));
        for (int round = 0; round < 1500; ++round) {
            QByteArray body = original;
            const qsizetype at = random.bounded(qint64(body.size()));
            const char c = alphabet.at(random.bounded(int(alphabet.size())));
            switch (random.bounded(3)) {
            case 0:
                body[at] = c;
                break;
            case 1:
                body.remove(at, 1);
                break;
            default:
                body.insert(at, c);
                break;
            }
            const std::optional<TranslatedResponse> normal = OpenAiAdapter::readNormalCompletion(body, "m");
            if (!normal)
                continue;
            ++accepted;
            const Result<TranslatedResponse> any = adapter.readAnyCompletion(body, "m");
            QVERIFY2(any.ok(), body.constData());
            compareReadings(*normal, *any);
            if (QTest::currentTestFailed()) {
                qWarning("edited body: %s", body.constData());
                return;
            }
        }
    }
    QVERIFY2(accepted > 500, qPrintable(QString::number(accepted))); // most edits land in content or spaces
}

void TestProviderOpenAiAdapter::parseChat()
{
    const QByteArray body = TestPaths::readFixture("openai/chat.json");
    const Result<TranslatedResponse> r = OpenAiAdapter().parseResponse(body, "gpt-4.1-nano");
    QVERIFY(r.ok());
    const QJsonObject c = r->completionObject();
    QCOMPARE(c.value("id").toString(), QString("chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU"));
    QCOMPARE(c.value("object").toString(), QString("chat.completion"));
    QCOMPARE(c.value("created").toInteger(), qint64(1770933883));
    QCOMPARE(c.value("model").toString(), QString("gpt-4.1-nano"));
    QCOMPARE(r->upstreamModel, QString("gpt-4.1-nano-2025-04-14"));
    QCOMPARE(c.value("service_tier").toString(), QString("default")); // unknown fields pass through
    const QJsonObject choice = c.value("choices").toArray().at(0).toObject();
    QCOMPARE(choice.value("index").toInt(), 0);
    QCOMPARE(choice.value("finish_reason").toString(), QString("stop"));
    QVERIFY(choice.value("logprobs").isNull());
    const QJsonObject message = choice.value("message").toObject();
    QCOMPARE(message.value("role").toString(), QString("assistant"));
    QVERIFY(message.value("refusal").isNull());
    const QString content = message.value("content").toString();
    QVERIFY(content.startsWith("**Holiday Name:** Galaxy Day  \n\n**Date:** October 31st"));
    QVERIFY(content.endsWith("inspiring individuals to look up and dream beyond our world."));
    QVERIFY(content.contains(QString::fromUtf8("vast darkness\xE2\x80\x94mirroring"))); // \u2014 decoded
    QCOMPARE(content.size(), 1842); // UTF-16 units of the decoded JSON string
    QCOMPARE(r->finishReason, QString("stop"));
    QCOMPARE(r->usage.promptTokens, 16);
    QCOMPARE(r->usage.completionTokens, 363);
    QCOMPARE(r->usage.totalTokens(), 379);
    QCOMPARE(r->usage.cachedTokens, 0);
    QCOMPARE(r->usage.reasoningTokens, 0);
    QVERIFY(r->usage.reported);
    const QJsonObject usage = c.value("usage").toObject();
    QCOMPARE(usage.value("total_tokens").toInt(), 379);
    QCOMPARE(usage.value("prompt_tokens_details").toObject().value("audio_tokens").toInt(), 0);
}

void TestProviderOpenAiAdapter::parseReasoning()
{
    const Result<TranslatedResponse> r
        = OpenAiAdapter().parseResponse(TestPaths::readFixture("openai/reasoning_o3mini_b.json"), "o3-mini");
    QVERIFY(r.ok());
    const QJsonObject choice = r->completionObject().value("choices").toArray().at(0).toObject();
    QVERIFY(choice.contains("logprobs")); // the recording omits it; the schema requires it
    QVERIFY(choice.value("logprobs").isNull());
    QCOMPARE(choice.value("message").toObject().value("content").toString(),
             QString("Hello there! How can I help you today?"));
    QCOMPARE(r->usage.promptTokens, 7);
    QCOMPARE(r->usage.completionTokens, 87);
    QCOMPARE(r->usage.reasoningTokens, 64);
    QCOMPARE(r->usage.totalTokens(), 94);
    QCOMPARE(r->upstreamModel, QString("o3-mini-2025-01-31"));
    QCOMPARE(r->completionObject().value("model").toString(), QString("o3-mini"));
}

void TestProviderOpenAiAdapter::parseToolCall()
{
    const Result<TranslatedResponse> r
        = OpenAiAdapter().parseResponse(TestPaths::readFixture("openai/tool_call.json"), "gpt-4o");
    QVERIFY(r.ok());
    const QJsonObject message
        = r->completionObject().value("choices").toArray().at(0).toObject().value("message").toObject();
    QVERIFY(message.value("content").isNull());
    const QJsonObject call = message.value("tool_calls").toArray().at(0).toObject();
    QCOMPARE(call.value("id").toString(), QString("call_iXFttys57ap0o16JSlC8yhYo"));
    QCOMPARE(call.value("type").toString(), QString("function"));
    QCOMPARE(call.value("function").toObject().value("name").toString(), QString("get_user_country"));
    QCOMPARE(call.value("function").toObject().value("arguments").toString(), QString("{}"));
    QCOMPARE(r->finishReason, QString("tool_calls"));
    QCOMPARE(r->usage.promptTokens, 68);
    QCOMPARE(r->usage.completionTokens, 12);
    QCOMPARE(r->usage.totalTokens(), 80);
}

void TestProviderOpenAiAdapter::parseRejectsGarbage()
{
    const OpenAiAdapter adapter;
    const Result<TranslatedResponse> truncated = adapter.parseResponse(R"({"id":"x","choices":[)", "m");
    QVERIFY(!truncated.ok());
    QCOMPARE(truncated.error().kind, Error::Kind::Unavailable);
    QVERIFY(truncated.error().message.startsWith("openai: "));
    QVERIFY(!adapter.parseResponse(R"({"id":"x","choices":[]})", "m").ok());
    QVERIFY(!adapter.parseResponse(R"({"error":{"message":"boom"}})", "m").ok());
    // Missing fields are filled: usage without details, message without refusal.
    const Result<TranslatedResponse> minimal = adapter.parseResponse(
        R"({"choices":[{"message":{"content":"ok"}}],"usage":{"prompt_tokens":3,"completion_tokens":4}})", "m");
    QVERIFY(minimal.ok());
    const QJsonObject usage = minimal->completion.value("usage").toObject();
    QCOMPARE(usage.value("total_tokens").toInt(), 7);
    QCOMPARE(usage.value("prompt_tokens_details").toObject().value("cached_tokens").toInt(), 0);
    QCOMPARE(usage.value("completion_tokens_details").toObject().value("reasoning_tokens").toInt(), 0);
    const QJsonObject choice = minimal->completion.value("choices").toArray().at(0).toObject();
    QVERIFY(choice.value("message").toObject().contains("refusal"));
    QCOMPARE(choice.value("message").toObject().value("role").toString(), QString("assistant"));
    QVERIFY(minimal->completion.value("id").toString().startsWith("chatcmpl-"));
}

void TestProviderOpenAiAdapter::error401()
{
    const UpstreamError e
        = OpenAiAdapter().parseError(401, TestPaths::readFixture("openai/error_401_invalid_api_key.json"),
                                     {{"content-type", "application/json; charset=utf-8"}});
    QCOMPARE(e.status, 401);
    QCOMPARE(e.type, QString("invalid_request_error"));
    QCOMPARE(e.code, QString("invalid_api_key"));
    QCOMPARE(e.message,
             QString("openai: Incorrect API key provided: <not-a-r****key>. You can find your API key at "
                     "https://platform.openai.com/account/api-keys."));
    QCOMPARE(e.errorClass, UpstreamError::Class::Authentication);
    QVERIFY(!e.retryable);
    QCOMPARE(e.retryAfterMs, -1);
    const QJsonObject envelope = e.toOpenAiJson().value("error").toObject();
    QCOMPARE(envelope.value("code").toString(), QString("invalid_api_key"));
    QVERIFY(envelope.contains("param"));
}

void TestProviderOpenAiAdapter::error429RateLimit()
{
    FakeClock clock(1445412450000); // 30 s before the date below
    const QByteArray body = TestPaths::readFixture("openai/error_429_rate_limit.shape.json");
    const OpenAiAdapter adapter;
    const UpstreamError e = adapter.parseError(429, body, {});
    QCOMPARE(e.errorClass, UpstreamError::Class::RateLimited);
    QVERIFY(e.retryable);
    QCOMPARE(e.type, QString("tokens"));
    QCOMPARE(e.code, QString("rate_limit_exceeded"));
    QVERIFY(e.message.startsWith("openai: Rate limit reached for gpt-4o-mini in organization org-XXXX"));
    QCOMPARE(e.retryAfterMs, 1378); // "Please try again in 1.378s", no header
    QCOMPARE(adapter.parseError(429, body, {{"retry-after", "20"}}).retryAfterMs, 20000);
    QCOMPARE(adapter.parseError(429, body, {{"retry-after", "20"}, {"retry-after-ms", "1500"}}).retryAfterMs, 1500);
    QCOMPARE(adapter.parseError(429, body, {{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}}).retryAfterMs, 30000);
}

Q_DECLARE_METATYPE(UpstreamError::Class)

void TestProviderOpenAiAdapter::errorClasses_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("shouldRetry");
    QTest::addColumn<UpstreamError::Class>("errorClass");
    QTest::addColumn<bool>("retryable");
    QTest::addColumn<QString>("message");
    using C = UpstreamError::Class;
    QTest::newRow("context length")
        << 400
        << QByteArray(
               R"({"error":{"message":"This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}})")
        << QByteArray() << C::ContextLength << false
        << "openai: This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 "
           "tokens.";
    QTest::newRow("content policy")
        << 400
        << QByteArray(
               R"({"error":{"message":"Invalid prompt: your prompt was flagged as potentially violating our usage policy.","type":"invalid_request_error","param":null,"code":"invalid_prompt"}})")
        << QByteArray() << C::ContentPolicy << false
        << "openai: Invalid prompt: your prompt was flagged as potentially violating our usage policy.";
    QTest::newRow("quota")
        << 429
        << QByteArray(
               R"({"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}})")
        << QByteArray() << C::QuotaExceeded << false << "openai: You exceeded your current quota.";
    QTest::newRow("model not found")
        << 404
        << QByteArray(
               R"({"error":{"message":"The model `gpt-9` does not exist","type":"invalid_request_error","param":null,"code":"model_not_found"}})")
        << QByteArray() << C::NotFound << false << "openai: The model `gpt-9` does not exist";
    QTest::newRow("bad request")
        << 400
        << QByteArray(
               R"({"error":{"message":"Unrecognized request argument supplied: foo","type":"invalid_request_error"}})")
        << QByteArray() << C::BadRequest << false << "openai: Unrecognized request argument supplied: foo";
    QTest::newRow("html 502") << 502 << QByteArray("<html><body>\n<h1>502 Bad Gateway</h1></body></html>")
                              << QByteArray() << C::ServerError << true
                              << "openai: HTTP 502: <html><body> <h1>502 Bad Gateway</h1></body></html>";
    QTest::newRow("overloaded 503") << 503
                                    << QByteArray(R"({"error":{"message":"The engine is currently overloaded"}})")
                                    << QByteArray() << C::Overloaded << true
                                    << "openai: The engine is currently overloaded";
    QTest::newRow("x-should-retry false") << 500 << QByteArray(R"({"error":{"message":"boom"}})") << QByteArray("false")
                                          << C::ServerError << false << "openai: boom";
    QTest::newRow("compatible server string error")
        << 400 << QByteArray(R"({"error":"model 'x' not found"})") << QByteArray() << C::BadRequest << false
        << "openai: model 'x' not found";
    QTest::newRow("conflict") << 409 << QByteArray() << QByteArray() << C::Other << true << "openai: HTTP 409";
}

void TestProviderOpenAiAdapter::errorClasses()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, shouldRetry);
    QFETCH(UpstreamError::Class, errorClass);
    QFETCH(bool, retryable);
    QFETCH(QString, message);
    HeaderList::List headers;
    if (!shouldRetry.isEmpty())
        headers.append({"x-should-retry", shouldRetry});
    const UpstreamError e = OpenAiAdapter().parseError(status, body, headers);
    QCOMPARE(e.status, status);
    QCOMPARE(UpstreamError::className(e.errorClass), UpstreamError::className(errorClass));
    QCOMPARE(e.retryable, retryable);
    QCOMPARE(e.message, message);
}

void TestProviderOpenAiAdapter::streamWithUsage()
{
    const QByteArray bytes = TestPaths::readFixture("openai/chat_stream_include_usage.sse");
    const StreamHarness::Run r
        = StreamHarness::run(OpenAiAdapter(), StreamHarness::fixedOptions(true), bytes, StreamHarness::Split::Whole);
    QVERIFY(r.completed);
    QVERIFY(!r.failed);
    QCOMPARE(StreamHarness::strictClientViolation(r.events), QString());
    // 1 role chunk + 8 content chunks + 1 finish chunk + our usage chunk + Done
    QCOMPARE(r.events.size(), 12);
    QCOMPARE(StreamHarness::content(r.events), QString("The capital of the UK is London."));
    QCOMPARE(r.contentChars, 32);
    QCOMPARE(r.finishReason, QString("stop"));
    QCOMPARE(r.upstreamModel, QString("gpt-4o-mini-2024-07-18"));
    QCOMPARE(r.upstreamId, QString("chatcmpl-Dx0Xq5Xx9rHB2ehcHZCRDsnuymUXc"));
    QVERIFY(r.usage.reported);
    QCOMPARE(r.usage.promptTokens, 78);
    QCOMPARE(r.usage.completionTokens, 9);
    QCOMPARE(r.usage.cachedTokens, 0);
    QCOMPARE(r.usage.reasoningTokens, 0);

    const QList<QJsonObject> chunks = StreamHarness::chunks(r.events);
    for (const QJsonObject& chunk : chunks) {
        QCOMPARE(chunk.value("id").toString(), QString("chatcmpl-test"));
        QCOMPARE(chunk.value("created").toInteger(), qint64(1700000000));
        QCOMPARE(chunk.value("model").toString(), QString("test-model"));
    }
    const QJsonObject first = chunks.first().value("choices").toArray().at(0).toObject();
    QCOMPARE(first.value("delta").toObject().value("role").toString(), QString("assistant"));
    // Every upstream chunk said "usage": null; none of ours carries usage except the last.
    for (qsizetype i = 0; i + 1 < chunks.size(); ++i)
        QVERIFY(!chunks[i].contains("usage"));
    QCOMPARE(chunks.last().value("choices").toArray().size(), 0);
    const QJsonObject usage = StreamHarness::usageChunk(r.events);
    QCOMPARE(usage.value("prompt_tokens").toInt(), 78);
    QCOMPARE(usage.value("completion_tokens").toInt(), 9);
    QCOMPARE(usage.value("total_tokens").toInt(), 87);
    QCOMPARE(usage.value("prompt_tokens_details").toObject().value("cached_tokens").toInt(), 0);
    QCOMPARE(usage.value("completion_tokens_details").toObject().value("reasoning_tokens").toInt(), 0);
    QCOMPARE(usage.value("completion_tokens_details").toObject().value("accepted_prediction_tokens").toInt(), 0);
    QCOMPARE(r.events.last().kind, StreamEvent::Kind::Done);
    QCOMPARE(r.events.last().toSse(), QByteArray("data: [DONE]\n\n"));
}

void TestProviderOpenAiAdapter::streamWithoutUsage()
{
    const QByteArray bytes = TestPaths::readFixture("openai/chat_stream_include_usage.sse");
    const StreamHarness::Run r
        = StreamHarness::run(OpenAiAdapter(), StreamHarness::fixedOptions(false), bytes, StreamHarness::Split::Whole);
    QVERIFY(r.completed);
    QCOMPARE(StreamHarness::strictClientViolation(r.events), QString());
    QCOMPARE(r.events.size(), 11); // no usage chunk
    QVERIFY(StreamHarness::usageChunk(r.events).isEmpty());
    QVERIFY(!StreamHarness::wire(r.events).contains("usage"));
    // ... but the gateway still knows the usage for billing.
    QVERIFY(r.usage.reported);
    QCOMPARE(r.usage.totalTokens(), 87);
}

void TestProviderOpenAiAdapter::streamKeepsUpstreamIdentityWithoutOptions()
{
    const QByteArray bytes = TestPaths::readFixture("openai/chat_stream_include_usage.sse");
    const StreamHarness::Run r
        = StreamHarness::run(OpenAiAdapter(), StreamOptions{}, bytes, StreamHarness::Split::Whole);
    const QJsonObject first = StreamHarness::chunks(r.events).first();
    QCOMPARE(first.value("id").toString(), QString("chatcmpl-Dx0Xq5Xx9rHB2ehcHZCRDsnuymUXc"));
    QCOMPARE(first.value("created").toInteger(), qint64(1782955818));
    QCOMPARE(first.value("model").toString(), QString("gpt-4o-mini-2024-07-18"));
    QCOMPARE(first.value("system_fingerprint").toString(), QString("fp_d0469e1700")); // passes through
}

void TestProviderOpenAiAdapter::streamToolCall()
{
    const QByteArray bytes = TestPaths::readFixture("openai/tool_call_stream.sse");
    const StreamHarness::Run r
        = StreamHarness::run(OpenAiAdapter(), StreamHarness::fixedOptions(true), bytes, StreamHarness::Split::Whole);
    QVERIFY(r.completed);
    QCOMPARE(StreamHarness::strictClientViolation(r.events), QString());
    const QList<StreamHarness::ToolCall> calls = StreamHarness::toolCalls(r.events);
    QCOMPARE(calls.size(), 1);
    QCOMPARE(calls[0].id, QString("call_4XzlGBLtUe9dy3GVNV4jhq7h"));
    QCOMPARE(calls[0].type, QString("function"));
    QCOMPARE(calls[0].name, QString("get_weather"));
    QCOMPARE(calls[0].arguments, QString(R"({"city":"New York City"})"));
    QCOMPARE(r.toolArgumentChars, 24);
    QCOMPARE(r.contentChars, 0);
    QVERIFY(r.emittedContent);
    QCOMPARE(r.finishReason, QString("tool_calls"));
    QCOMPARE(r.usage.promptTokens, 44);
    QCOMPARE(r.usage.completionTokens, 16);
    QCOMPARE(r.usage.cachedTokens, 0);
    const QJsonObject usage = StreamHarness::usageChunk(r.events);
    QCOMPARE(usage.value("total_tokens").toInt(), 60);
    // The upstream usage had no prompt_tokens_details: it is added.
    QCOMPARE(usage.value("prompt_tokens_details").toObject().value("cached_tokens").toInt(), 0);
}

void TestProviderOpenAiAdapter::streamSplitInvariance_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<bool>("includeUsage");
    QTest::newRow("chat, usage") << "openai/chat_stream_include_usage.sse" << true;
    QTest::newRow("chat, no usage") << "openai/chat_stream_include_usage.sse" << false;
    QTest::newRow("tool call") << "openai/tool_call_stream.sse" << true;
}

void TestProviderOpenAiAdapter::streamSplitInvariance()
{
    QFETCH(QString, fixture);
    QFETCH(bool, includeUsage);
    const QString violation = StreamHarness::splitInvarianceViolation(
        OpenAiAdapter(), StreamHarness::fixedOptions(includeUsage), TestPaths::readFixture(fixture));
    QVERIFY2(violation.isEmpty(), qPrintable(violation));
}

void TestProviderOpenAiAdapter::streamTruncated()
{
    const QByteArray bytes = TestPaths::readFixture("openai/chat_stream_include_usage.sse");
    const qsizetype done = bytes.indexOf("data: [DONE]");
    QVERIFY(done > 0);
    // Every cut before "[DONE]" is complete must fail; a cut inside the [DONE] line leaves "[DON" etc.
    for (qsizetype cut = 0; cut < done + 11; cut += (cut < done - 50 ? 37 : 1)) {
        const StreamHarness::Run r = StreamHarness::run(OpenAiAdapter(), StreamHarness::fixedOptions(true),
                                                        bytes.left(cut), StreamHarness::Split::Whole);
        QVERIFY2(r.failed, qPrintable(QString("cut at %1").arg(cut)));
        QVERIFY(!r.completed);
        QCOMPARE(r.events.last().kind, StreamEvent::Kind::Error);
        for (const StreamEvent& e : r.events)
            QVERIFY(e.kind != StreamEvent::Kind::Done);
        const QString code = r.error.code;
        QVERIFY2(code == u"upstream_stream_truncated" || code == u"upstream_malformed_chunk", qPrintable(code));
    }
    // A cut inside the JSON of the finish chunk: content was relayed, so the caller cannot retry silently.
    const qsizetype finish = bytes.indexOf(R"("finish_reason":"stop")");
    const StreamHarness::Run r = StreamHarness::run(OpenAiAdapter(), StreamHarness::fixedOptions(true),
                                                    bytes.left(finish), StreamHarness::Split::Whole);
    QVERIFY(r.failed);
    QVERIFY(r.emittedContent);
    QCOMPARE(r.error.code, QString("upstream_malformed_chunk")); // the last line is cut mid-JSON
    QCOMPARE(StreamHarness::content(r.events), QString("The capital of the UK is London."));
    const QJsonObject error = r.events.last().json.value("error").toObject();
    QVERIFY(error.value("message").toString().startsWith("openai: malformed stream data"));
    QCOMPARE(error.value("type").toString(), QString("server_error"));
    QVERIFY(error.contains("param"));
}

void TestProviderOpenAiAdapter::streamMissingDone()
{
    const QByteArray bytes
        = removeLine(TestPaths::readFixture("openai/chat_stream_include_usage.sse"), "data: [DONE]\n\n");
    const StreamHarness::Run r = StreamHarness::run(OpenAiAdapter(), StreamHarness::fixedOptions(true), bytes,
                                                    StreamHarness::Split::ByteByByte);
    QVERIFY(r.failed);
    QCOMPARE(r.error.code, QString("upstream_stream_truncated"));
    QCOMPARE(r.error.message, QString("openai: the stream ended before data: [DONE] (truncated answer)"));
    // The finish chunk and the usage were seen, but no usage chunk is emitted for a failed stream.
    QCOMPARE(r.finishReason, QString("stop"));
    QVERIFY(StreamHarness::usageChunk(r.events).isEmpty());
    QVERIFY(r.usage.reported);
}

void TestProviderOpenAiAdapter::streamMalformedLine()
{
    QByteArray bytes = TestPaths::readFixture("openai/chat_stream_include_usage.sse");
    const qsizetype third = bytes.indexOf("data: ", bytes.indexOf("data: ", 10) + 10);
    bytes.insert(third, "data: {\"id\":\"x\",\"choices\":[{\"delta\":{\"content\":\"oops\"}\n\n");
    const StreamHarness::Run r = StreamHarness::run(OpenAiAdapter(), StreamHarness::fixedOptions(true), bytes,
                                                    StreamHarness::Split::Random, 7);
    QVERIFY(r.failed);
    QCOMPARE(r.error.code, QString("upstream_malformed_chunk"));
    QCOMPARE(StreamHarness::content(r.events), QString("The")); // nothing after the bad line
}

void TestProviderOpenAiAdapter::streamInStreamError()
{
    QByteArray bytes = TestPaths::readFixture("openai/chat_stream_include_usage.sse");
    const qsizetype third = bytes.indexOf("data: ", bytes.indexOf("data: ", 10) + 10);
    bytes.insert(third,
                 "data: {\"error\":{\"message\":\"The server had an error while processing your request.\","
                 "\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n");
    const StreamHarness::Run r
        = StreamHarness::run(OpenAiAdapter(), StreamHarness::fixedOptions(true), bytes, StreamHarness::Split::Whole);
    QVERIFY(r.failed);
    QCOMPARE(r.events.size(), 3); // role chunk, "The", error
    const QJsonObject error = r.events.last().json.value("error").toObject();
    QCOMPARE(error.value("message").toString(),
             QString("openai: The server had an error while processing your request."));
    QCOMPARE(error.value("type").toString(), QString("server_error"));
    QCOMPARE(r.error.status, 200);
    QCOMPARE(r.error.errorClass, UpstreamError::Class::ServerError);
    QVERIFY(r.error.retryable);
}

void TestProviderOpenAiAdapter::streamIgnoresBytesAfterDone()
{
    const QByteArray bytes = TestPaths::readFixture("openai/chat_stream_include_usage.sse") + "data: {broken\n\n";
    const StreamHarness::Run r
        = StreamHarness::run(OpenAiAdapter(), StreamHarness::fixedOptions(false), bytes, StreamHarness::Split::Whole);
    QVERIFY(r.completed);
    QVERIFY(!r.failed);
}

void TestProviderOpenAiAdapter::streamDoneWithoutFinishReason()
{
    // A compatible server that ends with [DONE] but never sends finish_reason: the strict SDK helper would throw
    // "missing finish_reason", so the translator adds "stop".
    const QByteArray bytes = "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n"
                             "data: [DONE]\n\n";
    const StreamHarness::Run r = StreamHarness::run(OpenAiAdapter("vllm"), StreamHarness::fixedOptions(true), bytes,
                                                    StreamHarness::Split::Whole);
    QVERIFY(r.completed);
    QCOMPARE(StreamHarness::strictClientViolation(r.events), QString());
    QCOMPARE(r.finishReason, QString("stop"));
    QVERIFY(!r.usage.reported);
    // No usage from upstream: the usage chunk carries the estimate (2 characters → 1 token).
    const QJsonObject usage = StreamHarness::usageChunk(r.events);
    QCOMPARE(usage.value("completion_tokens").toInt(), 1);
}

void TestProviderOpenAiAdapter::streamUsageOnChunkWithChoices()
{
    // Some compatible servers put usage on the finish chunk instead of a separate choices: [] chunk (LiteLLM
    // #36168 dropped it and under-billed); the usage must be read there too, and not leak to the client.
    const QByteArray bytes
        = "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"}}]}\n\n"
          "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
          "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":2,\"total_tokens\":13,"
          "\"prompt_tokens_details\":{\"cached_tokens\":8},\"completion_tokens_details\":{\"reasoning_tokens\":1}}}\n\n"
          "data: [DONE]\n\n";
    const StreamHarness::Run r
        = StreamHarness::run(OpenAiAdapter(), StreamHarness::fixedOptions(false), bytes, StreamHarness::Split::Whole);
    QVERIFY(r.completed);
    QVERIFY(r.usage.reported);
    QCOMPARE(r.usage.promptTokens, 11);
    QCOMPARE(r.usage.completionTokens, 2);
    QCOMPARE(r.usage.cachedTokens, 8);
    QCOMPARE(r.usage.reasoningTokens, 1);
    QVERIFY(!StreamHarness::wire(r.events).contains("usage"));
    QCOMPARE(r.finishReason, QString("stop"));

    const StreamHarness::Run withUsage
        = StreamHarness::run(OpenAiAdapter(), StreamHarness::fixedOptions(true), bytes, StreamHarness::Split::Whole);
    QCOMPARE(StreamHarness::strictClientViolation(withUsage.events), QString());
    const QJsonObject usage = StreamHarness::usageChunk(withUsage.events);
    QCOMPARE(usage.value("total_tokens").toInt(), 13);
    QCOMPARE(usage.value("prompt_tokens_details").toObject().value("cached_tokens").toInt(), 8);
}

void TestProviderOpenAiAdapter::parsedUrlsMatchQUrl()
{
    // UpstreamRequest::parseUrl caches per thread and is bounded: more distinct URLs than the bound, each asked
    // for twice (a hit and, after the cache is cleared, a miss), must all come back as QUrl parses them.
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 150; ++i) {
            const QString text
                = QStringLiteral("https://h%1.example/v1/models/m-%2:generateContent?alt=sse").arg(i % 7).arg(i);
            QCOMPARE(UpstreamRequest::parseUrl(text), QUrl(text));
            QCOMPARE(UpstreamRequest::parseUrl(text).toEncoded(), QUrl(text).toEncoded());
        }
    }
    QCOMPARE(UpstreamRequest::parseUrl(QStringLiteral("not a url:%%")).isValid(),
             QUrl(QStringLiteral("not a url:%%")).isValid());

    const auto request = ChatRequest::fromJson(R"({"model":"m","messages":[{"role":"user","content":"hi"}]})");
    QVERIFY(request);
    const OpenAiAdapter adapter(QStringLiteral("openai"), QStringLiteral("https://api.openai.com/v1"));
    for (const QString& base : {QStringLiteral("http://127.0.0.1:9/v1/"), QStringLiteral("http://127.0.0.1:10/x")}) {
        const auto built = adapter.buildRequest(*request, QStringLiteral("m"), QStringLiteral("k"), base, {});
        QVERIFY(built);
        QCOMPARE(built->url,
                 QUrl(base.endsWith(u'/') ? base.chopped(1) + QStringLiteral("/chat/completions")
                                          : base + QStringLiteral("/chat/completions")));
    }
}

QTEST_GUILESS_MAIN(TestProviderOpenAiAdapter)
#include "TestProviderOpenAiAdapter.moc"
