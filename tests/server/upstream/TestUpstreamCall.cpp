#include "CallRecorder.h"
#include "CurlMulti.h"
#include "EventPump.h"
#include "FakeUpstreamServer.h"
#include "Http1Pool.h"
#include "UpstreamCall.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtTest>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>

Q_DECLARE_METATYPE(UpstreamRequestSpec::Client)

using Outcome = UpstreamResult::Outcome;
using TimeoutKind = UpstreamResult::TimeoutKind;

namespace {

/** The client of the current round: every case runs once through each (see initTestCase_data). */
UpstreamRequestSpec::Client g_client = UpstreamRequestSpec::Client::Automatic;

UpstreamRequestSpec getSpec(const QUrl& url)
{
    UpstreamRequestSpec spec;
    spec.client = g_client;
    spec.url = url;
    spec.timeouts.connectMs = 2000;
    spec.timeouts.firstByteMs = 5000;
    spec.timeouts.idleMs = 5000;
    spec.timeouts.totalMs = 10000;
    return spec;
}

} // namespace

class TestUpstreamCall : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void plainJsonResponse();
    void errorStatusIsStillCompleted();
    void interimContinueIsSkipped();
    void sseEventsAreDeliveredAsTheyArrive();
    void idleTimerAllowsSteadyStream();
    void connectionRefused();
    void connectTimeout();
    void resetBeforeHeaders();
    void closedWithoutResponse();
    void streamCutMidBody();
    void firstByteTimeout();
    void idleTimeout();
    void totalTimeout();
    void abortMidStream();
    void abortFromDataReceived();
    void abortFromDataReceivedThenDeleteInFinished();
    void abortFromHeadersReceived();
    void deleteFromDataReceived();
    void deleteInFinishedAfterCompletion();
    void deleteRunningCall();
    void bodyCapExceededByContentLength();
    void bodyCapExceededByStream();
    void startFromInsideDataReceived();
    void invalidUrlFinishesFromEventLoop();
    void aReusedHandleCarriesNothingOver();
    void eachCallUsesItsOwnUrl();
    void aConnectionClosedWhileIdleIsNotUsed();
    void aDeadKeptAliveConnectionIsResentOnce();
    void connectionCloseIsHonoured();
    void bodyUntilCloseCompletes();
    void hostNamesAreResolved();
    void largeBodiesArriveWhole();

private:
    /** Exchanges still holding a libcurl transfer or a built-in connection. */
    int busyExchanges() const { return m_multi->activeTransfers() + m_multi->http1Pool()->busyConnections(); }

    std::unique_ptr<CurlMulti> m_multi;
    std::unique_ptr<FakeUpstreamServer> m_server;
};

void TestUpstreamCall::initTestCase_data()
{
    QTest::addColumn<UpstreamRequestSpec::Client>("client");
    QTest::newRow("built-in") << UpstreamRequestSpec::Client::Automatic;
    QTest::newRow("libcurl") << UpstreamRequestSpec::Client::Libcurl;
}

void TestUpstreamCall::init()
{
    QFETCH_GLOBAL(UpstreamRequestSpec::Client, client);
    g_client = client;
    m_multi = std::make_unique<CurlMulti>();
    QVERIFY(m_multi->isValid());
    m_server = std::make_unique<FakeUpstreamServer>();
    QVERIFY(m_server->listen());
}

void TestUpstreamCall::cleanup()
{
    m_multi.reset();
    m_server.reset();
}

void TestUpstreamCall::plainJsonResponse()
{
    const QByteArray json = R"({"id":"chatcmpl-1","object":"chat.completion","choices":[]})";
    m_server->setHandler([&](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        FakeUpstreamServer::send(
            socket, FakeUpstreamServer::response(200, "application/json", json, {{"x-request-id", "req-42"}}));
    });

    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    UpstreamRequestSpec spec = getSpec(m_server->url(QStringLiteral("/v1/chat/completions")));
    spec.method = "POST";
    spec.body = R"({"model":"gpt-x","messages":[]})";
    spec.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer sk-test"}, {"X-Empty", ""}};
    spec.bufferBody = true;
    call.start(spec);
    QCOMPARE(rec.finishedCount, 0); // never from inside start()
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);

    QCOMPARE(rec.finishedCount, 1);
    QVERIFY(rec.orderOk);
    QCOMPARE(rec.result.outcome, Outcome::Completed);
    QCOMPARE(rec.result.httpStatus, 200);
    QCOMPARE(rec.headersCount, 1);
    QCOMPARE(rec.status, 200);
    QCOMPARE(rec.header("content-type"), QByteArray("application/json"));
    QCOMPARE(rec.header("X-Request-Id"), QByteArray("req-42"));
    QCOMPARE(rec.body(), json);
    QCOMPARE(rec.result.body, json);
    QCOMPARE(rec.result.bodyBytes, json.size());
    QVERIFY(rec.result.anyBodyBytes);
    QCOMPARE(rec.result.httpVersion, 11);
    QVERIFY(!rec.result.connectionReused);
    QVERIFY(rec.result.connectMs >= 0);
    QVERIFY(rec.result.ttfbMs >= 0);
    QVERIFY(rec.result.totalMs >= rec.result.ttfbMs);
    QCOMPARE(call.state(), UpstreamCall::State::Finished);

    QCOMPARE(m_server->requestCount(), 1);
    const FakeUpstreamServer::Request& request = m_server->requests().first();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.target, QByteArray("/v1/chat/completions"));
    QCOMPARE(request.body, spec.body);
    QCOMPARE(request.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(request.header("Authorization"), QByteArray("Bearer sk-test"));
    QVERIFY(!request.header("X-Empty").isNull());
    QVERIFY(request.header("Expect").isNull());
    QCOMPARE(request.header("Content-Length"), QByteArray::number(spec.body.size()));
}

void TestUpstreamCall::errorStatusIsStillCompleted()
{
    m_server->setHandler([](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        FakeUpstreamServer::send(socket,
                                 FakeUpstreamServer::response(429, "application/json",
                                                              R"({"error":{"type":"rate_limit"}})",
                                                              {{"Retry-After", "7"}}));
    });
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    call.start(getSpec(m_server->url()));
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
    QCOMPARE(rec.result.outcome, Outcome::Completed);
    QCOMPARE(rec.result.httpStatus, 429);
    QCOMPARE(rec.header("retry-after"), QByteArray("7"));
    QVERIFY(rec.body().contains("rate_limit"));
}

void TestUpstreamCall::interimContinueIsSkipped()
{
    m_server->setHandler([](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        FakeUpstreamServer::send(socket,
                                 "HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n"
                                     + FakeUpstreamServer::response(201, "text/plain", "made"));
    });
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    UpstreamRequestSpec spec = getSpec(m_server->url());
    spec.method = "PUT";
    spec.body = "x";
    call.start(spec);
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
    QCOMPARE(rec.result.outcome, Outcome::Completed);
    QCOMPARE(rec.headersCount, 1);
    QCOMPARE(rec.status, 201);
    QVERIFY(rec.header("X-Interim").isNull());
    QCOMPARE(rec.body(), QByteArray("made"));
    QCOMPARE(m_server->requests().first().method, QByteArray("PUT"));
}

void TestUpstreamCall::sseEventsAreDeliveredAsTheyArrive()
{
    // The server writes one event every 80 ms. When the client sees event n, the server must not have
    // written event n+1 yet: the client delivers as bytes arrive instead of buffering.
    std::unique_ptr<EventPump> pump;
    m_server->setHandler([&](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        pump = std::make_unique<EventPump>(socket, 5, 80);
    });
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    QByteArray pending;
    QList<QByteArray> events;
    QList<int> sentWhenSeen;
    rec.onData = [&](const QByteArray& chunk) {
        pending += chunk;
        qsizetype end;
        while ((end = pending.indexOf("\n\n")) >= 0) {
            events.append(pending.left(end));
            sentWhenSeen.append(pump ? pump->sent : -1);
            pending.remove(0, end + 2);
        }
    };
    UpstreamRequestSpec spec = getSpec(m_server->url(QStringLiteral("/v1/chat/completions")));
    spec.method = "POST";
    spec.body = R"({"stream":true})";
    call.start(spec);
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);

    QCOMPARE(rec.result.outcome, Outcome::Completed);
    QCOMPARE(rec.header("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(events.size(), 5);
    for (int i = 0; i < events.size(); ++i) {
        QCOMPARE(events.at(i), "data: {\"n\":" + QByteArray::number(i + 1) + "}");
        QCOMPARE(sentWhenSeen.at(i), i + 1);
    }
    QVERIFY(rec.orderOk);
    QVERIFY(pending.isEmpty());
}

void TestUpstreamCall::idleTimerAllowsSteadyStream()
{
    // 8 events 100 ms apart take ~800 ms in total; a 300 ms idle limit must not fire.
    std::unique_ptr<EventPump> pump;
    m_server->setHandler([&](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        pump = std::make_unique<EventPump>(socket, 8, 100);
    });
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    UpstreamRequestSpec spec = getSpec(m_server->url());
    spec.timeouts.idleMs = 300;
    call.start(spec);
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
    QCOMPARE(rec.result.outcome, Outcome::Completed);
    QCOMPARE(rec.body().count("data: "), 8);
    QVERIFY(rec.result.totalMs >= 700);
}

void TestUpstreamCall::connectionRefused()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    call.start(getSpec(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port))));
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
    QCOMPARE(rec.result.outcome, Outcome::ConnectFailed);
    QCOMPARE(rec.result.httpStatus, 0);
    QCOMPARE(rec.headersCount, 0);
    QVERIFY(!rec.result.errorText.isEmpty());
}

void TestUpstreamCall::connectTimeout()
{
    // A listener with a zero backlog and one unaccepted connection: further SYNs are dropped, so the
    // connect hangs until the connect timeout.
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(listener >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    QCOMPARE(::listen(listener, 0), 0);
    socklen_t length = sizeof address;
    QCOMPARE(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
    const quint16 port = ntohs(address.sin_port);
    QTcpSocket filler;
    filler.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(filler.waitForConnected(2000));

    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    UpstreamRequestSpec spec = getSpec(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)));
    spec.timeouts.connectMs = 300;
    call.start(spec);
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
    ::close(listener);

    QCOMPARE(rec.result.outcome, Outcome::Timeout);
    QCOMPARE(rec.result.timeout, TimeoutKind::Connect);
    QVERIFY2(rec.finishedAtMs >= 250 && rec.finishedAtMs < 3000, qPrintable(QString::number(rec.finishedAtMs)));
}

void TestUpstreamCall::resetBeforeHeaders()
{
    m_server->setHandler(
        [](QTcpSocket* socket, const FakeUpstreamServer::Request&) { FakeUpstreamServer::reset(socket); });
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    call.start(getSpec(m_server->url()));
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
    QCOMPARE(rec.result.outcome, Outcome::ConnectionReset);
    QCOMPARE(rec.result.httpStatus, 0);
    QVERIFY(!rec.result.anyBodyBytes);
    QCOMPARE(rec.headersCount, 0);
}

void TestUpstreamCall::closedWithoutResponse()
{
    m_server->setHandler([](QTcpSocket* socket, const FakeUpstreamServer::Request&) { socket->disconnectFromHost(); });
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    call.start(getSpec(m_server->url()));
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
    QCOMPARE(rec.result.outcome, Outcome::ConnectionReset);
    QCOMPARE(rec.result.httpStatus, 0);
}

void TestUpstreamCall::streamCutMidBody()
{
    m_server->setHandler([](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        FakeUpstreamServer::send(socket,
                                 FakeUpstreamServer::chunkedHead() + FakeUpstreamServer::chunk("data: {\"n\":1}\n\n"));
        QTimer::singleShot(50, socket, [socket] { FakeUpstreamServer::reset(socket); });
    });
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    call.start(getSpec(m_server->url()));
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
    QCOMPARE(rec.result.outcome, Outcome::ConnectionReset);
    QCOMPARE(rec.result.httpStatus, 200);
    QVERIFY(rec.result.anyBodyBytes);
    QCOMPARE(rec.body(), QByteArray("data: {\"n\":1}\n\n"));
}

void TestUpstreamCall::firstByteTimeout()
{
    // Accepts and reads the request, never answers.
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    UpstreamRequestSpec spec = getSpec(m_server->url());
    spec.timeouts.firstByteMs = 300;
    call.start(spec);
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
    QCOMPARE(rec.result.outcome, Outcome::Timeout);
    QCOMPARE(rec.result.timeout, TimeoutKind::FirstByte);
    QCOMPARE(rec.result.httpStatus, 0);
    QVERIFY2(rec.finishedAtMs >= 250 && rec.finishedAtMs < 3000, qPrintable(QString::number(rec.finishedAtMs)));
    QCOMPARE(m_server->requestCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->closedConnections(), 1, 2000); // the upstream sees us go
}

void TestUpstreamCall::idleTimeout()
{
    m_server->setHandler([](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        FakeUpstreamServer::send(socket,
                                 FakeUpstreamServer::chunkedHead() + FakeUpstreamServer::chunk("data: {\"n\":1}\n\n"));
    });
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    UpstreamRequestSpec spec = getSpec(m_server->url());
    spec.timeouts.idleMs = 300;
    call.start(spec);
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
    QCOMPARE(rec.result.outcome, Outcome::Timeout);
    QCOMPARE(rec.result.timeout, TimeoutKind::Idle);
    QCOMPARE(rec.headersCount, 1);
    QCOMPARE(rec.result.httpStatus, 200);
    QVERIFY(rec.result.anyBodyBytes);
    QCOMPARE(rec.chunks.size(), 1);
    const qint64 gap = rec.finishedAtMs - rec.chunkTimesMs.first();
    QVERIFY2(gap >= 250 && gap < 3000, qPrintable(QString::number(gap)));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->closedConnections(), 1, 2000);
}

void TestUpstreamCall::totalTimeout()
{
    // A stream that never ends but never stalls either.
    std::unique_ptr<EventPump> pump;
    m_server->setHandler([&](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        pump = std::make_unique<EventPump>(socket, -1, 50);
    });
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    UpstreamRequestSpec spec = getSpec(m_server->url());
    spec.timeouts.idleMs = 0;
    spec.timeouts.totalMs = 400;
    call.start(spec);
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
    QCOMPARE(rec.result.outcome, Outcome::Timeout);
    QCOMPARE(rec.result.timeout, TimeoutKind::Total);
    QCOMPARE(rec.result.httpStatus, 200);
    QVERIFY(rec.chunks.size() >= 3);
    QVERIFY2(rec.finishedAtMs >= 350 && rec.finishedAtMs < 3000, qPrintable(QString::number(rec.finishedAtMs)));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->closedConnections(), 1, 2000);
}

void TestUpstreamCall::abortMidStream()
{
    std::unique_ptr<EventPump> pump;
    m_server->setHandler([&](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        pump = std::make_unique<EventPump>(socket, -1, 30);
    });
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    call.start(getSpec(m_server->url()));
    QTRY_VERIFY_WITH_TIMEOUT(rec.chunks.size() >= 2, 5000);
    QCOMPARE(rec.finishedCount, 0);

    call.abort();
    QCOMPARE(rec.finishedCount, 1); // synchronously
    QCOMPARE(rec.result.outcome, Outcome::Cancelled);
    QCOMPARE(rec.result.httpStatus, 200);
    QVERIFY(rec.result.anyBodyBytes);
    const qsizetype chunksAtAbort = rec.chunks.size();
    call.abort(); // no second finished
    QCOMPARE(rec.finishedCount, 1);

    QTRY_COMPARE_WITH_TIMEOUT(m_server->closedConnections(), 1, 2000);
    QTRY_VERIFY_WITH_TIMEOUT(pump->sawClose, 2000); // and stops generating
    QCOMPARE(rec.chunks.size(), chunksAtAbort);
    QCOMPARE(rec.finishedCount, 1);
}

void TestUpstreamCall::abortFromDataReceived()
{
    std::unique_ptr<EventPump> pump;
    m_server->setHandler([&](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        pump = std::make_unique<EventPump>(socket, -1, 30);
    });
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    int finishedInsideAbort = -1;
    rec.onData = [&](const QByteArray&) {
        call.abort();
        finishedInsideAbort = rec.finishedCount;
    };
    call.start(getSpec(m_server->url()));
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
    QCOMPARE(finishedInsideAbort, 1);
    QCOMPARE(rec.result.outcome, Outcome::Cancelled);
    QCOMPARE(rec.chunks.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->closedConnections(), 1, 2000);
    QTRY_VERIFY_WITH_TIMEOUT(pump->sawClose, 2000);
    QCOMPARE(rec.chunks.size(), 1);
    QCOMPARE(rec.finishedCount, 1);
    QCOMPARE(busyExchanges(), 0);
}

void TestUpstreamCall::abortFromDataReceivedThenDeleteInFinished()
{
    // The harshest re-entrancy: dataReceived -> abort() -> finished -> delete, all inside the libcurl
    // write callback. Run under ASan/valgrind to see it is clean.
    std::unique_ptr<EventPump> pump;
    m_server->setHandler([&](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        pump = std::make_unique<EventPump>(socket, -1, 30);
    });
    auto* call = new UpstreamCall(m_multi.get());
    QPointer<UpstreamCall> guard(call);
    int data = 0;
    int finished = 0;
    Outcome outcome = Outcome::Completed;
    connect(call, &UpstreamCall::dataReceived, call, [&, call] {
        ++data;
        call->abort();
    });
    connect(call, &UpstreamCall::finished, call, [&, call](const UpstreamResult& result) {
        ++finished;
        outcome = result.outcome;
        delete call;
    });
    call->start(getSpec(m_server->url()));
    QTRY_VERIFY_WITH_TIMEOUT(guard.isNull(), 5000);
    QCOMPARE(data, 1);
    QCOMPARE(finished, 1);
    QCOMPARE(outcome, Outcome::Cancelled);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->closedConnections(), 1, 2000);
    QCOMPARE(busyExchanges(), 0);
}

void TestUpstreamCall::abortFromHeadersReceived()
{
    std::unique_ptr<EventPump> pump;
    m_server->setHandler([&](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        pump = std::make_unique<EventPump>(socket, -1, 30);
    });
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    connect(&call, &UpstreamCall::headersReceived, &call, [&call] { call.abort(); });
    call.start(getSpec(m_server->url()));
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
    QCOMPARE(rec.result.outcome, Outcome::Cancelled);
    QCOMPARE(rec.result.httpStatus, 200);
    QCOMPARE(rec.headersCount, 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->closedConnections(), 1, 2000);
    QVERIFY(rec.chunks.isEmpty());
    QCOMPARE(rec.finishedCount, 1);
}

void TestUpstreamCall::deleteFromDataReceived()
{
    // Deleting the call inside its own dataReceived (inside the libcurl write callback) cancels it
    // without finished(); the transfer is removed once libcurl has returned.
    std::unique_ptr<EventPump> pump;
    m_server->setHandler([&](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        pump = std::make_unique<EventPump>(socket, -1, 30);
    });
    auto* call = new UpstreamCall(m_multi.get());
    QPointer<UpstreamCall> guard(call);
    int data = 0;
    int finished = 0;
    connect(call, &UpstreamCall::dataReceived, call, [&data, call] {
        ++data;
        delete call;
    });
    connect(call, &UpstreamCall::finished, call, [&finished] { ++finished; });
    call->start(getSpec(m_server->url()));
    QTRY_VERIFY_WITH_TIMEOUT(guard.isNull(), 5000);
    QCOMPARE(data, 1);
    QCOMPARE(finished, 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->closedConnections(), 1, 2000);
    QCOMPARE(busyExchanges(), 0);
}

void TestUpstreamCall::deleteInFinishedAfterCompletion()
{
    m_server->setHandler([](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        FakeUpstreamServer::send(socket, FakeUpstreamServer::response(200, "application/json", "{}"));
    });
    for (int i = 0; i < 3; ++i) {
        auto* call = new UpstreamCall(m_multi.get());
        QPointer<UpstreamCall> guard(call);
        Outcome outcome = Outcome::ProtocolError;
        connect(call, &UpstreamCall::finished, call, [&outcome, call](const UpstreamResult& result) {
            outcome = result.outcome;
            delete call;
        });
        call->start(getSpec(m_server->url()));
        QTRY_VERIFY_WITH_TIMEOUT(guard.isNull(), 5000);
        QCOMPARE(outcome, Outcome::Completed);
    }
    QCOMPARE(m_server->acceptedConnections(), 1); // and the connection survived for reuse
    QCOMPARE(busyExchanges(), 0);
}

void TestUpstreamCall::deleteRunningCall()
{
    std::unique_ptr<EventPump> pump;
    m_server->setHandler([&](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        pump = std::make_unique<EventPump>(socket, -1, 30);
    });
    auto call = std::make_unique<UpstreamCall>(m_multi.get());
    CallRecorder rec(call.get());
    call->start(getSpec(m_server->url()));
    QTRY_VERIFY_WITH_TIMEOUT(rec.chunks.size() >= 1, 5000);
    call.reset();
    QCOMPARE(rec.finishedCount, 0);
    QCOMPARE(busyExchanges(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->closedConnections(), 1, 2000);
}

void TestUpstreamCall::bodyCapExceededByContentLength()
{
    const QByteArray big(100 * 1024, 'x');
    m_server->setHandler([&](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        FakeUpstreamServer::send(socket, FakeUpstreamServer::response(200, "application/json", big));
    });
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    UpstreamRequestSpec spec = getSpec(m_server->url());
    spec.bufferBody = true;
    spec.maxResponseBytes = 10 * 1024;
    call.start(spec);
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
    QCOMPARE(rec.result.outcome, Outcome::ProtocolError);
    QVERIFY2(rec.result.errorText.contains(QStringLiteral("cap")), qPrintable(rec.result.errorText));
    QVERIFY(!rec.result.anyBodyBytes); // refused on the announced length, before any byte
    QVERIFY(rec.result.body.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->closedConnections(), 1, 2000);
}

void TestUpstreamCall::bodyCapExceededByStream()
{
    // Chunked, so no length up front: the cap trips on the bytes themselves.
    m_server->setHandler([](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        QByteArray bytes = FakeUpstreamServer::chunkedHead(200, "application/json");
        for (int i = 0; i < 10; ++i) {
            bytes += FakeUpstreamServer::chunk(QByteArray(4096, 'y'));
        }
        FakeUpstreamServer::send(socket, bytes + FakeUpstreamServer::lastChunk());
    });
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    UpstreamRequestSpec spec = getSpec(m_server->url());
    spec.bufferBody = true;
    spec.maxResponseBytes = 10 * 1024;
    call.start(spec);
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
    QCOMPARE(rec.result.outcome, Outcome::ProtocolError);
    QVERIFY(rec.result.bodyBytes <= spec.maxResponseBytes);
    QVERIFY(rec.result.body.size() <= spec.maxResponseBytes);
    QVERIFY(rec.body().size() <= spec.maxResponseBytes);
    QCOMPARE(rec.finishedCount, 1);
}

void TestUpstreamCall::startFromInsideDataReceived()
{
    // Starting a call from inside a libcurl callback defers the add until libcurl returns.
    std::unique_ptr<EventPump> pump;
    m_server->setHandler([&](QTcpSocket* socket, const FakeUpstreamServer::Request& request) {
        if (request.target == "/stream") {
            pump = std::make_unique<EventPump>(socket, 3, 30);
        } else {
            FakeUpstreamServer::send(socket, FakeUpstreamServer::response(200, "text/plain", "second"));
        }
    });
    UpstreamCall first(m_multi.get());
    UpstreamCall second(m_multi.get());
    CallRecorder firstRec(&first);
    CallRecorder secondRec(&second);
    firstRec.onData = [&](const QByteArray&) {
        if (second.state() == UpstreamCall::State::Idle) {
            second.start(getSpec(m_server->url(QStringLiteral("/other"))));
        }
    };
    first.start(getSpec(m_server->url(QStringLiteral("/stream"))));
    QTRY_VERIFY_WITH_TIMEOUT(firstRec.done() && secondRec.done(), 5000);
    QCOMPARE(firstRec.result.outcome, Outcome::Completed);
    QCOMPARE(secondRec.result.outcome, Outcome::Completed);
    QCOMPARE(secondRec.body(), QByteArray("second"));
    QCOMPARE(firstRec.body().count("data: "), 3);
}

void TestUpstreamCall::invalidUrlFinishesFromEventLoop()
{
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    call.start(getSpec(QUrl(QStringLiteral("ftp://127.0.0.1/file"))));
    QCOMPARE(rec.finishedCount, 0);
    QCOMPARE(call.state(), UpstreamCall::State::Running);
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 2000);
    QCOMPARE(rec.result.outcome, Outcome::ProtocolError);
    QCOMPARE(rec.finishedCount, 1);

    UpstreamCall badHeader(m_multi.get());
    CallRecorder badRec(&badHeader);
    UpstreamRequestSpec spec = getSpec(m_server->url());
    spec.headers = {{"X-Injected", "a\r\nEvil: 1"}};
    badHeader.start(spec);
    QTRY_VERIFY_WITH_TIMEOUT(badRec.done(), 2000);
    QCOMPARE(badRec.result.outcome, Outcome::ProtocolError);
    QCOMPARE(m_server->requestCount(), 0);
}

void TestUpstreamCall::aReusedHandleCarriesNothingOver()
{
    // libcurl: a finished transfer's easy handle is reset and used by the next one. Built-in client: the
    // kept-alive connection carries the next exchange. Either way no part of one request may reach the next
    // (method, body, headers), and a HEAD answer's Content-Length must not swallow the next answer.
    m_server->setHandler([](QTcpSocket* socket, const FakeUpstreamServer::Request& request) {
        const QByteArray body = "body of " + request.target;
        if (request.method == "HEAD") {
            FakeUpstreamServer::send(socket,
                                     "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                                         + QByteArray::number(body.size()) + "\r\n\r\n");
            return;
        }
        FakeUpstreamServer::send(socket, FakeUpstreamServer::response(200, "text/plain", body));
    });
    const bool builtIn = g_client == UpstreamRequestSpec::Client::Automatic;
    const auto kept = [&] { return builtIn ? m_multi->http1Pool()->idleConnections() : m_multi->idleHandles(); };
    QCOMPARE(kept(), 0);
    const auto run = [&](const QByteArray& method, const QString& path, const QByteArray& body,
                         const QList<QPair<QByteArray, QByteArray>>& headers) {
        UpstreamCall call(m_multi.get());
        CallRecorder rec(&call);
        UpstreamRequestSpec spec = getSpec(m_server->url(path));
        spec.method = method;
        spec.body = body;
        spec.headers = headers;
        spec.bufferBody = true;
        call.start(spec);
        if (!QTest::qWaitFor([&] { return rec.done(); }, 5000))
            return QByteArray("(no answer)");
        if (rec.result.outcome != Outcome::Completed)
            return QByteArray(QByteArray("(failed: ") + rec.result.describe().toUtf8() + ")");
        return rec.result.body;
    };
    QCOMPARE(run("HEAD", "/head", {}, {{"X-Only-Head", "1"}}), QByteArray());
    QCOMPARE(kept(), 1);
    QCOMPARE(run("PUT", "/put", "payload", {{"X-Only-Put", "2"}}), QByteArray("body of /put"));
    QCOMPARE(kept(), 1); // the same handle or connection again
    QCOMPARE(run("GET", "/get", {}, {}), QByteArray("body of /get"));
    QCOMPARE(kept(), 1);
    QCOMPARE(m_server->acceptedConnections(), 1);

    QCOMPARE(m_server->requestCount(), 3);
    const FakeUpstreamServer::Request put = m_server->requests().at(1);
    QCOMPARE(put.method, QByteArray("PUT"));
    QCOMPARE(put.body, QByteArray("payload"));
    QVERIFY(put.header("X-Only-Head").isNull());
    QCOMPARE(put.header("X-Only-Put"), QByteArray("2"));
    const FakeUpstreamServer::Request get = m_server->requests().at(2);
    QCOMPARE(get.method, QByteArray("GET"));
    QCOMPARE(get.target, QByteArray("/get"));
    QVERIFY(get.body.isEmpty());
    QVERIFY(get.header("Content-Length").isNull());
    QVERIFY(get.header("X-Only-Put").isNull());
}

void TestUpstreamCall::eachCallUsesItsOwnUrl()
{
    // What a call reads from its URL is cached per thread: alternating URLs, more of them than the cache holds,
    // and an unusable one in between, must each still reach their own target or fail on their own.
    m_server->setHandler([](QTcpSocket* socket, const FakeUpstreamServer::Request& request) {
        FakeUpstreamServer::send(socket, FakeUpstreamServer::response(200, "text/plain", "at " + request.target));
    });
    const auto run = [&](const QUrl& url) {
        UpstreamCall call(m_multi.get());
        CallRecorder rec(&call);
        UpstreamRequestSpec spec = getSpec(url);
        spec.bufferBody = true;
        call.start(spec);
        if (!QTest::qWaitFor([&] { return rec.done(); }, 5000))
            return QByteArray("(no answer)");
        return rec.result.outcome == Outcome::Completed ? rec.result.body : QByteArray("(protocol error)");
    };
    QStringList visited;
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < 10; ++i) {
            const QString path = QStringLiteral("/p%1").arg(i);
            QCOMPARE(run(m_server->url(path)), "at " + path.toUtf8());
            QCOMPARE(run(QUrl(QStringLiteral("ftp://127.0.0.1%1").arg(path))), QByteArray("(protocol error)"));
            QCOMPARE(run(QUrl(QStringLiteral("http://%1").arg(path))), QByteArray("(protocol error)"));
            visited.append(path);
        }
    }
    QCOMPARE(m_server->requestCount(), 20);
    for (int i = 0; i < 20; ++i)
        QCOMPARE(m_server->requests().at(i).target, visited.at(i).toUtf8());
}

namespace {

/** Runs one GET to @p url on @p multi and returns its result (Timeout with "no result" if none came). */
UpstreamResult fetch(CurlMulti* multi, const QUrl& url)
{
    UpstreamCall call(multi);
    CallRecorder rec(&call);
    UpstreamRequestSpec spec = getSpec(url);
    spec.bufferBody = true;
    call.start(spec);
    if (!QTest::qWaitFor([&] { return rec.done(); }, 5000)) {
        UpstreamResult none;
        none.outcome = Outcome::Timeout;
        none.errorText = QStringLiteral("no result");
        return none;
    }
    return rec.result;
}

} // namespace

void TestUpstreamCall::aConnectionClosedWhileIdleIsNotUsed()
{
    // The upstream closes a kept-alive connection after a while (its idle timeout): the next call goes on a new
    // connection and sees nothing of it.
    m_server->setHandler([](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        FakeUpstreamServer::send(socket, FakeUpstreamServer::response(200, "text/plain", "ok"));
        QTimer::singleShot(50, socket, [socket] { socket->disconnectFromHost(); });
    });
    QCOMPARE(fetch(m_multi.get(), m_server->url()).outcome, Outcome::Completed);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->closedConnections(), 1, 5000);
    if (g_client == UpstreamRequestSpec::Client::Automatic)
        QTRY_COMPARE_WITH_TIMEOUT(m_multi->http1Pool()->idleConnections(), 0, 5000); // noticed while idle
    const UpstreamResult second = fetch(m_multi.get(), m_server->url());
    QCOMPARE(second.outcome, Outcome::Completed);
    QVERIFY(!second.connectionReused);
    QCOMPARE(second.body, QByteArray("ok"));
    QCOMPARE(m_server->acceptedConnections(), 2);
    QCOMPARE(m_server->requestCount(), 2);
}

void TestUpstreamCall::aDeadKeptAliveConnectionIsResentOnce()
{
    // The race the idle watch cannot see: the upstream drops a kept-alive connection just as our request goes
    // out on it, before answering. No response byte came, so the request goes once more on a new connection.
    int calls = 0;
    m_server->setHandler([&](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        if (++calls == 2) {
            socket->abort();
            return;
        }
        FakeUpstreamServer::send(socket, FakeUpstreamServer::response(200, "text/plain", "answer"));
    });
    QCOMPARE(fetch(m_multi.get(), m_server->url()).outcome, Outcome::Completed);
    const UpstreamResult second = fetch(m_multi.get(), m_server->url());
    QCOMPARE(second.outcome, Outcome::Completed);
    QCOMPARE(second.body, QByteArray("answer"));
    QCOMPARE(m_server->requestCount(), 3);
    QCOMPARE(m_server->acceptedConnections(), 2);

    // Once only: a fresh connection that fails the same way is a failure.
    m_server->setHandler([](QTcpSocket* socket, const FakeUpstreamServer::Request&) { socket->abort(); });
    const UpstreamResult third = fetch(m_multi.get(), m_server->url());
    QCOMPARE(third.outcome, Outcome::ConnectionReset);
    QCOMPARE(third.httpStatus, 0);
    QVERIFY(m_server->requestCount() <= 5);
    QCOMPARE(busyExchanges(), 0);
}

void TestUpstreamCall::connectionCloseIsHonoured()
{
    m_server->setHandler([](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        FakeUpstreamServer::send(socket,
                                 FakeUpstreamServer::response(200, "text/plain", "bye", {{"Connection", "close"}}));
    });
    QCOMPARE(fetch(m_multi.get(), m_server->url()).outcome, Outcome::Completed);
    if (g_client == UpstreamRequestSpec::Client::Automatic)
        QCOMPARE(m_multi->http1Pool()->idleConnections(), 0);
    const UpstreamResult second = fetch(m_multi.get(), m_server->url());
    QCOMPARE(second.outcome, Outcome::Completed);
    QVERIFY(!second.connectionReused);
    QCOMPARE(m_server->acceptedConnections(), 2);
    QCOMPARE(m_server->requestCount(), 2); // nothing was sent on the closed connection
}

void TestUpstreamCall::bodyUntilCloseCompletes()
{
    // No Content-Length, no chunking: the body ends with the connection (an old-style server).
    m_server->setHandler([](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        FakeUpstreamServer::send(socket, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nfirst part, ");
        QTimer::singleShot(30, socket, [socket] {
            FakeUpstreamServer::send(socket, "second part");
            socket->disconnectFromHost();
        });
    });
    const UpstreamResult result = fetch(m_multi.get(), m_server->url());
    QCOMPARE(result.outcome, Outcome::Completed);
    QCOMPARE(result.body, QByteArray("first part, second part"));
    QCOMPARE(busyExchanges(), 0);
    if (g_client == UpstreamRequestSpec::Client::Automatic)
        QCOMPARE(m_multi->http1Pool()->idleConnections(), 0);
}

void TestUpstreamCall::hostNamesAreResolved()
{
    // "localhost" goes through name resolution (the built-in client: QHostInfo), possibly ::1 first, on which
    // nothing listens: the next address is tried.
    m_server->setHandler([](QTcpSocket* socket, const FakeUpstreamServer::Request& request) {
        FakeUpstreamServer::send(socket, FakeUpstreamServer::response(200, "text/plain", request.header("Host")));
    });
    const QUrl url(QStringLiteral("http://localhost:%1/named").arg(m_server->port()));
    const UpstreamResult result = fetch(m_multi.get(), url);
    QCOMPARE(result.outcome, Outcome::Completed);
    QCOMPARE(result.body, QStringLiteral("localhost:%1").arg(m_server->port()).toUtf8());
    QVERIFY(result.dnsMs >= 0);

    const UpstreamResult unknown = fetch(m_multi.get(), QUrl(QStringLiteral("http://no-such-host.invalid/")));
    QCOMPARE(unknown.outcome, Outcome::ConnectFailed);
    QVERIFY(!unknown.errorText.isEmpty());
}

void TestUpstreamCall::largeBodiesArriveWhole()
{
    // Bodies far larger than one read (16 KiB built-in, libcurl's buffer alike), framed both ways, on one
    // kept-alive connection: every byte in order, and the second response not eaten by the first.
    QByteArray big(3 * 1024 * 1024 + 7, Qt::Uninitialized);
    for (qsizetype i = 0; i < big.size(); ++i)
        big[i] = char('a' + (i * 7919) % 26);
    m_server->setHandler([&](QTcpSocket* socket, const FakeUpstreamServer::Request& request) {
        if (request.target == "/length") {
            FakeUpstreamServer::send(socket, FakeUpstreamServer::response(200, "text/plain", big));
            return;
        }
        QByteArray chunked = FakeUpstreamServer::chunkedHead(200, "text/plain");
        for (qsizetype at = 0; at < big.size(); at += 100'000)
            chunked += FakeUpstreamServer::chunk(big.mid(at, 100'000));
        FakeUpstreamServer::send(socket, chunked + FakeUpstreamServer::lastChunk());
    });
    const UpstreamResult byLength = fetch(m_multi.get(), m_server->url(QStringLiteral("/length")));
    QCOMPARE(byLength.outcome, Outcome::Completed);
    QCOMPARE(byLength.bodyBytes, big.size());
    QVERIFY(byLength.body == big);
    const UpstreamResult byChunks = fetch(m_multi.get(), m_server->url(QStringLiteral("/chunked")));
    QCOMPARE(byChunks.outcome, Outcome::Completed);
    QCOMPARE(byChunks.bodyBytes, big.size());
    QVERIFY(byChunks.body == big);
    QVERIFY(byChunks.connectionReused);
    QCOMPARE(m_server->acceptedConnections(), 1);
}

QTEST_GUILESS_MAIN(TestUpstreamCall)
#include "TestUpstreamCall.moc"
