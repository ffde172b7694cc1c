#include "CallRecorder.h"
#include "CurlMulti.h"
#include "FakeUpstreamServer.h"
#include "TestPaths.h"
#include "UpstreamCall.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include <memory>

using Outcome = UpstreamResult::Outcome;

/** TLS: verification is on, a private CA can be configured, and handshake failures are TlsError. */
class TestUpstreamTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void untrustedCertificateIsRejected();
    void trustedPrivateCaWorks();
    void hostNameMismatchIsRejected();
    void plainTextServerIsTlsError();

private:
    UpstreamRequestSpec spec(const QUrl& url) const;

    QString m_certPath;
    QSslConfiguration m_serverConfig;
    std::unique_ptr<CurlMulti> m_multi;
    std::unique_ptr<FakeUpstreamServer> m_server;
};

void TestUpstreamTls::initTestCase()
{
    if (!QSslSocket::supportsSsl()) {
        QSKIP("Qt has no TLS backend for the fake server");
    }
    const QString dir = TestPaths::sourceDir() + QStringLiteral("/tests/server/upstream/tls/");
    m_certPath = dir + QStringLiteral("localhost.crt");
    QFile keyFile(dir + QStringLiteral("localhost.key"));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QList<QSslCertificate> certs = QSslCertificate::fromPath(m_certPath);
    QCOMPARE(certs.size(), 1);
    const QSslKey key(&keyFile, QSsl::Ec);
    QVERIFY(!key.isNull());
    m_serverConfig = QSslConfiguration::defaultConfiguration();
    m_serverConfig.setLocalCertificate(certs.first());
    m_serverConfig.setPrivateKey(key);
    m_serverConfig.setPeerVerifyMode(QSslSocket::VerifyNone);
}

void TestUpstreamTls::init()
{
    m_multi = std::make_unique<CurlMulti>();
    m_server = std::make_unique<FakeUpstreamServer>();
    QVERIFY(m_server->listenTls(m_serverConfig));
    m_server->setHandler([](QTcpSocket* socket, const FakeUpstreamServer::Request&) {
        FakeUpstreamServer::send(socket, FakeUpstreamServer::response(200, "application/json", "{\"tls\":true}"));
    });
}

void TestUpstreamTls::cleanup()
{
    m_multi.reset();
    m_server.reset();
}

UpstreamRequestSpec TestUpstreamTls::spec(const QUrl& url) const
{
    UpstreamRequestSpec spec;
    spec.url = url;
    spec.bufferBody = true;
    spec.timeouts.connectMs = 3000;
    spec.timeouts.firstByteMs = 5000;
    spec.timeouts.totalMs = 10000;
    return spec;
}

void TestUpstreamTls::untrustedCertificateIsRejected()
{
    QUrl url = m_server->url();
    url.setHost(QStringLiteral("localhost"));
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    call.start(spec(url)); // system CA store only: the self-signed certificate is unknown
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
    QCOMPARE(rec.result.outcome, Outcome::TlsError);
    QCOMPARE(rec.result.httpStatus, 0);
    QCOMPARE(m_server->requestCount(), 0);
}

void TestUpstreamTls::trustedPrivateCaWorks()
{
    QUrl url = m_server->url(QStringLiteral("/v1/models"));
    url.setHost(QStringLiteral("localhost"));
    UpstreamRequestSpec s = spec(url);
    s.caBundlePath = m_certPath;
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    call.start(s);
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
    QVERIFY2(rec.result.ok(), qPrintable(rec.result.describe()));
    QCOMPARE(rec.result.httpStatus, 200);
    QCOMPARE(rec.result.body, QByteArray("{\"tls\":true}"));
    QCOMPARE(rec.result.httpVersion, 11); // QSslServer offers no h2 through ALPN
    QVERIFY(rec.result.tlsMs > 0);
    QCOMPARE(m_server->requests().first().target, QByteArray("/v1/models"));
}

void TestUpstreamTls::hostNameMismatchIsRejected()
{
    // The certificate names only DNS:localhost; 127.0.0.1 must fail host verification even with the CA.
    UpstreamRequestSpec s = spec(m_server->url());
    s.caBundlePath = m_certPath;
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    call.start(s);
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
    QCOMPARE(rec.result.outcome, Outcome::TlsError);
    QCOMPARE(m_server->requestCount(), 0);
}

void TestUpstreamTls::plainTextServerIsTlsError()
{
    // Something that answers a ClientHello with plain HTTP.
    QTcpServer plain;
    QVERIFY(plain.listen(QHostAddress::LocalHost, 0));
    connect(&plain, &QTcpServer::newConnection, this, [&plain] {
        while (QTcpSocket* socket = plain.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                socket->readAll();
                FakeUpstreamServer::send(socket, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            });
        }
    });
    UpstreamCall call(m_multi.get());
    CallRecorder rec(&call);
    call.start(spec(QUrl(QStringLiteral("https://127.0.0.1:%1/").arg(plain.serverPort()))));
    QTRY_VERIFY_WITH_TIMEOUT(rec.done(), 5000);
    QCOMPARE(rec.result.outcome, Outcome::TlsError);
}

QTEST_GUILESS_MAIN(TestUpstreamTls)
#include "TestUpstreamTls.moc"
