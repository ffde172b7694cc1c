#include "security/AesGcm.h"

#include <QTest>

/**
 * AES-256-GCM against the test vectors of "The Galois/Counter Mode of Operation (GCM)" (McGrew & Viega),
 * test cases 13 to 16 (256-bit keys), plus the ways open() must refuse a ciphertext.
 */
class TestAesGcm : public QObject
{
    Q_OBJECT

private slots:
    void sealKnownAnswer_data() { knownAnswers(); }
    void sealKnownAnswer();
    void openKnownAnswer_data() { knownAnswers(); }
    void openKnownAnswer();
    void roundTrip_data();
    void roundTrip();
    void tamperedCiphertextRejected();
    void tamperedTagRejected();
    void wrongAadRejected();
    void wrongKeyRejected();
    void wrongNonceRejected();
    void wrongSizesRejected();
    void shortCiphertextRejected();

private:
    static void knownAnswers();
    static QByteArray key() { return QByteArray(32, '\x42'); }
    static QByteArray nonce() { return QByteArray::fromHex("000102030405060708090a0b"); }
};

namespace {
const QByteArray s_key15 = QByteArray::fromHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
const QByteArray s_iv15 = QByteArray::fromHex("cafebabefacedbaddecaf888");
const QByteArray s_plain15 = QByteArray::fromHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                                                 "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255");
const QByteArray s_cipher15 = QByteArray::fromHex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                                                  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad");
} // namespace

void TestAesGcm::knownAnswers()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("iv");
    QTest::addColumn<QByteArray>("aad");
    QTest::addColumn<QByteArray>("plaintext");
    QTest::addColumn<QByteArray>("ciphertext");
    QTest::addColumn<QByteArray>("tag");

    QTest::newRow("test case 13") << QByteArray(32, '\0') << QByteArray(12, '\0') << QByteArray() << QByteArray()
                                  << QByteArray() << QByteArray::fromHex("530f8afbc74536b9a963b4f1c4cb738b");
    QTest::newRow("test case 14") << QByteArray(32, '\0') << QByteArray(12, '\0') << QByteArray()
                                  << QByteArray(16, '\0') << QByteArray::fromHex("cea7403d4d606b6e074ec5d3baf39d18")
                                  << QByteArray::fromHex("d0d1c8a799996bf0265b98b5d48ab919");
    QTest::newRow("test case 15") << s_key15 << s_iv15 << QByteArray() << s_plain15 << s_cipher15
                                  << QByteArray::fromHex("b094dac5d93471bdec1a502270e3cc6c");
    QTest::newRow("test case 16") << s_key15 << s_iv15
                                  << QByteArray::fromHex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
                                  << s_plain15.left(60) << s_cipher15.left(60)
                                  << QByteArray::fromHex("76fc6ece0f4e1768cddf8853bb2d551b");
}

void TestAesGcm::sealKnownAnswer()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, iv);
    QFETCH(QByteArray, aad);
    QFETCH(QByteArray, plaintext);
    QFETCH(QByteArray, ciphertext);
    QFETCH(QByteArray, tag);

    const Result<QByteArray> sealed = AesGcm::seal(key, iv, aad, plaintext);
    QVERIFY2(sealed.ok(), qPrintable(sealed.ok() ? QString() : sealed.error().message));
    QCOMPARE(sealed->size(), plaintext.size() + AesGcm::TagSize);
    QCOMPARE(sealed->left(ciphertext.size()).toHex(), ciphertext.toHex());
    QCOMPARE(sealed->right(AesGcm::TagSize).toHex(), tag.toHex());
}

void TestAesGcm::openKnownAnswer()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, iv);
    QFETCH(QByteArray, aad);
    QFETCH(QByteArray, plaintext);
    QFETCH(QByteArray, ciphertext);
    QFETCH(QByteArray, tag);

    const QByteArray sealed = ciphertext + tag;
    const Result<QByteArray> opened = AesGcm::open(key, iv, aad, sealed);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
    QCOMPARE(opened->toHex(), plaintext.toHex());
}

void TestAesGcm::roundTrip_data()
{
    QTest::addColumn<QByteArray>("aad");
    QTest::addColumn<QByteArray>("plaintext");

    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("aad only") << QByteArray("header") << QByteArray();
    QTest::newRow("one byte") << QByteArray() << QByteArray("x");
    QTest::newRow("block plus one") << QByteArray("aad") << QByteArray(17, 'p');
    QTest::newRow("large") << QByteArray(1000, 'a') << QByteArray(100000, '\x5a');
}

void TestAesGcm::roundTrip()
{
    QFETCH(QByteArray, aad);
    QFETCH(QByteArray, plaintext);
    const Result<QByteArray> sealed = AesGcm::seal(key(), nonce(), aad, plaintext);
    QVERIFY(sealed.ok());
    QCOMPARE(sealed->size(), plaintext.size() + AesGcm::TagSize);
    if (!plaintext.isEmpty())
        QVERIFY(!sealed->contains(plaintext));
    const Result<QByteArray> opened = AesGcm::open(key(), nonce(), aad, *sealed);
    QVERIFY(opened.ok());
    QCOMPARE(*opened, plaintext);
}

void TestAesGcm::tamperedCiphertextRejected()
{
    const QByteArray plaintext("attack at dawn, bring snacks");
    const Result<QByteArray> sealed = AesGcm::seal(key(), nonce(), "aad", plaintext);
    QVERIFY(sealed.ok());
    for (int i = 0; i < plaintext.size(); ++i) {
        QByteArray tampered = *sealed;
        tampered[i] = char(tampered[i] ^ 0x01);
        const Result<QByteArray> opened = AesGcm::open(key(), nonce(), "aad", tampered);
        QVERIFY2(!opened.ok(), qPrintable(QStringLiteral("bit flip in ciphertext byte %1 accepted").arg(i)));
        QCOMPARE(opened.error().kind, Error::Kind::InvalidArgument);
    }
    // Truncating or extending the ciphertext is tampering too.
    QVERIFY(!AesGcm::open(key(), nonce(), "aad", sealed->mid(1)).ok());
    QVERIFY(!AesGcm::open(key(), nonce(), "aad", QByteArray(*sealed).prepend('\0')).ok());
}

void TestAesGcm::tamperedTagRejected()
{
    const Result<QByteArray> sealed = AesGcm::seal(key(), nonce(), "aad", "secret");
    QVERIFY(sealed.ok());
    for (int i = int(sealed->size()) - AesGcm::TagSize; i < sealed->size(); ++i) {
        QByteArray tampered = *sealed;
        tampered[i] = char(tampered[i] ^ 0x80);
        QVERIFY2(!AesGcm::open(key(), nonce(), "aad", tampered).ok(),
                 qPrintable(QStringLiteral("bit flip in tag byte %1 accepted").arg(i)));
    }
    // Test case 13 with an all-zero tag instead of the real one.
    QVERIFY(!AesGcm::open(QByteArray(32, '\0'), QByteArray(12, '\0'), {}, QByteArray(16, '\0')).ok());
}

void TestAesGcm::wrongAadRejected()
{
    const Result<QByteArray> sealed = AesGcm::seal(key(), nonce(), "project-1", "secret");
    QVERIFY(sealed.ok());
    QVERIFY(AesGcm::open(key(), nonce(), "project-1", *sealed).ok());
    QVERIFY(!AesGcm::open(key(), nonce(), "project-2", *sealed).ok());
    QVERIFY(!AesGcm::open(key(), nonce(), "", *sealed).ok());
    QVERIFY(!AesGcm::open(key(), nonce(), QByteArray("project-1\0", 10), *sealed).ok());

    const Result<QByteArray> noAad = AesGcm::seal(key(), nonce(), {}, "secret");
    QVERIFY(noAad.ok());
    QVERIFY(!AesGcm::open(key(), nonce(), "x", *noAad).ok());
}

void TestAesGcm::wrongKeyRejected()
{
    const Result<QByteArray> sealed = AesGcm::seal(key(), nonce(), {}, "secret");
    QVERIFY(sealed.ok());
    QByteArray other = key();
    other[31] = char(other[31] ^ 0x01);
    const Result<QByteArray> opened = AesGcm::open(other, nonce(), {}, *sealed);
    QVERIFY(!opened.ok());
    QVERIFY(!opened.error().message.isEmpty());
}

void TestAesGcm::wrongNonceRejected()
{
    const Result<QByteArray> sealed = AesGcm::seal(key(), nonce(), {}, "secret");
    QVERIFY(sealed.ok());
    QByteArray other = nonce();
    other[0] = char(other[0] ^ 0x01);
    QVERIFY(!AesGcm::open(key(), other, {}, *sealed).ok());
}

void TestAesGcm::wrongSizesRejected()
{
    const Result<QByteArray> sealed = AesGcm::seal(key(), nonce(), {}, "secret");
    QVERIFY(sealed.ok());

    for (int keySize : {0, 16, 24, 31, 33, 64}) {
        const QByteArray badKey(keySize, '\x42');
        const Result<QByteArray> s = AesGcm::seal(badKey, nonce(), {}, "secret");
        QVERIFY2(!s.ok(), qPrintable(QStringLiteral("seal accepted a %1-byte key").arg(keySize)));
        QCOMPARE(s.error().kind, Error::Kind::InvalidArgument);
        QVERIFY(!AesGcm::open(badKey, nonce(), {}, *sealed).ok());
    }
    for (int nonceSize : {0, 8, 11, 13, 16}) {
        const QByteArray badNonce(nonceSize, '\x01');
        const Result<QByteArray> s = AesGcm::seal(key(), badNonce, {}, "secret");
        QVERIFY2(!s.ok(), qPrintable(QStringLiteral("seal accepted a %1-byte nonce").arg(nonceSize)));
        QCOMPARE(s.error().kind, Error::Kind::InvalidArgument);
        QVERIFY(!AesGcm::open(key(), badNonce, {}, *sealed).ok());
    }
}

void TestAesGcm::shortCiphertextRejected()
{
    for (int size = 0; size < AesGcm::TagSize; ++size) {
        const Result<QByteArray> opened = AesGcm::open(key(), nonce(), {}, QByteArray(size, '\0'));
        QVERIFY2(!opened.ok(), qPrintable(QStringLiteral("accepted a %1-byte ciphertext").arg(size)));
        QCOMPARE(opened.error().kind, Error::Kind::InvalidArgument);
    }
}

QTEST_GUILESS_MAIN(TestAesGcm)
#include "TestAesGcm.moc"
