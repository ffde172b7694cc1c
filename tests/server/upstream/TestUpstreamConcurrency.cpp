#include "CallRecorder.h"
#include "CurlMulti.h"
#include "CurlShare.h"
#include "FakeUpstreamServer.h"
#include "Http1Pool.h"
#include "UpstreamCall.h"

#include <QPointer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QtTest>

#include <atomic>
#include <memory>

Q_DECLARE_METATYPE(UpstreamRequestSpec::Client)

using Outcome = UpstreamResult::Outcome;

namespace {

/** The client of the current round: every case runs once through each (see initTestCase_data). */
std::atomic<UpstreamRequestSpec::Client> g_client = UpstreamRequestSpec::Client::Automatic;

UpstreamRequestSpec getSpec(const QUrl& url)
{
    UpstreamRequestSpec spec;
    spec.client = g_client;
    spec.url = url;
    spec.bufferBody = true;
    spec.timeouts.connectMs = 5000;
    spec.timeouts.firstByteMs = 15000;
    spec.timeouts.idleMs = 5000;
    spec.timeouts.totalMs = 20000;
    return spec;
}

} // namespace

class TestUpstreamConcurrency : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void twoHundredConcurrentRequestsToOneHost();
    void keepAliveReusesOneConnection();
    void workerThreadsWithSharedDnsCache();
    void destroyingTheMultiCancelsRunningCalls();
};

void TestUpstreamConcurrency::initTestCase_data()
{
    QTest::addColumn<UpstreamRequestSpec::Client>("client");
    QTest::newRow("built-in") << UpstreamRequestSpec::Client::Automatic;
    QTest::newRow("libcurl") << UpstreamRequestSpec::Client::Libcurl;
}

void TestUpstreamConcurrency::init()
{
    QFETCH_GLOBAL(UpstreamRequestSpec::Client, client);
    g_client = client;
}

void TestUpstreamConcurrency::twoHundredConcurrentRequestsToOneHost()
{
    // The server answers nobody until all 200 requests are open at once. A client with a per-host
    // connection cap (QNetworkAccessManager: 6) never gets there; the fallback timer then answers what
    // it has, and the connection count below fails.
    constexpr int kCalls = 200;
    FakeUpstreamServer server;
    QVERIFY(server.listen());
    QList<QPointer<QTcpSocket>> waiting;
    QList<QByteArray> targets;
    bool answeredAtFullHouse = false;
    auto answerAll = [&] {
        for (qsizetype i = 0; i < waiting.size(); ++i) {
            if (waiting.at(i)) {
                FakeUpstreamServer::send(
                    waiting.at(i),
                    FakeUpstreamServer::response(200, "application/json", "{\"for\":\"" + targets.at(i) + "\"}"));
            }
        }
        waiting.clear();
        targets.clear();
    };
    server.setHandler([&](QTcpSocket* socket, const FakeUpstreamServer::Request& request) {
        waiting.append(socket);
        targets.append(request.target);
        if (waiting.size() == kCalls) {
            answeredAtFullHouse = true;
            answerAll();
        }
    });
    QTimer fallback;
    fallback.setSingleShot(true);
    connect(&fallback, &QTimer::timeout, this, answerAll);
    fallback.start(8000);

    CurlMulti multi;
    std::vector<std::unique_ptr<UpstreamCall>> calls;
    std::vector<std::unique_ptr<CallRecorder>> recorders;
    for (int i = 0; i < kCalls; ++i) {
        calls.push_back(std::make_unique<UpstreamCall>(&multi));
        recorders.push_back(std::make_unique<CallRecorder>(calls.back().get()));
        calls.back()->start(getSpec(server.url(QStringLiteral("/r/%1").arg(i))));
    }
    auto allDone
        = [&] { return std::all_of(recorders.begin(), recorders.end(), [](const auto& r) { return r->done(); }); };
    QTRY_VERIFY_WITH_TIMEOUT(allDone(), 15000);

    QVERIFY(answeredAtFullHouse);
    QCOMPARE(server.maxOpenConnections(), kCalls);
    QCOMPARE(server.acceptedConnections(), kCalls);
    for (int i = 0; i < kCalls; ++i) {
        const UpstreamResult& result = recorders[static_cast<size_t>(i)]->result;
        QCOMPARE(result.outcome, Outcome::Completed);
        QCOMPARE(result.httpStatus, 200);
        QCOMPARE(result.body, "{\"for\":\"/r/" + QByteArray::number(i) + "\"}");
    }
    QCOMPARE(multi.activeTransfers() + multi.http1Pool()->busyConnections(), 0);
}

void TestUpstreamConcurrency::keepAliveReusesOneConnection()
{
    FakeUpstreamServer server;
    QVERIFY(server.listen());
    server.setHandler([](QTcpSocket* socket, const FakeUpstreamServer::Request& request) {
        FakeUpstreamServer::send(socket, FakeUpstreamServer::response(200, "application/json", request.target));
    });
    CurlMulti multi;
    for (int i = 0; i < 5; ++i) {
        UpstreamCall call(&multi);
        CallRecorder rec(&call);
        UpstreamRequestSpec spec = getSpec(server.url(QStringLiteral("/seq/%1").arg(i)));
        if (i % 2 == 1) {
            spec.method = "POST";
            spec.body = "{\"i\":" + QByteArray::number(i) + "}";
        }
        call.start(spec);
        QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
        QCOMPARE(rec.result.outcome, Outcome::Completed);
        QCOMPARE(rec.result.body, "/seq/" + QByteArray::number(i));
        QCOMPARE(rec.result.connectionReused, i > 0);
    }
    QCOMPARE(server.acceptedConnections(), 1);
    QCOMPARE(server.requestCount(), 5);
    QCOMPARE(server.openConnections(), 1); // still kept alive
}

void TestUpstreamConcurrency::workerThreadsWithSharedDnsCache()
{
    // Two worker threads, each with its own CurlMulti, sharing one DNS cache; the URLs use a host name
    // so that the shared cache is exercised. The server runs on this thread.
    constexpr int kThreads = 2;
    constexpr int kCallsPerThread = 20;
    FakeUpstreamServer server;
    QVERIFY(server.listen());
    server.setHandler([](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        FakeUpstreamServer::send(socket, FakeUpstreamServer::response(200, "text/plain", "ok"));
    });
    QUrl url = server.url(QStringLiteral("/t"));
    url.setHost(QStringLiteral("localhost"));

    auto share = std::make_shared<CurlShare>();
    QVERIFY(share->isValid());
    std::atomic<int> completed{0};
    std::atomic<int> succeeded{0};
    std::vector<std::unique_ptr<QThread>> threads;
    std::vector<QObject*> contexts;
    std::vector<CurlMulti*> multis(kThreads, nullptr);
    for (int t = 0; t < kThreads; ++t) {
        threads.push_back(std::make_unique<QThread>());
        threads.back()->start();
        auto* context = new QObject;
        context->moveToThread(threads.back().get());
        contexts.push_back(context);
        QMetaObject::invokeMethod(context, [&, t, url] {
            auto* multi = new CurlMulti;
            multi->setShare(share);
            multis[static_cast<size_t>(t)] = multi;
            for (int i = 0; i < kCallsPerThread; ++i) {
                auto* call = new UpstreamCall(multi, multi);
                QObject::connect(call, &UpstreamCall::finished, call, [&, call](const UpstreamResult& result) {
                    if (result.ok() && result.body == "ok") {
                        ++succeeded;
                    }
                    ++completed;
                    call->deleteLater();
                });
                call->start(getSpec(url));
            }
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(completed.load(), kThreads * kCallsPerThread, 15000);
    QCOMPARE(succeeded.load(), kThreads * kCallsPerThread);
    for (int t = 0; t < kThreads; ++t) {
        QMetaObject::invokeMethod(
            contexts[static_cast<size_t>(t)], [&, t] { delete multis[static_cast<size_t>(t)]; },
            Qt::BlockingQueuedConnection);
        contexts[static_cast<size_t>(t)]->deleteLater();
        threads[static_cast<size_t>(t)]->quit();
        QVERIFY(threads[static_cast<size_t>(t)]->wait(5000));
    }
    QCOMPARE(share.use_count(), 1); // every easy handle let go of it
}

void TestUpstreamConcurrency::destroyingTheMultiCancelsRunningCalls()
{
    FakeUpstreamServer server;
    QVERIFY(server.listen()); // never answers
    auto multi = std::make_unique<CurlMulti>();
    UpstreamCall first(multi.get());
    UpstreamCall second(multi.get());
    CallRecorder firstRec(&first);
    CallRecorder secondRec(&second);
    first.start(getSpec(server.url()));
    second.start(getSpec(server.url()));
    QTRY_COMPARE_WITH_TIMEOUT(server.requestCount(), 2, 5000);
    multi.reset();
    QCOMPARE(firstRec.finishedCount, 1);
    QCOMPARE(secondRec.finishedCount, 1);
    QCOMPARE(firstRec.result.outcome, Outcome::Cancelled);
    QCOMPARE(secondRec.result.outcome, Outcome::Cancelled);
    QTRY_COMPARE_WITH_TIMEOUT(server.closedConnections(), 2, 2000);
    first.abort(); // harmless now
    QCOMPARE(firstRec.finishedCount, 1);
}

QTEST_GUILESS_MAIN(TestUpstreamConcurrency)
#include "TestUpstreamConcurrency.moc"
