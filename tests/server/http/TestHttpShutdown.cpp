// Worker threads on one port, graceful shutdown with a deadline, and SIGTERM through SignalWatcher.
#include "HttpFrontend.h"
#include "RawHttpClient.h"
#include "SignalWatcher.h"
#include "TestRoutes.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <memory>

class TestHttpShutdown : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void twoWorkersServeOnePort();
    void portInUseIsReported();
    void servesOnIpv6Loopback();
    void gracefulShutdownFinishesInFlightRequest();
    void requestJustBeforeShutdownIsAnswered();
    void shutdownDeadlineClosesEndlessStream();
    void sigtermTriggersGracefulShutdown();

private:
    bool startServer(int workers, int deadlineMs = 5000);
    static bool connectionRefused(quint16 port);

    std::shared_ptr<TestRouteState> m_state;
    std::unique_ptr<HttpFrontend> m_front;
    quint16 m_port = 0;
};

bool TestHttpShutdown::startServer(int workers, int deadlineMs)
{
    HttpServerOptions options;
    options.workerThreads = workers;
    options.shutdownDeadlineMs = deadlineMs;
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

bool TestHttpShutdown::connectionRefused(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    if (socket.waitForConnected(1000))
        return false; // a listening socket (or its backlog) still accepted it
    return socket.error() == QAbstractSocket::ConnectionRefusedError;
}

void TestHttpShutdown::init()
{
    m_state = std::make_shared<TestRouteState>();
}

void TestHttpShutdown::cleanup()
{
    m_front.reset();
}

void TestHttpShutdown::twoWorkersServeOnePort()
{
    QVERIFY(startServer(2));
    QCOMPARE(m_state->factoryCalls.load(), 2);
    {
        QMutexLocker lock(&m_state->mutex);
        QCOMPARE(m_state->factoryThreads.size(), 2); // each worker built its routes on its own thread
    }
    QSet<int> answeredBy;
    for (int i = 0; i < 64; ++i) {
        RawHttpClient client; // a new connection each time: the kernel spreads them over the sockets
        QVERIFY(client.connectTo(m_port));
        QVERIFY(client.send(RawHttpClient::get("/worker", "Connection: close\r\n")));
        auto response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        answeredBy.insert(QJsonDocument::fromJson(response->body).object()["worker"].toInt(-1));
    }
    QCOMPARE(answeredBy, (QSet<int>{0, 1}));
    QCOMPARE(m_front->requestsDispatched(), quint64(64));
}

void TestHttpShutdown::portInUseIsReported()
{
    QVERIFY(startServer(2));
    HttpFrontend second;
    auto result
        = second.start(ListenAddress(QHostAddress(QHostAddress::LocalHost), m_port), TestRoutes::factory(m_state));
    QVERIFY(!result);
    QVERIFY2(result.error().message.contains(QStringLiteral("address already in use")),
             qPrintable(result.error().message));
    QVERIFY(!second.isRunning());

    // The first one still serves.
    RawHttpClient client;
    QVERIFY(client.connectTo(m_port));
    QVERIFY(client.send(RawHttpClient::get("/json")));
    QVERIFY(client.readResponse());
}

void TestHttpShutdown::servesOnIpv6Loopback()
{
    auto address = ListenAddress::parse(QStringLiteral("[::1]:0"));
    QVERIFY(address);
    HttpServerOptions options;
    options.workerThreads = 2;
    m_front = std::make_unique<HttpFrontend>(options);
    auto started = m_front->start(*address, TestRoutes::factory(m_state));
    if (!started)
        QSKIP(qPrintable(QStringLiteral("no IPv6 loopback here: %1").arg(started.error().message)));
    QVERIFY(*started != 0);
    QCOMPARE(m_front->boundAddress().toString(), QStringLiteral("[::1]:%1").arg(*started));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHostIPv6), *started);
    QVERIFY(socket.waitForConnected(2000));
    socket.write(RawHttpClient::get("/echo"));
    QByteArray reply;
    while (!reply.contains("\r\n\r\n") || !reply.endsWith('}')) {
        if (!socket.waitForReadyRead(2000))
            break;
        reply += socket.readAll();
    }
    QVERIFY2(reply.startsWith("HTTP/1.1 200 OK\r\n"), reply.constData());
    QVERIFY(reply.contains(R"("remote":"::1")"));
}

void TestHttpShutdown::gracefulShutdownFinishesInFlightRequest()
{
    QVERIFY(startServer(2, 5000));
    QSignalSpy stopped(m_front.get(), &HttpFrontend::stopped);

    RawHttpClient idle; // a keep-alive connection with nothing in flight
    QVERIFY(idle.connectTo(m_port));
    QVERIFY(idle.send(RawHttpClient::get("/json")));
    QVERIFY(idle.readResponse());

    RawHttpClient slow;
    QVERIFY(slow.connectTo(m_port));
    QVERIFY(slow.send(RawHttpClient::get("/slow?ms=800")));
    QTRY_COMPARE(m_front->requestsDispatched(), quint64(2)); // the slow handler is running
    QTRY_COMPARE(m_front->inFlightRequests(), 1);

    m_front->shutdown();
    QVERIFY(m_front->isShuttingDown());
    QVERIFY(connectionRefused(m_port)); // listeners are closed when shutdown() returns
    QVERIFY(idle.waitForClosed(1000)); // idle keep-alive connections go at once
    QCOMPARE(stopped.size(), 0); // but the slow request keeps the front alive

    auto response = slow.readResponse(3000);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray(R"({"slow":true})"));
    QCOMPARE(response->headers.value("connection"), QByteArray("close"));
    QVERIFY(slow.waitForClosed(2000));

    QVERIFY(stopped.wait(3000) || stopped.size() == 1);
    QCOMPARE(stopped.size(), 1);
    QCOMPARE(stopped.at(0).at(0).toBool(), true); // drained before the deadline
    QVERIFY(!m_front->isRunning());
    QCOMPARE(m_state->slowCompleted.load(), 1);
    QCOMPARE(m_front->inFlightRequests(), 0);
    QCOMPARE(m_front->openConnections(), 0);
}

void TestHttpShutdown::requestJustBeforeShutdownIsAnswered()
{
    QVERIFY(startServer(1, 3000));
    QSignalSpy stopped(m_front.get(), &HttpFrontend::stopped);
    // Block the only worker, so the next connections stay in the kernel's accept queue.
    RawHttpClient busy;
    QVERIFY(busy.connectTo(m_port));
    QVERIFY(busy.send(RawHttpClient::get("/busy?ms=400")));
    QTRY_COMPARE(m_front->requestsDispatched(), quint64(1));
    QList<std::shared_ptr<RawHttpClient>> queued;
    for (int i = 0; i < 5; ++i) {
        auto client = std::make_shared<RawHttpClient>();
        QVERIFY(client->connectTo(m_port)); // completed by the kernel, not accepted by the worker
        QVERIFY(client->send(RawHttpClient::get("/json")));
        queued.append(client);
    }
    m_front->shutdown(); // runs on the worker once /busy returns; closing the listener would reset the queue
    QVERIFY(connectionRefused(m_port));
    auto response = busy.readResponse(3000);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    for (const auto& client : std::as_const(queued)) {
        response = client->readResponse(3000);
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->headers.value("connection"), QByteArray("close"));
        QVERIFY(client->waitForClosed(2000));
    }
    QVERIFY(stopped.wait(3000) || stopped.size() == 1);
    QCOMPARE(stopped.at(0).at(0).toBool(), true);
    QCOMPARE(m_front->requestsDispatched(), quint64(6));
}

void TestHttpShutdown::shutdownDeadlineClosesEndlessStream()
{
    QVERIFY(startServer(1));
    QSignalSpy stopped(m_front.get(), &HttpFrontend::stopped);
    RawHttpClient stream;
    QVERIFY(stream.connectTo(m_port));
    QVERIFY(stream.send(RawHttpClient::get("/forever?ms=20")));
    auto partial = stream.readResponse(3000, 2);
    QVERIFY(partial);

    QElapsedTimer timer;
    timer.start();
    m_front->shutdownWithDeadline(300);
    QVERIFY(connectionRefused(m_port));
    QVERIFY(stopped.wait(3000));
    QCOMPARE(stopped.at(0).at(0).toBool(), false); // the deadline, not the drain, ended it
    QVERIFY2(timer.elapsed() >= 250, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(stream.waitForClosed(2000));
    // The handler heard about it and stopped its stream.
    QTRY_COMPARE(m_state->disconnectNotices.load(), 1);
    QCOMPARE(m_state->lateWritesAccepted.load(), 0);
}

void TestHttpShutdown::sigtermTriggersGracefulShutdown()
{
    QVERIFY(startServer(1));
    SignalWatcher watcher;
    QVERIFY(watcher.isActive());
    SignalWatcher second; // only one per process
    QVERIFY(!second.isActive());
    QSignalSpy termination(&watcher, &SignalWatcher::terminationRequested);
    QSignalSpy stopped(m_front.get(), &HttpFrontend::stopped);
    connect(&watcher, &SignalWatcher::terminationRequested, m_front.get(), &HttpFrontend::shutdown);

    RawHttpClient slow;
    QVERIFY(slow.connectTo(m_port));
    QVERIFY(slow.send(RawHttpClient::get("/slow?ms=300")));
    QTRY_COMPARE(m_front->inFlightRequests(), 1);

    QCOMPARE(::raise(SIGTERM), 0);
    QVERIFY(termination.wait(2000));
    QCOMPARE(termination.at(0).at(0).toInt(), int(SIGTERM));
    QVERIFY(m_front->isShuttingDown());

    auto response = slow.readResponse(3000);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(stopped.wait(3000) || stopped.size() == 1);
    QCOMPARE(stopped.at(0).at(0).toBool(), true);
}

QTEST_GUILESS_MAIN(TestHttpShutdown)
#include "TestHttpShutdown.moc"
