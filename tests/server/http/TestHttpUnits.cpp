// The pure pieces of the HTTP front: request framing, routing, --listen parsing, the error envelope and
// the request copy.
#include "HttpHeaders.h"
#include "HttpRequest.h"
#include "HttpRouter.h"
#include "HttpWire.h"
#include "ListenAddress.h"
#include "RequestFramer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class TestHttpUnits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void framerSplitsRequestsFedByteByByte();
    void framerKeepAliveAndExpect();
    void framerRejects_data();
    void framerRejects();
    void framerChunkedLimitCountsDecodedBytes();
    void framerCollectsBodies();
    void routerMatching();
    void listenAddress_data();
    void listenAddress();
    void errorEnvelope();
    void headersAreCaseInsensitive();
    void requestTargetForms();
};

void TestHttpUnits::framerSplitsRequestsFedByteByByte()
{
    const QByteArray stream = "\r\nGET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                              "POST /b?q=1 HTTP/1.1\nHost: x\nContent-Length: 5\n\nhello"
                              "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n"
                              "GET /d HTTP/1.0\r\n\r\n";
    RequestFramer framer;
    QList<RequestHead> heads;
    int completed = 0;
    for (qsizetype i = 0; i < stream.size(); ++i) {
        auto result = framer.feed(QByteArrayView(stream).sliced(i, 1), 1000 + i);
        QVERIFY(!result.rejection);
        heads += result.heads;
        completed += result.requestsCompleted;
        if (i == 5)
            QVERIFY(framer.inHead());
    }
    QCOMPARE(completed, 4);
    QCOMPARE(heads.size(), 4);
    QCOMPARE(heads[0].method, QByteArray("GET"));
    QCOMPARE(heads[0].target, QByteArray("/a"));
    QCOMPARE(heads[0].startedAtNs, qint64(1002)); // the leading CRLF is not part of the request
    QCOMPARE(heads[1].method, QByteArray("POST"));
    QCOMPARE(heads[1].target, QByteArray("/b?q=1"));
    QCOMPARE(heads[1].contentLength, qint64(5));
    QVERIFY(heads[2].chunked);
    QCOMPARE(heads[3].httpMinor, 0);
    QVERIFY(!heads[3].keepAlive);
    QVERIFY(!framer.inRequest());

    // The same stream in one piece gives the same result.
    RequestFramer whole;
    auto result = whole.feed(stream, 1);
    QVERIFY(!result.rejection);
    QCOMPARE(result.heads.size(), 4);
    QCOMPARE(result.requestsCompleted, 4);
}

void TestHttpUnits::framerKeepAliveAndExpect()
{
    RequestFramer framer;
    auto result = framer.feed("GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Close\r\n\r\n"
                              "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-Continue\r\n\r\n",
                              0);
    QVERIFY(!result.rejection);
    QCOMPARE(result.heads.size(), 2);
    QVERIFY(!result.heads[0].keepAlive);
    QVERIFY(!result.heads[0].expectContinue);
    QVERIFY(result.heads[1].keepAlive);
    QVERIFY(result.heads[1].expectContinue);
    QCOMPARE(result.requestsCompleted, 1);
    QVERIFY(framer.inRequest());
    QVERIFY(!framer.inHead());
    result = framer.feed("abc", 0);
    QCOMPARE(result.requestsCompleted, 1);

    // Expect without a body needs no 100 Continue.
    result = framer.feed("GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n", 0);
    QVERIFY(!result.heads.value(0).expectContinue);

    // Names in any case; the same length as a framing field but another name; close in a second field; the same
    // content length twice; HTTP/1.0 without a Host.
    result = framer.feed("POST / HTTP/1.1\r\nHOST: x\r\nX-Expect: 1\r\nConnection: keep-alive\r\n"
                         "CONNECTION: upgrade ,close\r\nContent-Length: 2\r\ncontent-length: 2\r\n"
                         "Content-Lengthy: 9\r\n\r\nok",
                         0);
    QVERIFY(!result.rejection);
    QCOMPARE(result.heads.size(), 1);
    QCOMPARE(result.heads[0].contentLength, 2);
    QVERIFY(!result.heads[0].keepAlive);
    QCOMPARE(result.requests.value(0).body, QByteArray("ok"));
    result = framer.feed("GET / HTTP/1.0\r\n\r\n", 0);
    QVERIFY(!result.rejection);
    QCOMPARE(result.heads.size(), 1);
    QVERIFY(!result.heads[0].keepAlive);
}

void TestHttpUnits::framerRejects_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QByteArray manyLines = "GET / HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 100; ++i)
        manyLines += "A" + QByteArray::number(i) + ": b\r\n";
    QTest::newRow("101 header lines") << manyLines << 431 << "request_header_fields_too_large";
    QTest::newRow("16 KiB header") << ("GET / HTTP/1.1\r\nHost: x\r\nX: " + QByteArray(16 * 1024, 'a')) << 431
                                   << "request_header_fields_too_large";
    QTest::newRow("long request line") << ("GET /" + QByteArray(17 * 1024, 'a')) << 414 << "uri_too_long";
    QTest::newRow("body too large") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10485761\r\n\r\n")
                                    << 413 << "payload_too_large";
    QTest::newRow("bad length") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\n") << 400
                                << "bad_request";
    QTest::newRow("negative length") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n") << 400
                                     << "bad_request";
    QTest::newRow("two hosts") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n") << 400 << "bad_request";
    QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << 400 << "bad_request";
    QTest::newRow("bare CR") << QByteArray("GET / HTTP/1.1\r\nHost: x\ry\r\n\r\n") << 400 << "bad_request";
    QTest::newRow("TE in 1.0") << QByteArray("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") << 400
                               << "bad_request";
    QTest::newRow("chunk without CRLF") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                      "3\r\nabcX")
                                        << 400 << "bad_request";
    QTest::newRow("chunk size LF only") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                      "3\nabc\r\n")
                                        << 400 << "bad_request";
    QTest::newRow("HTTP/0.9 style") << QByteArray("GET /\r\n") << 400 << "bad_request";
    QTest::newRow("HTTP/3") << QByteArray("GET / HTTP/3.0\r\n") << 505 << "http_version_not_supported";
    QTest::newRow("four parts") << QByteArray("GET / x HTTP/1.1\r\nHost: x\r\n\r\n") << 400 << "bad_request";
    QTest::newRow("no host") << QByteArray("GET / HTTP/1.1\r\nX-Host: x\r\n\r\n") << 400 << "bad_request";
    QTest::newRow("TE and length") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                                                 "Transfer-Encoding: chunked\r\n\r\n")
                                   << 400 << "bad_request";
    QTest::newRow("TE gzip") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n") << 501
                             << "not_implemented";
    // Repeated fields count joined, as HttpHeaders::value() joins them: "chunked, chunked" is not "chunked".
    QTest::newRow("TE twice") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                            "transfer-encoding: chunked\r\n\r\n")
                              << 501 << "not_implemented";
    QTest::newRow("conflicting lengths") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                                       "content-length: 6\r\n\r\n")
                                         << 400 << "bad_request";
    QTest::newRow("expect other") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n") << 417
                                  << "expectation_failed";
    QTest::newRow("expect empty") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nExpect:\r\n\r\n") << 417
                                  << "expectation_failed";
}

void TestHttpUnits::framerRejects()
{
    QFETCH(QByteArray, input);
    QFETCH(int, status);
    QFETCH(QString, code);
    RequestFramer framer;
    auto result = framer.feed(input, 0);
    QVERIFY(result.rejection);
    QCOMPARE(result.rejection->status, status);
    QCOMPARE(result.rejection->code, code);
    QVERIFY(framer.failed());
    // Nothing more is parsed after a rejection.
    result = framer.feed("GET / HTTP/1.1\r\nHost: x\r\n\r\n", 0);
    QVERIFY(result.heads.isEmpty());
}

void TestHttpUnits::framerChunkedLimitCountsDecodedBytes()
{
    HttpServerOptions options;
    options.maxBodyBytes = 10;
    RequestFramer framer(options);
    auto result = framer.feed("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "5\r\n12345\r\n5\r\n67890\r\n",
                              0);
    QVERIFY(!result.rejection); // exactly 10
    result = framer.feed("1\r\n", 0);
    QVERIFY(result.rejection);
    QCOMPARE(result.rejection->status, 413);

    // An endless chunk-size line.
    RequestFramer endless(options);
    const QByteArray head = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    QVERIFY(!endless.feed(head, 0).rejection);
    result = endless.feed(QByteArray(70 * 1024, ';'), 0);
    QVERIFY(result.rejection);
    QCOMPARE(result.rejection->status, 400);

    // One-byte chunks with long extensions: little payload, much framing. The raw size is bounded too
    // (2 x limit + 64 KiB), or the read buffer would have to hold up to ~1000 x the body limit.
    options.maxBodyBytes = 100'000;
    RequestFramer tiny(options);
    QVERIFY(!tiny.feed(head, 0).rejection);
    const QByteArray chunk = "1;" + QByteArray(1000, 'e') + "\r\nx\r\n";
    int chunks = 0;
    for (; chunks < 1000; ++chunks) {
        result = tiny.feed(chunk, 0);
        if (result.rejection)
            break;
    }
    QVERIFY(result.rejection);
    QCOMPARE(result.rejection->status, 413);
    QVERIFY2(chunks > 200 && chunks < 300, qPrintable(QString::number(chunks)));
}

void TestHttpUnits::framerCollectsBodies()
{
    // Two requests with bodies, the first by Content-Length, the second chunked, fed in uneven pieces: each
    // completed request carries its own head and exactly its decoded body.
    const QByteArray stream = "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world"
                              "POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "5\r\nfirst\r\n7;ext=1\r\n, then \r\n4\r\nlast\r\n0\r\n\r\n"
                              "GET /c HTTP/1.1\r\nHost: x\r\n\r\n";
    for (const int piece : {1, 3, 7, 64, int(stream.size())}) {
        RequestFramer framer;
        QList<RequestFramer::Request> requests;
        int completed = 0;
        for (qsizetype i = 0; i < stream.size(); i += piece) {
            auto result = framer.feed(QByteArrayView(stream).sliced(i, qMin<qsizetype>(piece, stream.size() - i)), 1);
            QVERIFY(!result.rejection);
            QCOMPARE(result.requests.size(), result.requestsCompleted);
            completed += result.requestsCompleted;
            requests += result.requests;
        }
        QCOMPARE(completed, 3);
        QCOMPARE(requests.size(), 3);
        QCOMPARE(requests[0].head.target, QByteArray("/a"));
        QCOMPARE(requests[0].body, QByteArray("hello world"));
        QCOMPARE(requests[1].head.target, QByteArray("/b"));
        QVERIFY(requests[1].head.chunked);
        QCOMPARE(requests[1].body, QByteArray("first, then last"));
        QCOMPARE(requests[2].head.method, QByteArray("GET"));
        QCOMPARE(requests[2].body, QByteArray());
        QVERIFY(!framer.inRequest());
    }
}

void TestHttpUnits::routerMatching()
{
    HttpRouter router(3, nullptr);
    QStringList called;
    auto handler = [&called](const QString& name) {
        return [&called, name](const HttpRequest&, HttpResponder) { called.append(name); };
    };
    router.addRoute("GET", "/v1/models", handler("list"));
    router.addRoute("GET", "/v1/models/{model}", handler("one"));
    router.addRoute("DELETE", "/v1/models/{model}", handler("delete"));
    router.addRoute("GET", "/v1/models/special", handler("special"));
    router.addPrefixRoute("GET", "/api/v1/projects/{id}/", handler("project"));
    router.addPrefixRoute("GET", "/api/v1/projects/{id}/keys", handler("keys"));
    router.addRoute("*", "/any", handler("any"));
    QCOMPARE(router.workerIndex(), 3);

    auto m = router.match("GET", "/v1/models");
    QCOMPARE(m.kind, HttpRouter::Match::Kind::Found);
    (*m.handler)(HttpRequest(), HttpResponder());
    QCOMPARE(called.last(), QStringLiteral("list"));

    m = router.match("GET", "/v1/models/special");
    (*m.handler)(HttpRequest(), HttpResponder());
    QCOMPARE(called.last(), QStringLiteral("special")); // literal beats capture

    m = router.match("GET", "/v1/models/gpt%2F4");
    QCOMPARE(m.kind, HttpRouter::Match::Kind::Found);
    QCOMPARE(m.params.value(QStringLiteral("model")), QStringLiteral("gpt/4"));

    m = router.match("POST", "/v1/models/x");
    QCOMPARE(m.kind, HttpRouter::Match::Kind::MethodNotAllowed);
    QCOMPARE(m.allowedMethods, (QByteArrayList{"GET", "DELETE"}));

    m = router.match("GET", "/api/v1/projects/7/keys/9");
    (*m.handler)(HttpRequest(), HttpResponder());
    QCOMPARE(called.last(), QStringLiteral("keys")); // the longer prefix wins
    QCOMPARE(m.params.value(QStringLiteral("id")), QStringLiteral("7"));
    QCOMPARE(m.rest, QByteArray("9"));

    m = router.match("GET", "/api/v1/projects/7/usage/2026-01");
    (*m.handler)(HttpRequest(), HttpResponder());
    QCOMPARE(called.last(), QStringLiteral("project"));
    QCOMPARE(m.rest, QByteArray("usage/2026-01"));

    QCOMPARE(router.match("GET", "/api/v1/projects").kind, HttpRouter::Match::Kind::NotFound);
    QCOMPARE(router.match("GET", "/v1/models/").kind, HttpRouter::Match::Kind::NotFound); // empty capture
    QCOMPARE(router.match("GET", "/v1//models").kind, HttpRouter::Match::Kind::NotFound);
    QCOMPARE(router.match("PATCH", "/any").kind, HttpRouter::Match::Kind::Found);
    QCOMPARE(router.match("get", "/v1/models").kind, HttpRouter::Match::Kind::MethodNotAllowed); // case-sensitive

    // All-literal paths are looked up by their bytes: the same answers as the search, which still serves
    // encoded spellings of them; the first of two routes for one path and method wins, a "*" one included.
    router.addRoute("GET", "/v1/models", handler("second list"));
    router.addRoute("*", "/both", handler("both any"));
    router.addRoute("GET", "/both", handler("both get"));
    for (const QByteArray& path : {QByteArray("/v1/models"), QByteArray("/v1/%6Dodels"), QByteArray("/v1/models%2F")}) {
        m = router.match("GET", path);
        QCOMPARE(m.kind, path.endsWith("%2F") ? HttpRouter::Match::Kind::NotFound : HttpRouter::Match::Kind::Found);
        if (m.kind == HttpRouter::Match::Kind::Found) {
            (*m.handler)(HttpRequest(), HttpResponder());
            QCOMPARE(called.last(), QStringLiteral("list"));
            QVERIFY(m.params.isEmpty() && m.allowedMethods.isEmpty());
        }
    }
    m = router.match("GET", "/both");
    (*m.handler)(HttpRequest(), HttpResponder());
    QCOMPARE(called.last(), QStringLiteral("both any"));
    m = router.match("DELETE", "/v1/models");
    QCOMPARE(m.kind, HttpRouter::Match::Kind::MethodNotAllowed);
    QCOMPARE(m.allowedMethods, (QByteArrayList{"GET"}));
    QCOMPARE(router.match("GET", "/v1/models/").kind, HttpRouter::Match::Kind::NotFound);
}

void TestHttpUnits::listenAddress_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("normalized");
    QTest::newRow("ipv4") << "127.0.0.1:8080" << true << "127.0.0.1:8080";
    QTest::newRow("port 0") << "127.0.0.1:0" << true << "127.0.0.1:0";
    QTest::newRow("ipv6") << "[::1]:443" << true << "[::1]:443";
    QTest::newRow("ipv6 any") << "[::]:80" << true << "[::]:80";
    QTest::newRow("localhost") << "localhost:9000" << true << "127.0.0.1:9000";
    QTest::newRow("star") << "*:8080" << true << "0.0.0.0:8080";
    QTest::newRow("empty host") << ":8080" << true << "0.0.0.0:8080";
    QTest::newRow("max port") << "0.0.0.0:65535" << true << "0.0.0.0:65535";
    QTest::newRow("port too big") << "127.0.0.1:65536" << false << "";
    QTest::newRow("no port") << "127.0.0.1" << false << "";
    QTest::newRow("empty port") << "127.0.0.1:" << false << "";
    QTest::newRow("signed port") << "127.0.0.1:+80" << false << "";
    QTest::newRow("ipv6 without brackets") << "::1:8080" << false << "";
    QTest::newRow("ipv4 in brackets") << "[127.0.0.1]:80" << false << "";
    QTest::newRow("hostname") << "example.com:80" << false << "";
    QTest::newRow("unclosed bracket") << "[::1:80" << false << "";
}

void TestHttpUnits::listenAddress()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QString, normalized);
    const auto parsed = ListenAddress::parse(text);
    QCOMPARE(parsed.ok(), ok);
    if (ok)
        QCOMPARE(parsed->toString(), normalized);
    else
        QCOMPARE(parsed.error().field, QStringLiteral("listen"));
}

void TestHttpUnits::errorEnvelope()
{
    QCOMPARE(HttpWire::errorBody(QStringLiteral("invalid_request_error"), QStringLiteral("bad \"x\"\n\\"),
                                 QStringLiteral("model"), QString()),
             QByteArray("{\"error\":{\"message\":\"bad \\\"x\\\"\\n\\\\\",\"type\":\"invalid_request_error\","
                        "\"param\":\"model\",\"code\":null}}"));
    const QByteArray body
        = HttpWire::errorBody(QStringLiteral("t"), QString::fromUtf8("ü\x01"), QString(), QStringLiteral("c"));
    const QJsonObject error = QJsonDocument::fromJson(body).object()["error"].toObject();
    QCOMPARE(error["message"].toString(), QString::fromUtf8("ü\x01"));
    QVERIFY(error["param"].isNull());
    QCOMPARE(HttpWire::statusLine(529), QByteArray("HTTP/1.1 529 Unknown\r\n"));
    QCOMPARE(HttpWire::statusLine(429), QByteArray("HTTP/1.1 429 Too Many Requests\r\n"));
    const QByteArray raw
        = HttpWire::rejectionResponse(413, QStringLiteral("too big"), QStringLiteral("payload_too_large"), true);
    QVERIFY(raw.startsWith("HTTP/1.1 413 Payload Too Large\r\n"));
    QVERIFY(raw.contains("\r\nConnection: close\r\n"));
    const qsizetype split = raw.indexOf("\r\n\r\n");
    const QByteArray lengthHeader = "Content-Length: " + QByteArray::number(raw.size() - split - 4) + "\r\n";
    QVERIFY(raw.contains(lengthHeader));
}

void TestHttpUnits::headersAreCaseInsensitive()
{
    HttpHeaders headers{{"Content-Type", "application/json"}, {"X-A", "1"}, {"x-a", "2"}};
    QCOMPARE(headers.value("content-type"), QByteArray("application/json"));
    QCOMPARE(headers.value("X-a"), QByteArray("1, 2"));
    QCOMPARE(headers.values("x-A").size(), 2);
    QVERIFY(headers.value("missing").isNull());
    headers.append("Empty", "");
    QVERIFY(!headers.value("empty").isNull());
    headers.set("x-a", "3");
    QCOMPARE(headers.value("X-A"), QByteArray("3"));
    QVERIFY(HttpHeaders::isValidName("X-Request-Id"));
    QVERIFY(!HttpHeaders::isValidName("Bad Name"));
    QVERIFY(!HttpHeaders::isValidName(""));
    // Every byte against RFC 9110's tchar: ALPHA / DIGIT / one of !#$%&'*+-.^_`|~
    for (int c = 0; c < 256; ++c) {
        const bool tchar = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
            || (c > 0 && QByteArray("!#$%&'*+-.^_`|~").contains(char(c)));
        QCOMPARE(HttpHeaders::isValidName(QByteArray("X-") + char(c)), tchar);
    }
    // Same length, different case; different lengths never match.
    QVERIFY(HttpHeaders::sameName("Content-Length", "content-LENGTH"));
    QVERIFY(!HttpHeaders::sameName("Content-Length", "Content-Lengths"));
    QVERIFY(!HttpHeaders::sameName("x-a", "x-b"));
    QVERIFY(!HttpHeaders::isValidValue("a\r\nInjected: 1"));
}

void TestHttpUnits::requestTargetForms()
{
    HttpRequest origin("GET", "/v1/x%20y?b=1&c=%C3%BC#frag", HttpHeaders{{"Host", "h"}}, "body");
    QCOMPARE(origin.rawPath(), QByteArray("/v1/x%20y"));
    QCOMPARE(origin.path(), QStringLiteral("/v1/x y"));
    QCOMPARE(origin.rawQuery(), QByteArray("b=1&c=%C3%BC"));
    QCOMPARE(origin.queryItem(QStringLiteral("c")), QString::fromUtf8("ü"));
    QVERIFY(origin.queryItem(QStringLiteral("missing")).isNull());
    QCOMPARE(origin.header("HOST"), QByteArray("h"));

    HttpRequest absolute("GET", "http://example.com:8080/a/b?q=1", HttpHeaders(), QByteArray());
    QCOMPARE(absolute.rawPath(), QByteArray("/a/b"));
    QCOMPARE(absolute.rawQuery(), QByteArray("q=1"));
    HttpRequest bare("GET", "http://example.com?q=1", HttpHeaders(), QByteArray());
    QCOMPARE(bare.rawPath(), QByteArray("/"));
    QCOMPARE(bare.rawQuery(), QByteArray("q=1"));
    HttpRequest star("OPTIONS", "*", HttpHeaders(), QByteArray());
    QCOMPARE(star.rawPath(), QByteArray("*"));
}

QTEST_GUILESS_MAIN(TestHttpUnits)
#include "TestHttpUnits.moc"
