// Size limits, timeouts and Expect: 100-continue of the guarded front (qt64-notes L3, L4, L5), driven over
// loopback with raw sockets so the tests control every byte.
#include "HttpFrontend.h"
#include "RawHttpClient.h"
#include "TestRoutes.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QThread>

#include <memory>

class TestHttpLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void largeContentLengthAnsweredWithoutBody();
    void bodyWithinLimitAccepted();
    void chunkedBodyWithinLimitAccepted();
    void chunkedBodyOverLimit();
    void hugeHeader();
    void tooManyHeaderLines();
    void hundredHeaderLinesAccepted();
    void headersSurviveQHttpServerFieldLimit();
    void expectContinueAnswered();
    void expectContinueOverLimitGets413();
    void malformedRequestsRejected_data();
    void malformedRequestsRejected();
    void idleKeepAliveClosed();
    void requestArrivingAsTheIdleTimeoutFiresIsServed();
    void slowlorisClosed();
    void stalledBodyClosed();

private:
    bool startServer(const HttpServerOptions& options);
    static HttpServerOptions testOptions();
    static QJsonObject errorOf(const RawHttpClient::Response& response)
    {
        return QJsonDocument::fromJson(response.body).object()["error"].toObject();
    }

    std::shared_ptr<TestRouteState> m_state;
    std::unique_ptr<HttpFrontend> m_front;
    quint16 m_port = 0;
};

HttpServerOptions TestHttpLimits::testOptions()
{
    HttpServerOptions options;
    options.workerThreads = 1;
    options.maxBodyBytes = 1024 * 1024;
    options.idleTimeoutMs = 10'000;
    options.readTimeoutMs = 10'000;
    return options;
}

bool TestHttpLimits::startServer(const HttpServerOptions& options)
{
    m_front = std::make_unique<HttpFrontend>(options);
    auto started
        = m_front->start(ListenAddress(QHostAddress(QHostAddress::LocalHost), 0), TestRoutes::factory(m_state));
    if (!started) {
        qWarning() << started.error().message;
        return false;
    }
    m_port = *started;
    return true;
}

void TestHttpLimits::init()
{
    m_state = std::make_shared<TestRouteState>();
    // Tests that need other timeouts restart the server.
    QVERIFY(startServer(testOptions()));
}

void TestHttpLimits::cleanup()
{
    m_front.reset();
}

void TestHttpLimits::largeContentLengthAnsweredWithoutBody()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    // Only the head: the server must answer without waiting for (or buffering) 100 MB.
    QVERIFY(client.send("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        "Content-Length: 104857600\r\n\r\n"));
    auto response = client.readResponse(2000);
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QCOMPARE(response->statusLine, QByteArray("HTTP/1.1 413 Payload Too Large"));
    QCOMPARE(response->headers.value("connection"), QByteArray("close"));
    QCOMPARE(response->headers.value("content-type"), QByteArray("application/json"));
    const QJsonObject error = errorOf(*response);
    QCOMPARE(error["type"].toString(), QStringLiteral("invalid_request_error"));
    QCOMPARE(error["code"].toString(), QStringLiteral("payload_too_large"));
    QVERIFY(error["param"].isNull());
    QVERIFY(error["message"].toString().contains(QStringLiteral("104857600")));
    QVERIFY(client.waitForClosed(2000));
    QCOMPARE(m_front->requestsDispatched(), quint64(0));
    QCOMPARE(m_front->requestsRejected(), quint64(1));
}

void TestHttpLimits::bodyWithinLimitAccepted()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    const QByteArray body(900 * 1024, 'x');
    QVERIFY(client.send(RawHttpClient::post("/upload", body)));
    auto response = client.readResponse(5000);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(QJsonDocument::fromJson(response->body).object()["bytes"].toInt(), body.size());
}

void TestHttpLimits::chunkedBodyWithinLimitAccepted()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.send("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n"));
    auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(QJsonDocument::fromJson(response->body).object()["body"].toString(), QStringLiteral("hello world"));
    // Keep-alive after a chunked request.
    QVERIFY(client.send(RawHttpClient::get("/json")));
    response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
}

void TestHttpLimits::chunkedBodyOverLimit()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.send("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"));
    const QByteArray payload(64 * 1024, 'y');
    const QByteArray chunk = QByteArray::number(payload.size(), 16) + "\r\n" + payload + "\r\n";
    int sent = 0;
    for (; sent < 40; ++sent) { // 2.5 MiB if the server never objected
        if (!client.sendMore(chunk))
            break;
        client.socket().waitForReadyRead(10); // the answer comes while we are still sending
        if (client.socket().bytesAvailable() > 0)
            break;
    }
    auto response = client.readResponse(3000);
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QCOMPARE(errorOf(*response)["code"].toString(), QStringLiteral("payload_too_large"));
    QVERIFY2(sent <= 20, qPrintable(QString::number(sent)));
    QVERIFY(client.waitForClosed(3000));
    QCOMPARE(m_front->requestsDispatched(), quint64(0));
}

void TestHttpLimits::hugeHeader()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.send(RawHttpClient::get("/json", "X-Big: " + QByteArray(20'000, 'a') + "\r\n")));
    auto response = client.readResponse(3000);
    QVERIFY(response);
    QCOMPARE(response->status, 431);
    QCOMPARE(response->statusLine, QByteArray("HTTP/1.1 431 Request Header Fields Too Large"));
    const QJsonObject error = errorOf(*response);
    QCOMPARE(error["type"].toString(), QStringLiteral("invalid_request_error"));
    QCOMPARE(error["code"].toString(), QStringLiteral("request_header_fields_too_large"));
    QVERIFY(client.waitForClosed(2000));
}

void TestHttpLimits::tooManyHeaderLines()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QByteArray headers;
    for (int i = 0; i < 100; ++i)
        headers += "X-H" + QByteArray::number(i) + ": v\r\n";
    // Host + 100 = 101 header lines; QHttpServer alone would drop every header and answer 200 (L5).
    QVERIFY(client.send(RawHttpClient::get("/json", headers)));
    auto response = client.readResponse(3000);
    QVERIFY(response);
    QCOMPARE(response->status, 431);
    QCOMPARE(errorOf(*response)["code"].toString(), QStringLiteral("request_header_fields_too_large"));
    QVERIFY(client.waitForClosed(2000));
}

void TestHttpLimits::hundredHeaderLinesAccepted()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QByteArray headers;
    for (int i = 0; i < 98; ++i)
        headers += "X-H" + QByteArray::number(i) + ": v\r\n";
    headers += "X-Custom-Header: kept\r\n"; // Host + 98 + this = 100
    QVERIFY(client.send(RawHttpClient::get("/echo", headers)));
    auto response = client.readResponse(3000);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(QJsonDocument::fromJson(response->body).object()["custom"].toString(), QStringLiteral("kept"));
}

void TestHttpLimits::headersSurviveQHttpServerFieldLimit()
{
    // With a raised line limit QHttpServer drops every header (qt64-notes L5); handlers still get them,
    // from the guard's own parse.
    HttpServerOptions options = testOptions();
    options.maxHeaderLines = 200;
    QVERIFY(startServer(options));
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QByteArray headers;
    for (int i = 0; i < 149; ++i)
        headers += "X-H" + QByteArray::number(i) + ": v\r\n";
    headers += "X-Custom-Header: still-here\r\n";
    QVERIFY(client.send(RawHttpClient::get("/echo", headers)));
    auto response = client.readResponse(3000);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(QJsonDocument::fromJson(response->body).object()["custom"].toString(), QStringLiteral("still-here"));
}

void TestHttpLimits::expectContinueAnswered()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.send("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
                        "Expect: 100-continue\r\n\r\n"));
    auto interim = client.readResponse(1000); // curl waits 1 s before sending anyway
    QVERIFY(interim);
    QCOMPARE(interim->status, 100);
    QCOMPARE(interim->statusLine, QByteArray("HTTP/1.1 100 Continue"));
    QVERIFY(client.sendMore("hello"));
    auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(QJsonDocument::fromJson(response->body).object()["body"].toString(), QStringLiteral("hello"));
}

void TestHttpLimits::expectContinueOverLimitGets413()
{
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.send("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000000\r\n"
                        "Expect: 100-continue\r\n\r\n"));
    auto response = client.readResponse(2000);
    QVERIFY(response);
    QCOMPARE(response->status, 413); // and no 100 before it
    QVERIFY(client.waitForClosed(2000));
}

void TestHttpLimits::malformedRequestsRejected_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::newRow("garbage request line") << QByteArray("HELLO\r\n\r\n") << 400;
    QTest::newRow("HTTP/2.0") << QByteArray("GET /json HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
    QTest::newRow("no Host in 1.1") << QByteArray("GET /json HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("obs-fold") << QByteArray("GET /json HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  continued\r\n\r\n") << 400;
    QTest::newRow("CL and TE") << QByteArray("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                                             "Transfer-Encoding: chunked\r\n\r\n")
                               << 400;
    QTest::newRow("conflicting CL") << QByteArray("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                                                  "Content-Length: 4\r\n\r\nabcd")
                                    << 400;
    QTest::newRow("TE gzip") << QByteArray("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n")
                             << 501;
    QTest::newRow("bad chunk size") << QByteArray("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                                  "\r\nzz\r\n")
                                    << 400;
    QTest::newRow("trailers") << QByteArray("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                            "1\r\na\r\n0\r\nX-Trailer: 1\r\n\r\n")
                              << 400;
    QTest::newRow("Expect other") << QByteArray("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
                                                "Expect: something\r\n\r\n")
                                  << 417;
    QTest::newRow("long request line") << ("GET /" + QByteArray(20'000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n") << 414;
}

void TestHttpLimits::malformedRequestsRejected()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.send(request));
    auto response = client.readResponse(3000);
    QVERIFY(response);
    QCOMPARE(response->status, status);
    QCOMPARE(errorOf(*response)["type"].toString(), QStringLiteral("invalid_request_error"));
    QVERIFY(client.waitForClosed(2000));
    QCOMPARE(m_front->requestsDispatched(), quint64(0));
}

void TestHttpLimits::idleKeepAliveClosed()
{
    HttpServerOptions options = testOptions();
    options.idleTimeoutMs = 400;
    QVERIFY(startServer(options));
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.send(RawHttpClient::get("/json")));
    auto response = client.readResponse();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const qint64 answeredAt = client.elapsedMs();
    QVERIFY(client.waitForClosed(3000));
    const qint64 idle = client.elapsedMs() - answeredAt;
    QVERIFY2(idle >= 300 && idle < 2000, qPrintable(QString::number(idle)));
    QTRY_COMPARE(m_front->openConnections(), 0);
}

void TestHttpLimits::requestArrivingAsTheIdleTimeoutFiresIsServed()
{
    // B's idle timeout falls due while the only worker is blocked by A's request. B sends a request during
    // the block: when the worker wakes, B's timer fires in the same round as A's handler, before B's
    // request has been read. The request must be served, not lost with a closed connection.
    HttpServerOptions options = testOptions();
    options.idleTimeoutMs = 300;
    QVERIFY(startServer(options));
    RawHttpClient b;
    QVERIFY(b.connectTo(m_port));
    QVERIFY(b.send(RawHttpClient::get("/json")));
    auto first = b.readResponse();
    QVERIFY(first);
    QCOMPARE(first->status, 200);
    RawHttpClient a;
    QVERIFY(a.connectTo(m_port));
    QVERIFY(a.send(RawHttpClient::get("/busy?ms=900")));
    QThread::msleep(150); // A's handler is running; B's idle timer (300 ms) falls due inside the block
    QVERIFY(b.send(RawHttpClient::get("/json")));
    auto second = b.readResponse(5000);
    QVERIFY2(second, "the request sent as the idle timeout fell due got no answer");
    QCOMPARE(second->status, 200);
    auto blocked = a.readResponse(5000);
    QVERIFY(blocked);
    QCOMPARE(blocked->status, 200);
}

void TestHttpLimits::slowlorisClosed()
{
    HttpServerOptions options = testOptions();
    options.readTimeoutMs = 600;
    QVERIFY(startServer(options));
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.send("GET /json HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    // Keep trickling header lines: activity must not extend the header deadline.
    int lines = 0;
    while (client.socket().state() == QAbstractSocket::ConnectedState && client.elapsedMs() < 3000) {
        client.sendMore("X-Slow-" + QByteArray::number(lines++) + ": 1\r\n");
        client.socket().waitForReadyRead(100);
    }
    const qint64 closedAfter = client.elapsedMs();
    QCOMPARE(client.socket().state(), QAbstractSocket::UnconnectedState);
    // Without the header deadline the trickle keeps it open for the whole 3 s.
    QVERIFY2(closedAfter >= 500 && closedAfter < 2500, qPrintable(QString::number(closedAfter)));
    QVERIFY(lines >= 4);
    QCOMPARE(m_front->requestsDispatched(), quint64(0));
}

void TestHttpLimits::stalledBodyClosed()
{
    HttpServerOptions options = testOptions();
    options.readTimeoutMs = 500;
    QVERIFY(startServer(options));
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    // Content-Length larger than what is sent: QHttpServer alone waits forever (qt64-notes §1.3).
    QVERIFY(client.send("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n0123456789"));
    QVERIFY(client.waitForClosed(3000));
    QVERIFY2(client.elapsedMs() >= 400, qPrintable(QString::number(client.elapsedMs())));
    QCOMPARE(m_front->requestsDispatched(), quint64(0));
}

QTEST_GUILESS_MAIN(TestHttpLimits)
#include "TestHttpLimits.moc"
