#include "security/Digest.h"
#include "security/Jwt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

/** HS256 JWTs: the RFC 7515 A.1 example, a fixed signing vector, and every way verify() must say no. */
class TestJwt : public QObject
{
    Q_OBJECT

private slots:
    void rfc7515Example();
    void rfc7515ExampleExpiry();
    void signKnownAnswer();
    void roundTrip();
    void tamperedPayloadRejected();
    void tamperedSignatureRejected();
    void algNoneRejected();
    void otherAlgorithmsRejected_data();
    void otherAlgorithmsRejected();
    void critRejected();
    void expiry();
    void notBefore();
    void issuedInFuture();
    void otherSecretRejected();
    void expRequiredAndNumeric();
    void payloadMustBeObject();
    void garbage_data();
    void garbage();
    void emptySecret();
};

namespace {
// RFC 7515 Appendix A.1: the JWS, and the JWK's "k" (base64url) it was signed with.
const QString s_rfcToken
    = QStringLiteral("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
                     ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
                     ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
const QByteArray s_rfcKeyB64 = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
constexpr qint64 s_rfcExp = 1300819380;

const QByteArray s_secret = "aigw-test-secret";
constexpr qint64 s_now = 1700000000;

QByteArray rfcKey()
{
    return QByteArray::fromBase64(s_rfcKeyB64, QByteArray::Base64UrlEncoding);
}

QByteArray b64url(const QByteArray& data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

/** Builds a token by hand, signed with HMAC-SHA256 whatever the header claims. */
QString forge(const QByteArray& headerJson, const QByteArray& payloadJson, const QByteArray& secret)
{
    const QByteArray input = b64url(headerJson) + '.' + b64url(payloadJson);
    return QString::fromLatin1(input + '.' + b64url(Digest::hmacSha256(secret, input)));
}

QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

const QByteArray s_hs256Header = R"({"alg":"HS256","typ":"JWT"})";

QString errorOf(const Result<QJsonObject>& r)
{
    return r.ok() ? QStringLiteral("<accepted>") : r.error().message;
}
} // namespace

void TestJwt::rfc7515Example()
{
    const QByteArray key = rfcKey();
    QCOMPARE(key.size(), 64);
    QCOMPARE(key.left(4).toHex(), QByteArray("0323354b"));

    const Result<QJsonObject> claims = Jwt::verify(s_rfcToken, key, 1300819000);
    QVERIFY2(claims.ok(), qPrintable(errorOf(claims)));
    QCOMPARE(claims->value(QStringLiteral("iss")).toString(), QStringLiteral("joe"));
    QCOMPARE(claims->value(QStringLiteral("exp")).toInteger(), s_rfcExp);
    QCOMPARE(claims->value(QStringLiteral("http://example.com/is_root")).toBool(), true);
    QCOMPARE(claims->size(), 3);
}

void TestJwt::rfc7515ExampleExpiry()
{
    const QByteArray key = rfcKey();
    QVERIFY(Jwt::verify(s_rfcToken, key, s_rfcExp).ok());
    QVERIFY(Jwt::verify(s_rfcToken, key, s_rfcExp + 30).ok()); // default leeway: 30 s
    const Result<QJsonObject> late = Jwt::verify(s_rfcToken, key, s_rfcExp + 31);
    QVERIFY(!late.ok());
    QCOMPARE(late.error().message, QStringLiteral("token expired"));
    QVERIFY(!Jwt::verify(s_rfcToken, key, s_rfcExp + 1, 0).ok());
    QVERIFY(Jwt::verify(s_rfcToken, key, s_rfcExp, 0).ok());
}

void TestJwt::signKnownAnswer()
{
    // Computed with Python (sorted compact JSON, base64url) and `openssl mac -digest SHA256 ... HMAC`.
    const QJsonObject claims{{QStringLiteral("sub"), QStringLiteral("user-42")},
                             {QStringLiteral("iat"), 1699990000},
                             {QStringLiteral("exp"), 1700000000}};
    QCOMPARE(Jwt::sign(claims, s_secret),
             QStringLiteral("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
                            ".eyJleHAiOjE3MDAwMDAwMDAsImlhdCI6MTY5OTk5MDAwMCwic3ViIjoidXNlci00MiJ9"
                            ".mQPS0AZH4xLc6CjiDpgG2j2qRynV4QhYW1-AmYYlMxA"));
}

void TestJwt::roundTrip()
{
    const QJsonObject claims{{QStringLiteral("sub"), QStringLiteral("user-ü")},
                             {QStringLiteral("scope"), QJsonArray{QStringLiteral("admin"), QStringLiteral("read")}},
                             {QStringLiteral("exp"), s_now + 3600}};
    const QString token = Jwt::sign(claims, s_secret);
    QCOMPARE(token.count(u'.'), 2);
    QVERIFY(!token.contains(u'='));
    QCOMPARE(QByteArray::fromBase64(token.section(u'.', 0, 0).toLatin1(), QByteArray::Base64UrlEncoding),
             s_hs256Header);

    const Result<QJsonObject> verified = Jwt::verify(token, s_secret, s_now);
    QVERIFY2(verified.ok(), qPrintable(errorOf(verified)));
    QCOMPARE(*verified, claims);
}

void TestJwt::tamperedPayloadRejected()
{
    const QString token
        = Jwt::sign({{QStringLiteral("sub"), QStringLiteral("alice")}, {QStringLiteral("exp"), s_now + 60}}, s_secret);
    const QStringList parts = token.split(u'.');
    const QByteArray forgedPayload
        = json({{QStringLiteral("sub"), QStringLiteral("admin")}, {QStringLiteral("exp"), s_now + 60}});
    const QString tampered = parts[0] + u'.' + QString::fromLatin1(b64url(forgedPayload)) + u'.' + parts[2];
    const Result<QJsonObject> r = Jwt::verify(tampered, s_secret, s_now);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, Error::Kind::InvalidArgument);
    QCOMPARE(r.error().message, QStringLiteral("bad signature"));

    // Extending the expiry of the RFC example is tampering too.
    const QStringList rfc = s_rfcToken.split(u'.');
    const QByteArray later = R"({"iss":"joe","exp":1900000000,"http://example.com/is_root":true})";
    QVERIFY(
        !Jwt::verify(rfc[0] + u'.' + QString::fromLatin1(b64url(later)) + u'.' + rfc[2], rfcKey(), 1300819000).ok());
}

void TestJwt::tamperedSignatureRejected()
{
    const QString token = Jwt::sign({{QStringLiteral("exp"), s_now + 60}}, s_secret);
    QVERIFY(Jwt::verify(token, s_secret, s_now).ok());
    const qsizetype sigStart = token.lastIndexOf(u'.') + 1;
    for (qsizetype i = sigStart; i < token.size() - 1; ++i) { // the last char also carries padding bits
        QString tampered = token;
        tampered[i] = tampered[i] == u'A' ? u'B' : u'A';
        const Result<QJsonObject> r = Jwt::verify(tampered, s_secret, s_now);
        QVERIFY2(!r.ok(), qPrintable(QStringLiteral("signature char %1 changed").arg(i)));
        QCOMPARE(r.error().message, QStringLiteral("bad signature"));
    }
    QVERIFY(!Jwt::verify(token.left(token.size() - 1), s_secret, s_now).ok());
    QVERIFY(!Jwt::verify(token.left(sigStart), s_secret, s_now).ok()); // empty signature

    const QStringList rfc = s_rfcToken.split(u'.');
    QVERIFY(!Jwt::verify(rfc[0] + u'.' + rfc[1] + QStringLiteral(".eBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
                         rfcKey(), 1300819000)
                 .ok());
}

void TestJwt::algNoneRejected()
{
    const QByteArray payload
        = json({{QStringLiteral("sub"), QStringLiteral("admin")}, {QStringLiteral("exp"), s_now + 60}});
    const QByteArray noneHeader = R"({"alg":"none","typ":"JWT"})";
    // The classic unsigned token, with and without a trailing dot...
    const QByteArray unsignedInput = b64url(noneHeader) + '.' + b64url(payload);
    for (const QString& token : {QString::fromLatin1(unsignedInput + '.'), QString::fromLatin1(unsignedInput)}) {
        const Result<QJsonObject> r = Jwt::verify(token, s_secret, s_now);
        QVERIFY2(!r.ok(), qPrintable(token));
    }
    QCOMPARE(Jwt::verify(QString::fromLatin1(unsignedInput + '.'), s_secret, s_now).error().message,
             QStringLiteral("unsupported alg"));
    // ...and even with a valid HMAC: alg is pinned to HS256, not taken from the token.
    const Result<QJsonObject> r = Jwt::verify(forge(noneHeader, payload, s_secret), s_secret, s_now);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().message, QStringLiteral("unsupported alg"));
    // Sanity: the same construction with the HS256 header is accepted.
    QVERIFY(Jwt::verify(forge(s_hs256Header, payload, s_secret), s_secret, s_now).ok());
}

void TestJwt::otherAlgorithmsRejected_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("HS512") << QByteArray(R"({"alg":"HS512","typ":"JWT"})");
    QTest::newRow("HS384") << QByteArray(R"({"alg":"HS384"})");
    QTest::newRow("RS256") << QByteArray(R"({"alg":"RS256","typ":"JWT"})");
    QTest::newRow("lower-case") << QByteArray(R"({"alg":"hs256","typ":"JWT"})");
    QTest::newRow("trailing space") << QByteArray(R"({"alg":"HS256 ","typ":"JWT"})");
    QTest::newRow("None") << QByteArray(R"({"alg":"None"})");
    QTest::newRow("missing alg") << QByteArray(R"({"typ":"JWT"})");
    QTest::newRow("null alg") << QByteArray(R"({"alg":null})");
    QTest::newRow("numeric alg") << QByteArray(R"({"alg":256})");
    QTest::newRow("array alg") << QByteArray(R"({"alg":["HS256"]})");
}

void TestJwt::otherAlgorithmsRejected()
{
    QFETCH(QByteArray, header);
    const QByteArray payload = json({{QStringLiteral("exp"), s_now + 60}});
    // Signed with a valid HMAC-SHA256, so only the alg check stands in the way.
    const Result<QJsonObject> r = Jwt::verify(forge(header, payload, s_secret), s_secret, s_now);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, Error::Kind::InvalidArgument);
    QCOMPARE(r.error().message, QStringLiteral("unsupported alg"));
}

void TestJwt::critRejected()
{
    const QByteArray payload = json({{QStringLiteral("exp"), s_now + 60}});
    const QByteArray header = R"({"alg":"HS256","crit":["exp"],"exp":1})";
    QVERIFY(!Jwt::verify(forge(header, payload, s_secret), s_secret, s_now).ok());
}

void TestJwt::expiry()
{
    auto tokenExpiringAt = [](double exp) { return Jwt::sign({{QStringLiteral("exp"), exp}}, s_secret); };
    QVERIFY(Jwt::verify(tokenExpiringAt(s_now + 1), s_secret, s_now).ok());
    QVERIFY(Jwt::verify(tokenExpiringAt(s_now), s_secret, s_now).ok());
    QVERIFY(Jwt::verify(tokenExpiringAt(s_now - 30), s_secret, s_now).ok()); // within the leeway
    const Result<QJsonObject> expired = Jwt::verify(tokenExpiringAt(s_now - 31), s_secret, s_now);
    QVERIFY(!expired.ok());
    QCOMPARE(expired.error().kind, Error::Kind::InvalidArgument);
    QCOMPARE(expired.error().message, QStringLiteral("token expired"));
    QVERIFY(!Jwt::verify(tokenExpiringAt(s_now - 86400), s_secret, s_now).ok());
    QVERIFY(!Jwt::verify(tokenExpiringAt(0), s_secret, s_now).ok());
    QVERIFY(!Jwt::verify(tokenExpiringAt(-1), s_secret, s_now).ok());

    // Leeway as given: none, or more.
    QVERIFY(!Jwt::verify(tokenExpiringAt(s_now - 1), s_secret, s_now, 0).ok());
    QVERIFY(Jwt::verify(tokenExpiringAt(s_now - 100), s_secret, s_now, 120).ok());
    // Fractional NumericDate.
    QVERIFY(!Jwt::verify(tokenExpiringAt(s_now - 0.5), s_secret, s_now, 0).ok());
    QVERIFY(Jwt::verify(tokenExpiringAt(s_now + 0.5), s_secret, s_now, 0).ok());
}

void TestJwt::notBefore()
{
    auto token = [](qint64 nbf) {
        return Jwt::sign({{QStringLiteral("exp"), s_now + 3600}, {QStringLiteral("nbf"), nbf}}, s_secret);
    };
    QVERIFY(Jwt::verify(token(s_now - 10), s_secret, s_now).ok());
    QVERIFY(Jwt::verify(token(s_now), s_secret, s_now).ok());
    QVERIFY(Jwt::verify(token(s_now + 30), s_secret, s_now).ok()); // within the leeway
    const Result<QJsonObject> early = Jwt::verify(token(s_now + 31), s_secret, s_now);
    QVERIFY(!early.ok());
    QCOMPARE(early.error().kind, Error::Kind::InvalidArgument);
    QVERIFY(!Jwt::verify(token(s_now + 1), s_secret, s_now, 0).ok());

    const QString stringNbf
        = Jwt::sign({{QStringLiteral("exp"), s_now + 3600}, {QStringLiteral("nbf"), QString::number(s_now)}}, s_secret);
    QVERIFY(!Jwt::verify(stringNbf, s_secret, s_now).ok());
}

void TestJwt::issuedInFuture()
{
    auto token = [](qint64 iat) {
        return Jwt::sign({{QStringLiteral("exp"), s_now + 3600}, {QStringLiteral("iat"), iat}}, s_secret);
    };
    QVERIFY(Jwt::verify(token(s_now - 100), s_secret, s_now).ok());
    QVERIFY(Jwt::verify(token(s_now + 30), s_secret, s_now).ok());
    QVERIFY(!Jwt::verify(token(s_now + 3000), s_secret, s_now).ok());
}

void TestJwt::otherSecretRejected()
{
    const QString token = Jwt::sign({{QStringLiteral("exp"), s_now + 60}}, "another secret");
    QVERIFY(Jwt::verify(token, "another secret", s_now).ok());
    const Result<QJsonObject> r = Jwt::verify(token, s_secret, s_now);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().message, QStringLiteral("bad signature"));
    QVERIFY(!Jwt::verify(s_rfcToken, s_secret, 1300819000).ok());
    QVERIFY(!Jwt::verify(s_rfcToken, rfcKey().left(63), 1300819000).ok());
}

void TestJwt::expRequiredAndNumeric()
{
    const Result<QJsonObject> missing
        = Jwt::verify(Jwt::sign({{QStringLiteral("sub"), QStringLiteral("x")}}, s_secret), s_secret, s_now);
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().message, QStringLiteral("missing exp"));

    const QList<QJsonValue> badExps
        = {QJsonValue(QString::number(s_now + 60)), QJsonValue(true), QJsonValue(QJsonValue::Null),
           QJsonValue(QJsonArray{s_now + 60}), QJsonValue(QJsonObject{{QStringLiteral("t"), s_now + 60}})};
    for (const QJsonValue& exp : badExps) {
        const QString token = Jwt::sign({{QStringLiteral("exp"), exp}}, s_secret);
        QVERIFY2(!Jwt::verify(token, s_secret, s_now).ok(), qPrintable(token));
    }
}

void TestJwt::payloadMustBeObject()
{
    for (const QByteArray& payload : {QByteArray("[1,2,3]"), QByteArray("42"), QByteArray("\"exp\""),
                                      QByteArray("not json"), QByteArray(), QByteArray(R"({"exp":1700000060)")}) {
        const Result<QJsonObject> r = Jwt::verify(forge(s_hs256Header, payload, s_secret), s_secret, s_now);
        QVERIFY2(!r.ok(), payload.constData());
        QCOMPARE(r.error().kind, Error::Kind::InvalidArgument);
    }
}

void TestJwt::garbage_data()
{
    QTest::addColumn<QString>("token");
    const QString valid = Jwt::sign({{QStringLiteral("exp"), s_now + 60}}, s_secret);
    const QStringList p = valid.split(u'.');

    QTest::newRow("empty") << QString();
    QTest::newRow("word") << QStringLiteral("garbage");
    QTest::newRow("dots") << QStringLiteral("..");
    QTest::newRow("one dot") << p[0] + u'.' + p[1];
    QTest::newRow("four parts") << valid + QStringLiteral(".") + p[2];
    QTest::newRow("trailing dot") << valid + u'.';
    QTest::newRow("leading space") << u' ' + valid;
    QTest::newRow("trailing newline") << valid + u'\n';
    QTest::newRow("Bearer prefix") << QStringLiteral("Bearer ") + valid;
    QTest::newRow("padded header") << p[0] + QStringLiteral("=.") + p[1] + u'.' + p[2];
    QTest::newRow("padded signature") << p[0] + u'.' + p[1] + u'.' + p[2] + u'=';
    QTest::newRow("signature with + and /")
        << p[0] + u'.' + p[1] + u'.' + QString(p[2]).replace(u'-', u'+').replace(u'_', u'/') + QStringLiteral("+/");
    QTest::newRow("non-ASCII") << valid + QStringLiteral("é");
    QTest::newRow("header not JSON") << QString::fromLatin1(b64url("not json")) + u'.' + p[1] + u'.' + p[2];
    QTest::newRow("header array") << QString::fromLatin1(b64url(R"(["HS256"])")) + u'.' + p[1] + u'.' + p[2];
    QTest::newRow("huge") << QString(100000, u'A') + u'.' + p[1] + u'.' + p[2];
}

void TestJwt::garbage()
{
    QFETCH(QString, token);
    const Result<QJsonObject> r = Jwt::verify(token, s_secret, s_now);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, Error::Kind::InvalidArgument);
    QVERIFY(!r.error().message.isEmpty());
}

void TestJwt::emptySecret()
{
    QVERIFY(Jwt::sign({{QStringLiteral("exp"), s_now + 60}}, QByteArrayView()).isEmpty());
    // A token MACed with the empty key must not verify against a misconfigured (empty) secret.
    const QString token = forge(s_hs256Header, json({{QStringLiteral("exp"), s_now + 60}}), QByteArray());
    QVERIFY(!Jwt::verify(token, QByteArrayView(), s_now).ok());
}

QTEST_GUILESS_MAIN(TestJwt)
#include "TestJwt.moc"
