// The OpenAI stream fast path (CanonicalJson, StreamTranslator::emitChunkFast, StreamEncoder's raw merge) must send
// clients exactly the bytes of the general QJsonObject path. Every check here runs both paths on the same input
// and compares the wire bytes and everything the translator reports; the fixtures must actually take the fast
// path, so a fast path that silently declined everything would fail too.
#include "StreamHarness.h"
#include "TestPaths.h"
#include "providers/CanonicalJson.h"
#include "providers/OpenAiAdapter.h"
#include "providers/StreamEncoder.h"
#include "providers/StreamTranslator.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <memory>

namespace {

struct Outcome
{
    QByteArray wire; ///< what StreamEncoder gives the client
    QString state; ///< everything else the translator reports
    int fastChunks = 0;
};

QJsonValue cost(const Usage& usage)
{
    return QJsonObject{{QStringLiteral("total"), double(usage.totalTokens()) * 1.5e-6},
                       {QStringLiteral("currency"), QStringLiteral("USD")}};
}

Outcome runStream(const QByteArray& bytes, StreamOptions options, bool fast, StreamHarness::Split split,
                  const QString& provider = QStringLiteral("openai"))
{
    options.fastPath = fast;
    const OpenAiAdapter adapter(provider);
    std::unique_ptr<StreamTranslator> translator = adapter.createStreamTranslator(options);
    const StreamEncoder encoder(provider, cost);
    Outcome out;
    const auto take = [&](const QList<StreamEvent>& events) {
        for (const StreamEvent& e : events) {
            out.wire += encoder.encode(e, *translator);
            if (!e.raw.isEmpty())
                ++out.fastChunks;
        }
    };
    switch (split) {
    case StreamHarness::Split::Whole:
        take(translator->feed(bytes));
        break;
    case StreamHarness::Split::ByteByByte:
        for (qsizetype i = 0; i < bytes.size(); ++i)
            take(translator->feed(QByteArrayView(bytes).sliced(i, 1)));
        break;
    case StreamHarness::Split::Random: {
        QRandomGenerator random(7);
        for (qsizetype pos = 0; pos < bytes.size();) {
            const qsizetype n = qMin<qsizetype>(bytes.size() - pos, 1 + random.bounded(64));
            take(translator->feed(QByteArrayView(bytes).sliced(pos, n)));
            pos += n;
        }
        break;
    }
    }
    take(translator->finish());
    const Usage u = translator->usage();
    out.state = QStringLiteral("completed=%1 failed=%2 error=%3/%4 usage=%5:%6/%7/%8/%9 finish=%10 model=%11 id=%12 "
                               "chars=%13/%14/%15 content=%16 chunk=%17")
                    .arg(translator->completed())
                    .arg(translator->failed())
                    .arg(translator->error().code, translator->error().message)
                    .arg(u.reported)
                    .arg(u.promptTokens)
                    .arg(u.completionTokens)
                    .arg(u.cachedTokens)
                    .arg(u.reasoningTokens)
                    .arg(translator->finishReason(), translator->upstreamModel(), translator->upstreamId())
                    .arg(translator->contentChars())
                    .arg(translator->toolArgumentChars())
                    .arg(translator->reasoningChars())
                    .arg(translator->hasEmittedContent())
                    .arg(translator->hasEmittedChunk());
    return out;
}

/**
 * A chunk id and created that are not in the upstream bytes are generated (random id, the clock's seconds): they
 * become placeholders, so that two runs compare.
 */
QByteArray withoutGeneratedIdentity(QByteArray wire, const QByteArray& upstream)
{
    const qsizetype start = wire.indexOf("data: {");
    if (start < 0)
        return wire;
    const QJsonObject first
        = QJsonDocument::fromJson(wire.mid(start + 6, wire.indexOf('\n', start) - start - 6)).object();
    const QByteArray id = first.value(QStringLiteral("id")).toString().toUtf8();
    if (!id.isEmpty() && !upstream.contains(id))
        wire.replace(QByteArray("\"id\":\"" + id + "\""), "\"id\":\"<generated>\"");
    const QByteArray created = QByteArray::number(first.value(QStringLiteral("created")).toInteger());
    if (!upstream.contains(created))
        wire.replace(QByteArray("\"created\":" + created + ","), "\"created\":<now>,");
    return wire;
}

/** Empty when both paths agree, else what differs. */
QString difference(const QByteArray& bytes, const StreamOptions& options, StreamHarness::Split split,
                   int* fastChunks = nullptr)
{
    Outcome fast = runStream(bytes, options, true, split);
    Outcome general = runStream(bytes, options, false, split);
    fast.wire = withoutGeneratedIdentity(fast.wire, bytes);
    general.wire = withoutGeneratedIdentity(general.wire, bytes);
    if (fastChunks)
        *fastChunks = fast.fastChunks;
    if (general.fastChunks != 0)
        return QStringLiteral("the general path emitted raw chunks");
    if (fast.wire != general.wire) {
        return QStringLiteral("wire differs\nfast:    ") + QString::fromUtf8(fast.wire) + QStringLiteral("\ngeneral: ")
            + QString::fromUtf8(general.wire);
    }
    if (fast.state != general.state)
        return QStringLiteral("state differs\nfast:    ") + fast.state + QStringLiteral("\ngeneral: ") + general.state;
    return {};
}

QStringList openAiStreamFixtures()
{
    QStringList names;
    const QDir dir(TestPaths::fixturesDir() + QStringLiteral("/openai"));
    for (const QString& file : dir.entryList({QStringLiteral("*.sse")}, QDir::Files, QDir::Name))
        names << QStringLiteral("openai/") + file;
    return names;
}

/** The data lines' JSON of every OpenAI stream fixture. */
QList<QByteArray> fixtureChunks()
{
    QList<QByteArray> chunks;
    for (const QString& name : openAiStreamFixtures()) {
        for (const QByteArray& line : TestPaths::readFixture(name).split('\n')) {
            if (line.startsWith("data: {"))
                chunks << line.mid(6);
        }
    }
    return chunks;
}

/** A random edit of json: bytes replaced, removed or inserted, favouring JSON syntax and escapes. */
QByteArray mutate(QByteArray json, QRandomGenerator& random)
{
    static const QList<QByteArray> pieces = {
        "\"",
        "\\",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "0",
        "-",
        ".",
        "e",
        "1",
        "a",
        "\t",
        "\xC3\xA9",
        "\xFF",
        "\xED\xA0\x80",
        "\\u00e9",
        "\\ud83d\\ude00",
        "\\ud83d",
        "\\/",
        "\\n",
        "\\u0001",
        "\\u001f",
        "\\u007f",
        "\\\"",
        "-0",
        "1.0",
        "1e2",
        "12345678901234567890",
        "null",
        "true",
        "\"x\":1,",
        "\"provider\":\"x\",",
        "\"usage\":null,",
        "\"usage\":{\"prompt_tokens\":3},",
        "\"index\":1,",
        "\"index\":-1,",
        "\"role\":\"assistant\",",
        "\"finish_reason\":\"\",",
        "\"logprobs\":{\"content\":[]},",
        "\"\xC3\xA9\":1,",
        "\"a\\u0062\":1,",
        "\"id\":\"x\",",
        "\"model\":\"m\",",
        "\"created\":1.5,",
        "\"choices\":[],",
    };
    const int edits = 1 + random.bounded(3);
    for (int i = 0; i < edits && !json.isEmpty(); ++i) {
        const qsizetype at = random.bounded(int(json.size()));
        const QByteArray& piece = pieces.at(random.bounded(int(pieces.size())));
        switch (random.bounded(3)) {
        case 0:
            json.replace(at, 1, piece);
            break;
        case 1:
            json.remove(at, 1 + random.bounded(3));
            break;
        default:
            json.insert(at, piece);
            break;
        }
    }
    return json;
}

} // namespace

class TestProviderStreamFastPath : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void canonicalJsonWritesWhatQtWrites_data();
    void canonicalJsonWritesWhatQtWrites();
    void canonicalJsonMutations();
    void canonicalJsonAnyNumbers();
    void fixtures_data();
    void fixtures();
    void editedStreams_data();
    void editedStreams();
    void mutatedStreams();
    void providerMemberReplaced();
};

void TestProviderStreamFastPath::canonicalJsonWritesWhatQtWrites_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("sorted, compact") << QByteArray(R"( { "b" : [ 1 , -2 , { "z":null, "":true } ] , "a":"x" } )")
                                     << true;
    QTest::newRow("escapes rewritten") << QByteArray(
        R"({"s":"\/\u00e9\ud83d\ude00\u0041\u0022\u005c\u000a\u0009\b\f\n\r\t\"\\\u007f"})")
                                       << true;
    QTest::newRow("raw UTF-8") << QByteArray("{\"s\":\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"}") << true;
    QTest::newRow("18-digit integer") << QByteArray(R"({"n":-123456789012345678})") << true;
    QTest::newRow("empty containers") << QByteArray(R"({"a":{},"b":[],"c":[[]]})") << true;
    QTest::newRow("duplicate key") << QByteArray(R"({"k":1,"k":2})") << false;
    QTest::newRow("double") << QByteArray(R"({"k":1.0})") << false;
    QTest::newRow("exponent") << QByteArray(R"({"k":1e2})") << false;
    QTest::newRow("minus zero") << QByteArray(R"({"k":-0})") << false;
    QTest::newRow("19 digits") << QByteArray(R"({"k":1234567890123456789})") << false;
    QTest::newRow("control escape") << QByteArray(R"({"k":"\u0001"})") << false;
    QTest::newRow("raw tab") << QByteArray("{\"k\":\"a\tb\"}") << false;
    QTest::newRow("lone surrogate") << QByteArray(R"({"k":"\ud800"})") << false;
    QTest::newRow("encoded surrogate") << QByteArray("{\"k\":\"\xED\xA0\x80\"}") << false;
    QTest::newRow("overlong") << QByteArray("{\"k\":\"\xC0\xAF\"}") << false;
    QTest::newRow("non-ASCII key") << QByteArray("{\"\xC3\xA9\":1}") << false;
    QTest::newRow("escaped key") << QByteArray(R"({"a\u0062":1})") << false;
    QTest::newRow("trailing comma") << QByteArray(R"({"a":1,})") << false;
    QTest::newRow("garbage after") << QByteArray(R"({"a":1}x)") << false;
}

void TestProviderStreamFastPath::canonicalJsonWritesWhatQtWrites()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, accepted);
    CanonicalJson canonical;
    QCOMPARE(canonical.parse(json), accepted);
    if (accepted) {
        QByteArray out;
        canonical.write(0, out);
        QCOMPARE(out, QJsonDocument::fromJson(json).toJson(QJsonDocument::Compact));
    }
}

void TestProviderStreamFastPath::canonicalJsonMutations()
{
    // Whatever CanonicalJson accepts, Qt accepts and writes the same way.
    const QList<QByteArray> chunks = fixtureChunks();
    QVERIFY(!chunks.isEmpty());
    QRandomGenerator random(42);
    int accepted = 0;
    for (int i = 0; i < 20000; ++i) {
        const QByteArray json = mutate(chunks.at(random.bounded(int(chunks.size()))), random);
        CanonicalJson canonical;
        if (!canonical.parse(json))
            continue;
        ++accepted;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, json.constData());
        QByteArray out;
        canonical.write(0, out);
        QVERIFY2(out == doc.toJson(QJsonDocument::Compact), json.constData());
    }
    QVERIFY(accepted > 1000); // the mutations exercise acceptance, not just refusal
}

void TestProviderStreamFastPath::canonicalJsonAnyNumbers()
{
    // With Numbers::Any (ChatRequestReader's mode) every number Qt reads as a normal double is accepted with
    // Qt's value, and nothing Qt refuses is: overflow, underflow to zero, malformed numbers.
    QRandomGenerator random(20261208);
    QList<QByteArray> numbers{"0",
                              "-0",
                              "-0.0",
                              "0.7",
                              "1e0",
                              "1E+2",
                              "1e-2",
                              "2.5e-320",
                              "4.9e-324",
                              "1e400",
                              "1e-400",
                              "1.7976931348623157e308",
                              "1.7976931348623159e308",
                              "01",
                              "1.",
                              ".5",
                              "-",
                              "1e",
                              "+1",
                              "0x10",
                              "1.5e+",
                              "9007199254740993",
                              "123456789012345678901234567890",
                              "-9223372036854775809"};
    const auto digits = [&](int count) {
        QByteArray out;
        for (int i = 0; i < count; ++i)
            out.append(char('0' + random.bounded(10)));
        return out;
    };
    for (int i = 0; i < 5000; ++i) {
        QByteArray n = random.bounded(2) ? "-" : "";
        n += random.bounded(4) ? QByteArray::number(random.bounded(1, 100000)) : QByteArray("0");
        if (random.bounded(2))
            n += "." + digits(random.bounded(1, 20));
        if (random.bounded(3) == 0)
            n += QByteArray(random.bounded(2) ? "e" : "E") + (random.bounded(2) ? "-" : "")
                + QByteArray::number(random.bounded(0, 400));
        numbers << n;
    }
    int accepted = 0;
    for (const QByteArray& number : std::as_const(numbers)) {
        const QByteArray json = R"({"a":[)" + number + R"(],"b":)" + number + "}";
        CanonicalJson canonical;
        const bool ours = canonical.parse(json, CanonicalJson::Numbers::Any);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
        if (!ours)
            continue;
        ++accepted;
        QVERIFY2(error.error == QJsonParseError::NoError, json.constData());
        const double qt = doc.object().value("b").toDouble();
        const double read = canonical.number(canonical.member(0, "b"));
        QVERIFY2(read == qt && std::signbit(read) == std::signbit(qt), json.constData());
    }
    QVERIFY(accepted > 4000);
    // Integers mode still refuses what it cannot write back.
    CanonicalJson canonical;
    QVERIFY(!canonical.parse(R"({"a":0.5})"));
    QVERIFY(canonical.parse(R"({"a":0.5})", CanonicalJson::Numbers::Any));
}

void TestProviderStreamFastPath::fixtures_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<bool>("includeUsage");
    QTest::addColumn<bool>("fixedIdentity");
    QTest::addColumn<StreamHarness::Split>("split");
    for (const QString& fixture : openAiStreamFixtures()) {
        for (const bool includeUsage : {true, false}) {
            for (const bool fixedIdentity : {true, false}) {
                for (const auto split :
                     {StreamHarness::Split::Whole, StreamHarness::Split::ByteByByte, StreamHarness::Split::Random}) {
                    QTest::addRow("%s usage=%d fixed=%d split=%d", qPrintable(fixture), includeUsage, fixedIdentity,
                                  int(split))
                        << fixture << includeUsage << fixedIdentity << split;
                }
            }
        }
    }
}

void TestProviderStreamFastPath::fixtures()
{
    QFETCH(QString, fixture);
    QFETCH(bool, includeUsage);
    QFETCH(bool, fixedIdentity);
    QFETCH(StreamHarness::Split, split);
    StreamOptions options = fixedIdentity ? StreamHarness::fixedOptions(includeUsage) : StreamOptions{};
    options.includeUsage = includeUsage;
    int fastChunks = 0;
    const QString diff = difference(TestPaths::readFixture(fixture), options, split, &fastChunks);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    const int dataLines = int(TestPaths::readFixture(fixture).count("data: {\"id\""));
    // Every chunk with choices took the fast path (the usage-only chunk is the general path's).
    QVERIFY2(fastChunks >= dataLines - 1, qPrintable(QString::number(fastChunks)));
}

void TestProviderStreamFastPath::editedStreams_data()
{
    QTest::addColumn<QByteArray>("stream");
    const auto data = [](std::initializer_list<const char*> chunks) -> QByteArray {
        QByteArray out;
        for (const char* c : chunks)
            out += QByteArray("data: ") + c + "\n\n";
        return out + "data: [DONE]\n\n";
    };
    QTest::newRow("escapes and UTF-8") << data(
        {R"({"id":"c1","choices":[{"index":0,"delta":{"content":"caf\u00e9 \ud83d\ude00 a\/b \"q\" \\ \n"}}]})",
         "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\xC3\xA9\xF0\x9F\x98\x80\"}}]}",
         R"({"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"});
    QTest::newRow("whitespace and key order") << data(
        {" { \"choices\" : [ { \"delta\" : { \"content\" : \"Hi\" , \"role\" : \"assistant\" } , \"index\" : 0 "
         "} ] , \"model\" : \"m-1\" , \"id\" : \"c1\" , \"created\" : 5 } ",
         R"({"model":"m-2","id":"c2","created":6,"choices":[{"finish_reason":"length","index":0,"delta":{}}]})"});
    QTest::newRow("two choices, interleaved")
        << data({R"({"id":"c","choices":[{"index":1,"delta":{"content":"B"}},{"index":0,"delta":{"content":"A"}}]})",
                 R"({"id":"c","choices":[{"index":0,"delta":{"content":"a"}},{"index":0,"delta":{"content":"a2"}}]})",
                 R"({"id":"c","choices":[{"index":1,"delta":{},"finish_reason":"stop"}]})"});
    QTest::newRow("choice without index, delta or finish_reason")
        << data({R"({"id":"c","choices":[{}]})", R"({"id":"c","choices":[{"delta":{"content":"x"}},{}]})",
                 R"({"id":"c","choices":[{"index":"0","delta":null}]})"});
    QTest::newRow("finish_reason empty, null, number")
        << data({R"({"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":""}]})",
                 R"({"choices":[{"index":0,"delta":{"content":"y"},"finish_reason":7}]})",
                 R"({"choices":[{"index":0,"delta":{},"finish_reason":null}]})"});
    QTest::newRow("logprobs kept, with doubles")
        << data({R"({"id":"c","choices":[{"index":0,"delta":{"content":"x"},"logprobs":{"content":[{"token":"x",)"
                 R"("logprob":-0.25,"bytes":[120],"top_logprobs":[]}]}}]})",
                 R"({"id":"c","choices":[{"index":0,"delta":{"content":"y"},"logprobs":{"content":[]}}]})"});
    QTest::newRow("tool calls") << data(
        {R"({"id":"c","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{)"
         R"("index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":""}}]}}]})",
         R"({"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"a\":\u00e9}"}}]}}]})",
         R"({"id":"c","choices":[{"index":0,"delta":{"tool_calls":[]}}]})",
         R"({"id":"c","choices":[{"index":0,"delta":{"tool_calls":[1,{"function":[]},{"function":{"arguments":5}}]}}]})",
         R"({"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})"});
    QTest::newRow("reasoning fields") << data(
        {R"({"id":"c","choices":[{"index":0,"delta":{"reasoning_content":"think","reasoning":"more"}}]})",
         R"({"id":"c","choices":[{"index":0,"delta":{"reasoning":""}}]})"});
    QTest::newRow("usage on a chunk with choices, then usage null")
        << data({R"({"id":"c","choices":[{"index":0,"delta":{"content":"x"}}],"usage":null})",
                 R"({"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,)"
                 R"("completion_tokens":1,"total_tokens":4,"prompt_tokens_details":{"cached_tokens":2}}})"});
    QTest::newRow("Azure prompt filter chunk first") << data(
        {R"({"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0}]})",
         R"({"id":"c","model":"gpt-4o","created":9,"choices":[{"index":0,"delta":{"content":"x"}}]})"});
    QTest::newRow("model changes, falls back in between")
        << data({R"({"id":"c","model":"a","choices":[{"index":0,"delta":{"content":"x"}}]})",
                 R"({"id":"c","model":"b","created":1.5,"choices":[{"index":0,"delta":{"content":"y"}}]})",
                 R"({"id":"c","model":"a","choices":[{"index":0,"delta":{"content":"z"}}]})",
                 R"({"id":"c","model":"","choices":[{"index":0,"delta":{"content":"z"}}]})"});
    QTest::newRow("id and created types")
        << data({R"({"id":5,"created":"7","choices":[{"index":0,"delta":{"content":"x"}}]})",
                 R"({"id":"late","created":123456789012,"choices":[{"index":0,"delta":{"content":"y"}}]})"});
    QTest::newRow("duplicate keys") << data(
        {R"({"id":"c","choices":[{"index":0,"delta":{"content":"x","content":"yy"}}]})"});
    QTest::newRow("big and odd indexes") << data({R"({"choices":[{"index":-3,"delta":{"content":"x"}}]})",
                                                  R"({"choices":[{"index":123456789012,"delta":{"content":"x"}}]})",
                                                  R"({"choices":[{"index":2.0,"delta":{"content":"x"}}]})"});
    QTest::newRow("in-stream error") << data(
        {R"({"id":"c","choices":[{"index":0,"delta":{"content":"x"}}]})",
         R"({"error":{"message":"boom","type":"server_error","param":null,"code":null}})"});
    QTest::newRow("malformed chunk") << data({R"({"id":"c","choices":[{"index":0,"delta":{"content":"x"}}]})",
                                              R"({"id":"c","choices":[{"index":0,"delta":{"content":"x"}})"});
    QTest::newRow("invalid UTF-8") << data(
        {"{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\xFF\"}}]}"});
    QTest::newRow("choices not an array, or empty")
        << data({R"({"id":"c","choices":{}})", R"({"id":"c","choices":[]})", R"({"id":"c","choices":[1]})",
                 R"({"id":"c","choices":[{"index":0,"delta":{"content":"x"}}]})"});
    QTest::newRow("no [DONE]") << QByteArray(R"(data: {"id":"c","choices":[{"index":0,"delta":{"content":"x"}}]})"
                                             "\n\n");
}

void TestProviderStreamFastPath::editedStreams()
{
    QFETCH(QByteArray, stream);
    for (const bool includeUsage : {true, false}) {
        for (const bool fixedIdentity : {true, false}) {
            StreamOptions options = fixedIdentity ? StreamHarness::fixedOptions(includeUsage) : StreamOptions{};
            options.includeUsage = includeUsage;
            const QString diff = difference(stream, options, StreamHarness::Split::Whole);
            QVERIFY2(diff.isEmpty(), qPrintable(diff));
        }
    }
}

void TestProviderStreamFastPath::mutatedStreams()
{
    // Recorded streams with one chunk randomly edited: same bytes, same accounting, whatever the edit did.
    const QStringList fixtures = openAiStreamFixtures();
    QRandomGenerator random(1234);
    for (int i = 0; i < 1500; ++i) {
        QList<QByteArray> lines = TestPaths::readFixture(fixtures.at(random.bounded(int(fixtures.size())))).split('\n');
        for (int edits = 0; edits < 2; ++edits) {
            const int at = random.bounded(int(lines.size()));
            if (lines.at(at).startsWith("data: {"))
                lines[at] = "data: " + mutate(lines.at(at).mid(6), random);
        }
        const StreamOptions options
            = random.bounded(2) ? StreamHarness::fixedOptions(random.bounded(2)) : StreamOptions{};
        const QByteArray stream = lines.join('\n');
        const QString diff = difference(stream, options, StreamHarness::Split::Whole);
        QVERIFY2(diff.isEmpty(), qPrintable(QString::fromUtf8(stream) + QLatin1Char('\n') + diff));
    }
}

void TestProviderStreamFastPath::providerMemberReplaced()
{
    // OpenRouter sends its own "provider" member: the gateway's replaces it, as QJsonObject::insert did.
    const QByteArray stream = R"(data: {"id":"c","provider":"OpenAI","choices":[{"index":0,"delta":{"content":"x"}}]})"
                              "\n\ndata: [DONE]\n\n";
    const Outcome fast = runStream(stream, StreamHarness::fixedOptions(true), true, StreamHarness::Split::Whole,
                                   QStringLiteral("openrouter"));
    const Outcome general = runStream(stream, StreamHarness::fixedOptions(true), false, StreamHarness::Split::Whole,
                                      QStringLiteral("openrouter"));
    QCOMPARE(fast.fastChunks, 1);
    QCOMPARE(fast.wire, general.wire);
    QVERIFY(fast.wire.contains(R"("provider":"openrouter")"));
    QVERIFY(!fast.wire.contains("OpenAI"));
    QVERIFY(fast.wire.contains(R"("cost":{)")); // the usage chunk
}

QTEST_GUILESS_MAIN(TestProviderStreamFastPath)
#include "TestProviderStreamFastPath.moc"
