#include "providers/ChatRequest.h"
#include "providers/TokenEstimator.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

class TestProviderTokenEstimator : public QObject
{
    Q_OBJECT

private slots:
    void text();
    void chars();
    void promptOfMessages();
    void promptOfRequestWithTools();
};

void TestProviderTokenEstimator::text()
{
    QCOMPARE(TokenEstimator::textTokens(u""), qint64(0));
    QCOMPARE(TokenEstimator::textTokens(u"abcd"), qint64(1));
    QCOMPARE(TokenEstimator::textTokens(u"abcde"), qint64(2));
    // "été" is 5 UTF-8 bytes → 2 tokens.
    QCOMPARE(TokenEstimator::textTokens(QString::fromUtf8("\xC3\xA9t\xC3\xA9")), qint64(2));
}

void TestProviderTokenEstimator::chars()
{
    QCOMPARE(TokenEstimator::tokensFromChars(0), qint64(0));
    QCOMPARE(TokenEstimator::tokensFromChars(32), qint64(8));
    QCOMPARE(TokenEstimator::tokensFromChars(33), qint64(9));
}

void TestProviderTokenEstimator::promptOfMessages()
{
    const QJsonArray messages{
        // "system" (6) + "Be brief." (9) = 15 bytes → 4 tokens + 4 overhead = 8
        QJsonObject{{"role", "system"}, {"content", "Be brief."}},
        // "user" (4) + "Hello" (5) = 9 bytes → 3 + 4 + one image 765 = 772
        QJsonObject{{"role", "user"},
                    {"content",
                     QJsonArray{QJsonObject{{"type", "text"}, {"text", "Hello"}},
                                QJsonObject{{"type", "image_url"},
                                            {"image_url", QJsonObject{{"url", "data:image/png;base64,AAAA"}}}}}}},
        // "assistant" (9) + "f" (1) + "{}" (2) = 12 bytes → 3 + 4 = 7
        QJsonObject{
            {"role", "assistant"},
            {"content", QJsonValue::Null},
            {"tool_calls",
             QJsonArray{QJsonObject{
                 {"id", "c"}, {"type", "function"}, {"function", QJsonObject{{"name", "f"}, {"arguments", "{}"}}}}}}},
        // "tool" (4) + "c" (1) + "42" (2) = 7 bytes → 2 + 4 = 6
        QJsonObject{{"role", "tool"}, {"tool_call_id", "c"}, {"content", "42"}},
    };
    // 8 + 772 + 7 + 6 + 3 reply priming
    QCOMPARE(TokenEstimator::promptTokens(messages), qint64(796));
}

void TestProviderTokenEstimator::promptOfRequestWithTools()
{
    const QByteArray body = R"({"model":"m","messages":[{"role":"user","content":"Hi"}],)"
                            R"("tools":[{"type":"function","function":{"name":"f"}}]})";
    const Result<ChatRequest> request = ChatRequest::fromJson(body);
    QVERIFY(request.ok());
    // message: "user" + "Hi" = 6 bytes → 2 + 4 = 6; tools JSON [{"function":{"name":"f"},"type":"function"}] is
    // 45 bytes → 12; + 3 priming = 21.
    QCOMPARE(TokenEstimator::promptTokens(*request), qint64(21));
}

QTEST_GUILESS_MAIN(TestProviderTokenEstimator)
#include "TestProviderTokenEstimator.moc"
