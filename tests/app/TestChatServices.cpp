// The pieces under the chat and the log export: SSE parsing across arbitrary chunk boundaries, safe
// Markdown (escape first, then a subset), gateway errors in plain words, CSV quoting, conversations
// saved and listed.

#include "services/ConversationStore.h"
#include "services/CsvWriter.h"
#include "services/GatewayClient.h"
#include "services/SafeMarkdown.h"
#include "services/SseParser.h"

#include <QBuffer>
#include <QTemporaryDir>
#include <QTest>

class TestChatServices : public QObject
{
    Q_OBJECT

private slots:
    void sseEventsSurviveAnySplit()
    {
        const QByteArray stream = ": keep-alive\r\n\r\ndata: {\"a\":1}\r\n\r\ndata: line1\ndata: line2\n\n"
                                  "event: x\nid: 3\ndata: [DONE]\n\n";
        const QList<QByteArray> expected{"{\"a\":1}", "line1\nline2", "[DONE]"};
        for (int size = 1; size <= stream.size(); ++size) {
            SseParser parser;
            QList<QByteArray> events;
            for (int i = 0; i < stream.size(); i += size)
                events += parser.feed(stream.mid(i, size));
            events += parser.finish();
            QCOMPARE(events, expected);
        }
    }

    void sseLastEventWithoutBlankLine()
    {
        SseParser parser;
        QVERIFY(parser.feed("data: tail").isEmpty());
        QCOMPARE(parser.finish(), QList<QByteArray>{"tail"});
    }

    void markdownEscapesFirst()
    {
        const QString html = SafeMarkdown::toHtml(
            QStringLiteral("<script>alert(1)</script> **bold** and `<b>code</b>`\n[x](javascript:alert(1)) "
                           "[ok](https://example.com/?a=1&b=\"2\")"));
        QVERIFY(!html.contains(QStringLiteral("<script>")));
        QVERIFY(html.contains(QStringLiteral("&lt;script&gt;")));
        QVERIFY(html.contains(QStringLiteral("<b>bold</b>")));
        QVERIFY(html.contains(QStringLiteral("<code style=\"background:#eef0f3\">&lt;b&gt;code&lt;/b&gt;</code>")));
        QVERIFY(!html.contains(QStringLiteral("href=\"javascript")));
        QVERIFY(html.contains(QStringLiteral("<a href=\"https://example.com/?a=1&amp;b=&quot;2&quot;\">ok</a>")));
    }

    void markdownBlocks()
    {
        const QString html = SafeMarkdown::toHtml(
            QStringLiteral("# Title\n\n- one\n- *two*\n\n1. first\n\n```\nif (a < b) {}\n```\n> quote"));
        QVERIFY(html.contains(QStringLiteral("<h3>Title</h3>")));
        QVERIFY(html.contains(QStringLiteral("<ul><li>one</li><li><i>two</i></li></ul>")));
        QVERIFY(html.contains(QStringLiteral("<ol><li>first</li></ol>")));
        QVERIFY(html.contains(QStringLiteral("if (a &lt; b) {}")));
        QVERIFY(html.contains(QStringLiteral("<blockquote>quote</blockquote>")));
    }

    void errorsInPlainWords()
    {
        const QUrl url(QStringLiteral("http://gw.example:8080/v1/chat/completions"));
        QVERIFY(GatewayClient::describeError(0, {}, QStringLiteral("Connection refused"), url)
                    .contains(QStringLiteral("Cannot reach the gateway at http://gw.example:8080")));
        const QString budget = GatewayClient::describeError(
            429, R"({"error":{"message":"daily cost limit reached","type":"insufficient_quota"}})", {}, url);
        QVERIFY(budget.contains(QStringLiteral("budget")));
        QVERIFY(budget.contains(QStringLiteral("daily cost limit reached")));
        QVERIFY(GatewayClient::describeError(503, "<html>bad gateway</html>", {}, url).contains(QStringLiteral("503")));
    }

    void csvQuoting()
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        CsvWriter csv(buffer);
        csv.writeRow({QStringLiteral("plain"), QStringLiteral("a,b"), QStringLiteral("say \"hi\""),
                      QStringLiteral("two\nlines"), QStringLiteral("=SUM(A1)"), QStringLiteral("-5")});
        QCOMPARE(buffer.data(), QByteArray("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",'=SUM(A1),-5\r\n"));
    }

    void conversationsRoundTrip()
    {
        QTemporaryDir dir;
        ConversationStore store(dir.filePath(QStringLiteral("c")));
        Conversation c;
        c.title = QStringLiteral("First");
        c.systemPrompt = QStringLiteral("Be brief.");
        Conversation::Message q{QStringLiteral("user"), QStringLiteral("Hi"), {}, {}, 0, 0, {}, false, 1};
        Conversation::Message a{QStringLiteral("assistant"),
                                QStringLiteral("Hello"),
                                QStringLiteral("openai"),
                                QStringLiteral("gpt-4.1"),
                                10,
                                5,
                                42,
                                true,
                                2};
        c.messages = {q, a};
        auto saved = store.save(c);
        QVERIFY(saved);
        QVERIFY(!saved.value().id.isEmpty());
        const auto loaded = store.load(saved.value().id);
        QVERIFY(loaded);
        QCOMPARE(loaded.value().messages.size(), 2);
        QCOMPARE(loaded.value().messages.at(1).costMicros.value_or(0), qint64(42));
        QVERIFY(loaded.value().messages.at(1).stopped);
        QCOMPARE(loaded.value().totalTokens(), qint64(15));
        QVERIFY(loaded.value().toMarkdown().contains(QStringLiteral("openai · gpt-4.1 · 15 tokens")));
        QVERIFY(!store.load(QStringLiteral("../etc/passwd")));
        QCOMPARE(store.list().size(), 1);
        QVERIFY(store.remove(saved.value().id));
        QCOMPARE(store.list().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestChatServices)
#include "TestChatServices.moc"
