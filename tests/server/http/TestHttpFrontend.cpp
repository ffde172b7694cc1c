// Routing, responses, streaming, keep-alive / Connection: close semantics and client disconnects of the
// HTTP front, driven over loopback with raw sockets.
#include "HttpFrontend.h"
#include "RawHttpClient.h"
#include "TestRoutes.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <memory>

class TestHttpFrontend : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void jsonRouteAndKeepAlive();
    void notFoundAndMethodNotAllowedEnvelopes();
    void pathParametersAndPrefixRoutes();
    void droppedResponderBecomes500();
    void answersFromAnotherThreadAreRefused();
    void pipelinedRequestsAnsweredInOrder();
    void longPipelineAnsweredInOrder();
    void badRequestPipelinedAfterGoodOnesAnsweredInTurn();
    void connectionCloseClosesAfterResponse();
    void http10ClosesAfterResponse();
    void sseStreamArrivesChunkByChunk();
    void sseStreamToHttp10IsCloseDelimited();
    void clientLeavesBeforeAsyncResponse();
    void clientLeavesMidStream();

private:
    bool startServer(int workers = 1);
    QJsonObject jsonOf(const RawHttpClient::Response& response) const
    {
        return QJsonDocument::fromJson(response.body).object();
    }

    std::shared_ptr<TestRouteState> m_state;
    std::unique_ptr<HttpFrontend> m_front;
    quint16 m_port = 0;
};

bool TestHttpFrontend::startServer(int workers)
{
    HttpServerOptions options;
    options.workerThreads = workers;
    options.idleTimeoutMs = 10'000;
    options.readTimeoutMs = 10'000;
    m_front = std::make_unique<HttpFrontend>(options);
    auto started
        = m_front->start(ListenAddress(QHostAddress(QHostAddress::LocalHost), 0), TestRoutes::factory(m_state));
    if (!started) {
        qWarning() << started.error().message;
        return false;
    }
    m_port = *started;
    return m_port != 0;
}

void TestHttpFrontend::init()
{
    m_state = std::make_shared<TestRouteState>();
    QVERIFY(startServer());
}

void TestHttpFrontend::cleanup()
{
    m_front.reset();
}

void TestHttpFrontend::jsonRouteAndKeepAlive()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.send(RawHttpClient::post("/echo?x=1%202", R"({"a":1})", "x-Custom-HEADER: hello\r\n")));
    auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->statusLine, QByteArray("HTTP/1.1 200 OK"));
    QCOMPARE(response->headers.value("content-type"), QByteArray("application/json"));
    QVERIFY(!response->headers.value("x-request-id").isEmpty());
    QVERIFY(!response->headers.contains("connection"));
    const QJsonObject o = jsonOf(*response);
    QCOMPARE(o["method"].toString(), QStringLiteral("POST"));
    QCOMPARE(o["path"].toString(), QStringLiteral("/echo"));
    QCOMPARE(o["x"].toString(), QStringLiteral("1 2"));
    QCOMPARE(o["body"].toString(), QStringLiteral(R"({"a":1})"));
    QCOMPARE(o["contentType"].toString(), QStringLiteral("application/json"));
    QCOMPARE(o["custom"].toString(), QStringLiteral("hello"));
    QCOMPARE(o["httpMinor"].toInt(), 1);
    QCOMPARE(o["remote"].toString(), QStringLiteral("127.0.0.1"));
    QVERIFY(o["timed"].toBool());

    // Same connection again.
    QVERIFY(client.send(RawHttpClient::get("/json")));
    response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray(R"({"ok":true})"));
    QCOMPARE(client.socket().state(), QAbstractSocket::ConnectedState);
    QCOMPARE(m_state->factoryCalls.load(), 1);
    QTRY_COMPARE(m_front->inFlightRequests(), 0);
}

void TestHttpFrontend::notFoundAndMethodNotAllowedEnvelopes()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.send(RawHttpClient::get("/nope")));
    auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 404);
    QCOMPARE(response->headers.value("content-type"), QByteArray("application/json"));
    QCOMPARE(response->body,
             QByteArray(R"x({"error":{"message":"Invalid URL (GET /nope)","type":"invalid_request_error",)x"
                        R"x("param":null,"code":"not_found"}})x"));

    QVERIFY(client.send(RawHttpClient::post("/json", "{}")));
    response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 405);
    QCOMPARE(response->headers.value("allow"), QByteArray("GET"));
    const QJsonObject error = jsonOf(*response)["error"].toObject();
    QCOMPARE(error["type"].toString(), QStringLiteral("invalid_request_error"));
    QCOMPARE(error["code"].toString(), QStringLiteral("method_not_allowed"));
    QVERIFY(error["param"].isNull());

    // Still the same keep-alive connection.
    QVERIFY(client.send(RawHttpClient::get("/json")));
    response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
}

void TestHttpFrontend::pathParametersAndPrefixRoutes()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.send(RawHttpClient::get("/v1/models/gpt-4o%2Fmini")));
    auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(jsonOf(*response)["model"].toString(), QStringLiteral("gpt-4o/mini"));

    QVERIFY(client.send(RawHttpClient::get("/api/v1/projects/42/keys/7")));
    response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(jsonOf(*response)["id"].toString(), QStringLiteral("42"));
    QCOMPARE(jsonOf(*response)["rest"].toString(), QStringLiteral("keys/7"));

    QVERIFY(client.send(RawHttpClient::get("/api/v1/projects/42")));
    response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(jsonOf(*response)["rest"].toString(), QString());

    QVERIFY(client.send(RawHttpClient::get("/api/v1/projects/42/../../admin")));
    response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 400);

    QVERIFY(client.send(RawHttpClient::get("/v1/models/")));
    response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 404);
}

void TestHttpFrontend::droppedResponderBecomes500()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.send(RawHttpClient::get("/drop")));
    auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 500);
    QCOMPARE(jsonOf(*response)["error"].toObject()["type"].toString(), QStringLiteral("server_error"));
    QVERIFY(client.send(RawHttpClient::get("/json")));
    response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
}

void TestHttpFrontend::answersFromAnotherThreadAreRefused()
{
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("send\\(\\) called from another thread")));
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.send(RawHttpClient::get("/wrong-thread")));
    auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray(R"({"refused":true})"));
}

void TestHttpFrontend::pipelinedRequestsAnsweredInOrder()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    // Both in one segment; the first one is answered asynchronously. QHttpServer alone answers the second
    // one first (qt64-notes L4).
    QVERIFY(client.send(RawHttpClient::get("/slow?ms=200") + RawHttpClient::get("/json")));
    auto first = client.readResponse();
    QVERIFY(first);
    QCOMPARE(first->body, QByteArray(R"({"slow":true})"));
    auto second = client.readResponse();
    QVERIFY(second);
    QCOMPARE(second->body, QByteArray(R"({"ok":true})"));

    // Second request in its own segment while the first is still pending.
    QVERIFY(client.send(RawHttpClient::get("/slow?ms=200")));
    QTest::qWait(50);
    QVERIFY(client.sendMore(RawHttpClient::get("/json")));
    first = client.readResponse();
    QVERIFY(first);
    QCOMPARE(first->body, QByteArray(R"({"slow":true})"));
    second = client.readResponse();
    QVERIFY(second);
    QCOMPARE(second->body, QByteArray(R"({"ok":true})"));
}

void TestHttpFrontend::longPipelineAnsweredInOrder()
{
    // More pipelined requests than the connection queues before it stops reading (64), behind a slow one:
    // reading pauses and resumes, and every request is answered once, in order.
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QByteArray batch = RawHttpClient::get("/slow?ms=150");
    constexpr int kCount = 300;
    for (int i = 0; i < kCount; ++i)
        batch += RawHttpClient::post("/echo?x=" + QByteArray::number(i), "body " + QByteArray::number(i));
    QVERIFY(client.send(batch));
    auto first = client.readResponse();
    QVERIFY(first);
    QCOMPARE(first->body, QByteArray(R"({"slow":true})"));
    for (int i = 0; i < kCount; ++i) {
        auto response = client.readResponse();
        QVERIFY2(response, qPrintable(QStringLiteral("response %1 missing").arg(i)));
        const QJsonObject o = jsonOf(*response);
        QCOMPARE(o["x"].toString(), QString::number(i));
        QCOMPARE(o["body"].toString(), QStringLiteral("body %1").arg(i));
    }
    QCOMPARE(client.pending(), QByteArray());
}

void TestHttpFrontend::badRequestPipelinedAfterGoodOnesAnsweredInTurn()
{
    // A malformed request behind two good ones (one of them still pending): both good ones are answered,
    // then the 400, then the connection closes.
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.send(RawHttpClient::get("/slow?ms=100") + RawHttpClient::get("/json")
                        + "GET /json HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"));
    auto first = client.readResponse();
    QVERIFY(first);
    QCOMPARE(first->body, QByteArray(R"({"slow":true})"));
    auto second = client.readResponse();
    QVERIFY(second);
    QCOMPARE(second->body, QByteArray(R"({"ok":true})"));
    auto third = client.readResponse();
    QVERIFY(third);
    QCOMPARE(third->status, 400);
    QCOMPARE(third->headers.value("connection"), QByteArray("close"));
    QVERIFY(client.waitForClosed(2000));
}

void TestHttpFrontend::connectionCloseClosesAfterResponse()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.send(RawHttpClient::get("/json", "Connection: close\r\n")));
    auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->headers.value("connection"), QByteArray("close"));
    QVERIFY(client.waitForClosed(2000));
    QCOMPARE(client.pending(), QByteArray());

    // The same for an asynchronous response.
    RawHttpClient slow;
    QVERIFY(slow.connectTo(m_port));
    QVERIFY(slow.send(RawHttpClient::get("/slow?ms=100", "Connection: keep-alive, close\r\n")));
    response = slow.readResponse();
    QVERIFY(response);
    QCOMPARE(response->headers.value("connection"), QByteArray("close"));
    QVERIFY(slow.waitForClosed(2000));
}

void TestHttpFrontend::http10ClosesAfterResponse()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.send("GET /echo HTTP/1.0\r\n\r\n"));
    auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->headers.value("connection"), QByteArray("close"));
    QCOMPARE(jsonOf(*response)["httpMinor"].toInt(), 0);
    QVERIFY(client.waitForClosed(2000));
}

void TestHttpFrontend::sseStreamArrivesChunkByChunk()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.send(RawHttpClient::get("/sse?n=5&ms=100")));
    auto response = client.readResponse(5000);
    QVERIFY(response);
    QVERIFY(response->complete);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->headers.value("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(response->headers.value("cache-control"), QByteArray("no-cache"));
    QCOMPARE(response->headers.value("transfer-encoding"), QByteArray("chunked"));
    QCOMPARE(response->headers.value("x-accel-buffering"), QByteArray("no"));
    QVERIFY(!response->headers.contains("content-length"));
    QCOMPARE(response->chunks.size(), 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(response->chunks[i], "data: {\"i\":" + QByteArray::number(i) + "}\n\n");
    // Headers at once, then one event about every 100 ms, each flushed on its own rather than buffered
    // until the end. (Tolerant of a loaded machine: the reader may coalesce two events into one read.)
    QVERIFY2(response->chunkArrivalMs.first() - response->headersArrivalMs >= 40,
             qPrintable(QStringLiteral("headers at %1 ms, first event at %2 ms")
                            .arg(response->headersArrivalMs)
                            .arg(response->chunkArrivalMs.first())));
    int separateArrivals = 1;
    for (int i = 1; i < 5; ++i) {
        if (response->chunkArrivalMs[i] - response->chunkArrivalMs[i - 1] >= 30)
            ++separateArrivals;
    }
    QVERIFY2(separateArrivals >= 3, qPrintable(QString::number(separateArrivals)));
    QVERIFY(response->chunkArrivalMs.last() - response->chunkArrivalMs.first() >= 250);
    QTRY_COMPARE(m_state->streamsCompleted.load(), 1);

    // Terminated correctly: the connection is reusable.
    QVERIFY(client.send(RawHttpClient::get("/json")));
    response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->body, QByteArray(R"({"ok":true})"));
}

void TestHttpFrontend::sseStreamToHttp10IsCloseDelimited()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.send("GET /sse?n=3&ms=20 HTTP/1.0\r\n\r\n"));
    auto response = client.readResponse(5000);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(!response->headers.contains("transfer-encoding"));
    QCOMPARE(response->body, QByteArray("data: {\"i\":0}\n\ndata: {\"i\":1}\n\ndata: {\"i\":2}\n\n"));
    QVERIFY(client.waitForClosed(2000));
}

void TestHttpFrontend::clientLeavesBeforeAsyncResponse()
{
    {
        RawHttpClient client;
        QVERIFY(client.connectTo(m_port));
        QVERIFY(client.send(RawHttpClient::get("/slow?ms=400")));
        QTRY_COMPARE(m_front->inFlightRequests(), 1);
        client.abort();
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_state->disconnectNotices.load(), 1, 3000);
    QTRY_COMPARE(m_front->inFlightRequests(), 0);
    // The handler writes after 400 ms into the void: refused, no crash.
    QTRY_COMPARE_WITH_TIMEOUT(m_state->lateWritesRefused.load(), 1, 3000);
    QCOMPARE(m_state->lateWritesAccepted.load(), 0);
    QCOMPARE(m_state->slowCompleted.load(), 0);

    RawHttpClient next;
    QVERIFY(next.connectTo(m_port));
    QVERIFY(next.send(RawHttpClient::get("/json")));
    auto response = next.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QTRY_COMPARE(m_front->openConnections(), 1);
}

void TestHttpFrontend::clientLeavesMidStream()
{
    {
        RawHttpClient client;
        QVERIFY(client.connectTo(m_port));
        QVERIFY(client.send(RawHttpClient::get("/forever?ms=30")));
        auto partial = client.readResponse(3000, 3);
        QVERIFY(partial);
        QCOMPARE(partial->chunks.size(), 3);
        client.abort();
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_state->disconnectNotices.load(), 1, 3000);
    QTRY_COMPARE(m_state->lateWritesRefused.load(), 1);
    QCOMPARE(m_state->lateWritesAccepted.load(), 0);
    const int written = m_state->eventsWritten.load();
    QTest::qWait(150);
    QCOMPARE(m_state->eventsWritten.load(), written); // the stream stopped
    QTRY_COMPARE(m_front->inFlightRequests(), 0);

    RawHttpClient next;
    QVERIFY(next.connectTo(m_port));
    QVERIFY(next.send(RawHttpClient::get("/sse?n=2&ms=10")));
    auto response = next.readResponse();
    QVERIFY(response);
    QVERIFY(response->complete);
    QCOMPARE(response->chunks.size(), 2);
}

QTEST_GUILESS_MAIN(TestHttpFrontend)
#include "TestHttpFrontend.moc"
