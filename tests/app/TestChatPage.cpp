// The chat page against a fake gateway on a loopback port: text streams in chunk by chunk, Stop closes
// the connection mid-stream, replies carry provider/model/tokens/cost, and 401/429/in-stream errors are
// shown in plain words with the question handed back.

#include "FakeGateway.h"

#include "pages/ChatPage.h"
#include "services/ConversationStore.h"
#include "services/Session.h"
#include "storage/Database.h"

#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

class TestChatPage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<FakeGateway> m_fake;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<ChatPage> m_page;

    template <typename T>
    T* child(const char* name)
    {
        T* w = m_page->findChild<T*>(QString::fromLatin1(name));
        if (!w)
            qFatal("no widget %s", name);
        return w;
    }

    void type(const QString& text)
    {
        child<QPlainTextEdit>("messageEdit")->setPlainText(text);
        QTest::mouseClick(child<QPushButton>("sendButton"), Qt::LeftButton);
    }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_fake = std::make_unique<FakeGateway>();
        QVERIFY(m_fake->start());
        m_session = std::make_unique<Session>();
        ConnectionProfile profile;
        profile.name = QStringLiteral("chat");
        profile.kind = ConnectionProfile::Kind::ChatOnly;
        profile.gatewayUrl = m_fake->url();
        m_session->adopt(profile, nullptr, {}, QStringLiteral("gw_abcde_0123456789abcdefghijklmnopqrstuv"));
        m_page = std::make_unique<ChatPage>(m_session.get(), m_dir.filePath(QStringLiteral("conversations")));
        m_page->resize(1000, 700);
        m_page->show();
        m_page->refresh();
    }

    void cleanup()
    {
        m_page.reset();
        m_session.reset();
        m_fake.reset();
    }

    void modelsComeFromTheGateway()
    {
        auto* routing = child<QComboBox>("routingComboBox");
        QTRY_VERIFY(routing->findData(QStringLiteral("model:gpt-4.1-mini")) >= 0);
        QVERIFY(routing->findData(QStringLiteral("model:claude-haiku-4-5")) >= 0);
        QCOMPARE(m_fake->requests().first().path, QByteArray("/v1/models"));
        QCOMPARE(m_fake->requests().first().authorization,
                 QByteArray("Bearer gw_abcde_0123456789abcdefghijklmnopqrstuv"));
    }

    void answerStreamsInAndIsSaved()
    {
        m_fake->streamChunks(
            {QStringLiteral("Hello"), QStringLiteral(", "), QStringLiteral("**world**"), QStringLiteral("!")}, 120);
        child<QPlainTextEdit>("systemPromptEdit")->setPlainText(QStringLiteral("Be brief."));
        type(QStringLiteral("Say hello"));
        QVERIFY(m_page->isStreaming());
        QVERIFY(!child<QPushButton>("sendButton")->isEnabled());
        QVERIFY(child<QPushButton>("stopButton")->isEnabled());
        // Partial text is visible before the answer is complete.
        QTRY_VERIFY_WITH_TIMEOUT(m_page->partialAnswer().startsWith(QStringLiteral("Hello")), 5000);
        QVERIFY(m_page->isStreaming());
        QVERIFY(m_fake->chunksSent() < 4);
        QTRY_VERIFY(child<QTextBrowser>("transcriptBrowser")->toPlainText().contains(QStringLiteral("Hello")));

        QSignalSpy ended(m_page.get(), &ChatPage::answerEnded);
        QVERIFY(ended.wait(5000));
        QVERIFY(!m_page->isStreaming());
        const Conversation& c = m_page->conversation();
        QCOMPARE(c.messages.size(), 2);
        QCOMPARE(c.messages.at(1).content, QStringLiteral("Hello, **world**!"));
        QCOMPARE(c.messages.at(1).provider, QStringLiteral("openai"));
        QCOMPARE(c.messages.at(1).model, QStringLiteral("gpt-4.1-mini"));
        QCOMPARE(c.messages.at(1).promptTokens + c.messages.at(1).completionTokens, qint64(42));
        QCOMPARE(c.messages.at(1).costMicros.value_or(-1), qint64(53));
        QVERIFY(child<QLabel>("totalsLabel")->text().contains(QStringLiteral("42")));
        const QString transcript = child<QTextBrowser>("transcriptBrowser")->toHtml();
        QVERIFY(transcript.contains(QStringLiteral("font-weight:700")) || transcript.contains(QStringLiteral("<b>")));

        // The request carried the settings and the system prompt.
        const QJsonObject body = QJsonDocument::fromJson(m_fake->requests().last().body).object();
        QCOMPARE(body.value(QStringLiteral("stream")).toBool(), true);
        QCOMPARE(body.value(QStringLiteral("capability")).toString(), QStringLiteral("balanced"));
        QCOMPARE(body.value(QStringLiteral("messages"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("role"))
                     .toString(),
                 QStringLiteral("system"));

        // Saved locally, and listed again by a fresh store.
        const auto saved = ConversationStore(m_dir.filePath(QStringLiteral("conversations"))).list();
        QCOMPARE(saved.size(), 1);
        QCOMPARE(saved.first().messages.size(), 2);
        QCOMPARE(saved.first().title, QStringLiteral("Say hello"));
    }

    void stopClosesTheConnectionMidStream()
    {
        QStringList many;
        for (int i = 0; i < 40; ++i)
            many << QStringLiteral("chunk%1 ").arg(i);
        m_fake->streamChunks(many, 100);
        type(QStringLiteral("Tell me a long story"));
        QTRY_VERIFY_WITH_TIMEOUT(m_page->partialAnswer().contains(QStringLiteral("chunk2")), 5000);
        QSignalSpy ended(m_page.get(), &ChatPage::answerEnded);
        QTest::mouseClick(child<QPushButton>("stopButton"), Qt::LeftButton);
        QTRY_COMPARE(ended.size(), 1);
        QVERIFY(!m_page->isStreaming());
        QTRY_VERIFY_WITH_TIMEOUT(m_fake->clientClosedEarly(), 5000);
        const int sentAtStop = m_fake->chunksSent();
        QVERIFY(sentAtStop < 40);
        QTest::qWait(400);
        QCOMPARE(m_fake->chunksSent(), sentAtStop); // nothing more was sent: the request is gone
        const Conversation& c = m_page->conversation();
        QCOMPARE(c.messages.size(), 2);
        QVERIFY(c.messages.at(1).stopped);
        QVERIFY(c.messages.at(1).content.startsWith(QStringLiteral("chunk0 chunk1 chunk2")));
        QVERIFY(!c.messages.at(1).content.contains(QStringLiteral("chunk39")));
        QVERIFY(child<QPushButton>("sendButton")->isEnabled());
        QVERIFY(child<QPushButton>("regenerateButton")->isEnabled());
    }

    void regenerateReplacesTheLastAnswer()
    {
        m_fake->streamChunks({QStringLiteral("first")}, 10);
        type(QStringLiteral("Q"));
        QSignalSpy ended(m_page.get(), &ChatPage::answerEnded);
        QVERIFY(ended.wait(5000));
        m_fake->streamChunks({QStringLiteral("second")}, 10);
        QTest::mouseClick(child<QPushButton>("regenerateButton"), Qt::LeftButton);
        QVERIFY(ended.wait(5000));
        QCOMPARE(m_page->conversation().messages.size(), 2);
        QCOMPARE(m_page->conversation().messages.at(1).content, QStringLiteral("second"));
    }

    void errorsAreShownInPlainWords_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        QTest::newRow("401") << 401
                             << QByteArray(R"({"error":{"message":"invalid API key","type":"authentication_error",)"
                                           R"("param":null,"code":"invalid_api_key"}})")
                             << QStringLiteral("did not accept the API key");
        QTest::newRow("429 budget") << 429
                                    << QByteArray(R"({"error":{"message":"monthly cost limit of $100 reached",)"
                                                  R"("type":"insufficient_quota","param":null,"code":"budget"}})")
                                    << QStringLiteral("budget is used up");
        QTest::newRow("429 rate") << 429
                                  << QByteArray(R"({"error":{"message":"slow down","type":"rate_limit_error",)"
                                                R"("param":null,"code":null}})")
                                  << QStringLiteral("rate limit");
        QTest::newRow("502") << 502
                             << QByteArray(R"({"error":{"message":"openai: upstream timeout","type":"server_error",)"
                                           R"("param":null,"code":null}})")
                             << QStringLiteral("provider or the gateway failed (HTTP 502)");
    }

    void errorsAreShownInPlainWords()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        m_fake->failWith(status, body);
        QSignalSpy ended(m_page.get(), &ChatPage::answerEnded);
        type(QStringLiteral("Hello?"));
        QVERIFY(ended.wait(5000));
        const QString error = m_page->errorText();
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(error.contains(QJsonDocument::fromJson(body)
                                    .object()
                                    .value(QStringLiteral("error"))
                                    .toObject()
                                    .value(QStringLiteral("message"))
                                    .toString()),
                 qPrintable(error));
        // The failed question is not kept in the history; it is back in the input for another try.
        QCOMPARE(m_page->conversation().messages.size(), 0);
        QCOMPARE(child<QPlainTextEdit>("messageEdit")->toPlainText(), QStringLiteral("Hello?"));
    }

    void errorEventInsideTheStream()
    {
        m_fake->streamThenError({QStringLiteral("partial")},
                                R"({"error":{"message":"anthropic overloaded","type":"server_error"}})");
        QSignalSpy ended(m_page.get(), &ChatPage::answerEnded);
        type(QStringLiteral("Hi"));
        QVERIFY(ended.wait(5000));
        QVERIFY2(m_page->errorText().contains(QStringLiteral("anthropic overloaded")), qPrintable(m_page->errorText()));
    }

    void unreachableGateway()
    {
        ConnectionProfile profile = m_session->profile();
        profile.gatewayUrl = QStringLiteral("http://127.0.0.1:1");
        m_session->adopt(profile, nullptr, {}, QStringLiteral("gw_x"));
        m_page->refresh();
        QSignalSpy ended(m_page.get(), &ChatPage::answerEnded);
        type(QStringLiteral("Hi"));
        QVERIFY(ended.wait(10000));
        QVERIFY2(m_page->errorText().contains(QStringLiteral("Cannot reach the gateway")),
                 qPrintable(m_page->errorText()));
    }

    void reconnectingWithAKeyClearsTheMissingKeyError()
    {
        ConnectionProfile profile = m_session->profile();
        m_session->adopt(profile, nullptr, {}, QString());
        m_page->refresh();
        type(QStringLiteral("Hi"));
        QVERIFY2(m_page->errorText().contains(QStringLiteral("no gateway key")), qPrintable(m_page->errorText()));
        // Disconnect, add the key to the profile, connect again: the page no longer claims there is no key.
        m_session->adopt(profile, nullptr, {}, QStringLiteral("gw_abcde_0123456789abcdefghijklmnopqrstuv"));
        m_page->refresh();
        QVERIFY2(m_page->errorText().isEmpty(), qPrintable(m_page->errorText()));
    }

    void modelOutputIsNotRenderedAsHtml()
    {
        m_fake->streamChunks(
            {QStringLiteral("<img src=x onerror=alert(1)><b>bold?</b> <a href=\"javascript:x\">l</a>")}, 10);
        QSignalSpy ended(m_page.get(), &ChatPage::answerEnded);
        type(QStringLiteral("inject"));
        QVERIFY(ended.wait(5000));
        const QString html = child<QTextBrowser>("transcriptBrowser")->toHtml();
        QVERIFY(!html.contains(QStringLiteral("<img")));
        QVERIFY(!html.contains(QStringLiteral("javascript:")) || html.contains(QStringLiteral("&quot;javascript:")));
        // The markup is visible as text.
        QVERIFY(child<QTextBrowser>("transcriptBrowser")->toPlainText().contains(QStringLiteral("<b>bold?</b>")));
    }
};

QTEST_MAIN(TestChatPage)
#include "TestChatPage.moc"
