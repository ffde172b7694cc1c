#include "security/ConstantTime.h"
#include "security/Digest.h"

#include <QTest>

/** SHA-256 (FIPS 180-2 examples), HMAC-SHA256 (RFC 4231) and ConstantTime::equals. */
class TestDigest : public QObject
{
    Q_OBJECT

private slots:
    void sha256_data();
    void sha256();
    void sha256MillionA();
    void hmacSha256_data();
    void hmacSha256();
    void hmacSha256Truncated();
    void hmacSha256DependsOnKey();
    void constantTimeEquals_data();
    void constantTimeEquals();
};

void TestDigest::sha256_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("digest");

    QTest::newRow("abc") << QByteArray("abc")
                         << QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    QTest::newRow("empty") << QByteArray()
                           << QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    QTest::newRow("448 bits") << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                              << QByteArray("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

void TestDigest::sha256()
{
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, digest);
    const QByteArray out = Digest::sha256(message);
    QCOMPARE(out.size(), 32);
    QCOMPARE(out.toHex(), digest);
}

void TestDigest::sha256MillionA()
{
    const QByteArray message(1000000, 'a');
    QCOMPARE(Digest::sha256(message).toHex(),
             QByteArray("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
}

void TestDigest::hmacSha256_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("mac");

    QTest::newRow("RFC 4231 case 1") << QByteArray(20, '\x0b') << QByteArray("Hi There")
                                     << QByteArray("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    QTest::newRow("RFC 4231 case 2") << QByteArray("Jefe") << QByteArray("what do ya want for nothing?")
                                     << QByteArray("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    QTest::newRow("RFC 4231 case 3") << QByteArray(20, '\xaa') << QByteArray(50, '\xdd')
                                     << QByteArray("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    QTest::newRow("RFC 4231 case 4") << QByteArray::fromHex("0102030405060708090a0b0c0d0e0f10111213141516171819")
                                     << QByteArray(50, '\xcd')
                                     << QByteArray("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    QTest::newRow("RFC 4231 case 6") << QByteArray(131, '\xaa')
                                     << QByteArray("Test Using Larger Than Block-Size Key - Hash Key First")
                                     << QByteArray("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    QTest::newRow("RFC 4231 case 7")
        << QByteArray(131, '\xaa')
        << QByteArray("This is a test using a larger than block-size key and a larger than block-size data. The key "
                      "needs to be hashed before being used by the HMAC algorithm.")
        << QByteArray("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

void TestDigest::hmacSha256()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, mac);
    const QByteArray out = Digest::hmacSha256(key, data);
    QCOMPARE(out.size(), 32);
    QCOMPARE(out.toHex(), mac);
}

void TestDigest::hmacSha256Truncated()
{
    // RFC 4231 case 5 publishes only the first 128 bits of the output.
    const QByteArray out = Digest::hmacSha256(QByteArray(20, '\x0c'), "Test With Truncation");
    QCOMPARE(out.size(), 32);
    QCOMPARE(out.left(16).toHex(), QByteArray("a3b6167473100ee06e0c796c2955552b"));
}

void TestDigest::hmacSha256DependsOnKey()
{
    const QByteArray a = Digest::hmacSha256("key one", "message");
    const QByteArray b = Digest::hmacSha256("key two", "message");
    const QByteArray empty = Digest::hmacSha256(QByteArrayView(), "message");
    QCOMPARE(a.size(), 32);
    QCOMPARE(empty.size(), 32);
    QVERIFY(a != b);
    QVERIFY(a != empty);
    QCOMPARE(Digest::hmacSha256("key one", "message"), a);
}

void TestDigest::constantTimeEquals_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("equal");

    QTest::newRow("both empty") << QByteArray() << QByteArray() << true;
    QTest::newRow("same") << QByteArray("secret") << QByteArray("secret") << true;
    QTest::newRow("same with NUL") << QByteArray("a\0b", 3) << QByteArray("a\0b", 3) << true;
    QTest::newRow("empty vs one") << QByteArray() << QByteArray("x") << false;
    QTest::newRow("prefix") << QByteArray("secret") << QByteArray("secret!") << false;
    QTest::newRow("first byte") << QByteArray("xecret") << QByteArray("secret") << false;
    QTest::newRow("last byte") << QByteArray("secres") << QByteArray("secret") << false;
    QTest::newRow("after NUL") << QByteArray("a\0b", 3) << QByteArray("a\0c", 3) << false;
    QTest::newRow("high bit") << QByteArray("\x80", 1) << QByteArray("\x00", 1) << false;
}

void TestDigest::constantTimeEquals()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, equal);
    QCOMPARE(ConstantTime::equals(a, b), equal);
    QCOMPARE(ConstantTime::equals(b, a), equal);
}

QTEST_GUILESS_MAIN(TestDigest)
#include "TestDigest.moc"
