#include "security/CredentialCipher.h"

#include <QRegularExpression>
#include <QTest>

/** Envelope encryption of provider credentials: format, AAD binding, key rotation and malformed input. */
class TestCredentialCipher : public QObject
{
    Q_OBJECT

private slots:
    void keyIdKnownAnswer();
    void validity();
    void roundTrip_data();
    void roundTrip();
    void envelopeFormat();
    void decryptsReferenceEnvelope();
    void boundToProjectAndProvider();
    void rotation();
    void sameSecretEncryptsDifferently();
    void tamperedEnvelopeRejected();
    void malformedEnvelopes_data();
    void malformedEnvelopes();
    void invalidCipherRefuses();

private:
    static QByteArray keyA() { return QByteArray(32, '\xaa'); }
    static QByteArray keyB() { return QByteArray(32, '\xbb'); }
};

namespace {
// Key 00 01 02 .. 1f; its id is the first 8 hex digits of SHA-256("aigw-key-id" NUL key), computed with
// `openssl dgst -sha256`.
QByteArray referenceKey()
{
    QByteArray key(32, '\0');
    for (int i = 0; i < key.size(); ++i)
        key[i] = char(i);
    return key;
}
// "sk-test-é123" sealed under referenceKey() with nonce 0f0e0d0c0b0a090807060504 and AAD
// "aigw-credential-v1" NUL "proj-1" NUL "openai", computed independently (openssl enc + a Python GHASH,
// cross-checked with Python's cryptography AESGCM).
const char* const s_referenceEnvelope = "v1:d1ba2900:Dw4NDAsKCQgHBgUE11ucKD6k24ModoBtC0zzd/rqZEv00fAOp4Z2wQM=";
} // namespace

void TestCredentialCipher::keyIdKnownAnswer()
{
    QCOMPARE(CredentialCipher::keyId(referenceKey()), QStringLiteral("d1ba2900"));
    QCOMPARE(CredentialCipher::keyId(keyB()), QStringLiteral("28e8cb93"));
    QVERIFY(CredentialCipher::keyId(keyA()) != CredentialCipher::keyId(keyB()));
    QCOMPARE(CredentialCipher({keyB(), keyA()}).currentKeyId(), QStringLiteral("28e8cb93"));
}

void TestCredentialCipher::validity()
{
    QVERIFY(!CredentialCipher().isValid());
    QVERIFY(CredentialCipher().currentKeyId().isEmpty());
    QVERIFY(!CredentialCipher(QList<QByteArray>{}).isValid());
    QVERIFY(!CredentialCipher({QByteArray(16, 'k')}).isValid());
    QVERIFY(!CredentialCipher({keyA(), QByteArray(31, 'k')}).isValid());
    QVERIFY(CredentialCipher({keyA()}).isValid());
    QVERIFY(CredentialCipher({keyA(), keyB()}).isValid());
}

void TestCredentialCipher::roundTrip_data()
{
    QTest::addColumn<QString>("projectId");
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QByteArray>("secret");

    QTest::newRow("typical") << QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e") << QStringLiteral("openai")
                             << QByteArray("sk-proj-abcdefghijklmnopqrstuvwxyz0123456789");
    QTest::newRow("empty secret") << QStringLiteral("p") << QStringLiteral("anthropic") << QByteArray();
    QTest::newRow("binary secret") << QStringLiteral("p") << QStringLiteral("gemini") << QByteArray("\0\xff\x01", 3);
    QTest::newRow("non-ASCII ids") << QStringLiteral("projet-été") << QStringLiteral("fournisseur") << QByteArray("k");
    QTest::newRow("long secret") << QStringLiteral("p") << QStringLiteral("openai") << QByteArray(10000, 's');
}

void TestCredentialCipher::roundTrip()
{
    QFETCH(QString, projectId);
    QFETCH(QString, provider);
    QFETCH(QByteArray, secret);

    const CredentialCipher cipher({keyA()});
    const Result<QString> envelope = cipher.encrypt(projectId, provider, secret);
    QVERIFY2(envelope.ok(), qPrintable(envelope.ok() ? QString() : envelope.error().message));
    if (secret.size() > 4)
        QVERIFY(!envelope->contains(QString::fromLatin1(secret)));
    const Result<QByteArray> decrypted = cipher.decrypt(projectId, provider, *envelope);
    QVERIFY2(decrypted.ok(), qPrintable(decrypted.ok() ? QString() : decrypted.error().message));
    QCOMPARE(*decrypted, secret);
}

void TestCredentialCipher::envelopeFormat()
{
    const CredentialCipher cipher({keyA()});
    const QByteArray secret("sk-1234567890");
    const Result<QString> envelope = cipher.encrypt("p", "openai", secret);
    QVERIFY(envelope.ok());

    static const QRegularExpression shape(QStringLiteral("\\Av1:([0-9a-f]{8}):([A-Za-z0-9+/]+=*)\\z"));
    const QRegularExpressionMatch m = shape.match(*envelope);
    QVERIFY2(m.hasMatch(), qPrintable(*envelope));
    QCOMPARE(m.captured(1), CredentialCipher::keyId(keyA()));
    QCOMPARE(CredentialCipher::envelopeKeyId(*envelope), CredentialCipher::keyId(keyA()));
    // nonce(12) || ciphertext (same length as the secret) || tag(16)
    QCOMPARE(QByteArray::fromBase64(m.captured(2).toLatin1()).size(), 12 + secret.size() + 16);
}

void TestCredentialCipher::decryptsReferenceEnvelope()
{
    const CredentialCipher cipher({referenceKey()});
    const QString envelope = QString::fromLatin1(s_referenceEnvelope);
    QCOMPARE(CredentialCipher::envelopeKeyId(envelope), QStringLiteral("d1ba2900"));
    const Result<QByteArray> decrypted = cipher.decrypt(QStringLiteral("proj-1"), QStringLiteral("openai"), envelope);
    QVERIFY2(decrypted.ok(), qPrintable(decrypted.ok() ? QString() : decrypted.error().message));
    QCOMPARE(*decrypted, QStringLiteral("sk-test-é123").toUtf8());
}

void TestCredentialCipher::boundToProjectAndProvider()
{
    const CredentialCipher cipher({keyA()});
    const Result<QString> envelope = cipher.encrypt("project-1", "openai", "sk-secret");
    QVERIFY(envelope.ok());
    QVERIFY(cipher.decrypt("project-1", "openai", *envelope).ok());

    const Result<QByteArray> otherProject = cipher.decrypt("project-2", "openai", *envelope);
    QVERIFY(!otherProject.ok());
    QVERIFY(!otherProject.error().message.isEmpty());
    QVERIFY(!cipher.decrypt("project-1", "anthropic", *envelope).ok());
    QVERIFY(!cipher.decrypt("", "openai", *envelope).ok());
    // The separator keeps ("project-1", "openai") apart from ("project-1o", "penai") and the like.
    QVERIFY(!cipher.decrypt("project-1o", "penai", *envelope).ok());
    QVERIFY(!cipher.decrypt("project-", "1openai", *envelope).ok());
    // The reference envelope, too, only opens for its own row.
    const CredentialCipher reference({referenceKey()});
    QVERIFY(!reference.decrypt("proj-2", "openai", QString::fromLatin1(s_referenceEnvelope)).ok());
    QVERIFY(!reference.decrypt("proj-1", "gemini", QString::fromLatin1(s_referenceEnvelope)).ok());
}

void TestCredentialCipher::rotation()
{
    const CredentialCipher oldCipher({keyA()});
    const Result<QString> oldEnvelope = oldCipher.encrypt("p", "openai", "sk-old");
    QVERIFY(oldEnvelope.ok());

    // During the rotation: B encrypts, A still decrypts.
    const CredentialCipher rotating({keyB(), keyA()});
    const Result<QByteArray> decrypted = rotating.decrypt("p", "openai", *oldEnvelope);
    QVERIFY(decrypted.ok());
    QCOMPARE(*decrypted, QByteArray("sk-old"));
    const Result<QString> newEnvelope = rotating.encrypt("p", "openai", "sk-old");
    QVERIFY(newEnvelope.ok());
    QCOMPARE(CredentialCipher::envelopeKeyId(*newEnvelope), CredentialCipher::keyId(keyB()));
    QVERIFY(!oldCipher.decrypt("p", "openai", *newEnvelope).ok());

    // After it: A is gone, and the error names the missing key.
    const CredentialCipher rotated({keyB()});
    const Result<QByteArray> refused = rotated.decrypt("p", "openai", *oldEnvelope);
    QVERIFY(!refused.ok());
    const QString idA = CredentialCipher::keyId(keyA());
    QVERIFY2(
        refused.error().message.contains(QStringLiteral("encrypted with key %1, which is not configured").arg(idA)),
        qPrintable(refused.error().message));
    QCOMPARE(*rotated.decrypt("p", "openai", *newEnvelope), QByteArray("sk-old"));
}

void TestCredentialCipher::sameSecretEncryptsDifferently()
{
    const CredentialCipher cipher({keyA()});
    const Result<QString> first = cipher.encrypt("p", "openai", "sk-same");
    const Result<QString> second = cipher.encrypt("p", "openai", "sk-same");
    QVERIFY(first.ok());
    QVERIFY(second.ok());
    QVERIFY(*first != *second);
    // Different nonces, not merely different encodings.
    const QByteArray a = QByteArray::fromBase64(first->section(u':', 2).toLatin1());
    const QByteArray b = QByteArray::fromBase64(second->section(u':', 2).toLatin1());
    QVERIFY(a.left(12) != b.left(12));
    QCOMPARE(*cipher.decrypt("p", "openai", *first), QByteArray("sk-same"));
    QCOMPARE(*cipher.decrypt("p", "openai", *second), QByteArray("sk-same"));
}

void TestCredentialCipher::tamperedEnvelopeRejected()
{
    const CredentialCipher cipher({keyA()});
    const Result<QString> envelope = cipher.encrypt("p", "openai", "sk-secret");
    QVERIFY(envelope.ok());
    QByteArray blob = QByteArray::fromBase64(envelope->section(u':', 2).toLatin1());
    for (int i = 0; i < blob.size(); ++i) {
        QByteArray tampered = blob;
        tampered[i] = char(tampered[i] ^ 0x04);
        const QString bad
            = QStringLiteral("v1:%1:%2").arg(CredentialCipher::keyId(keyA()), QString::fromLatin1(tampered.toBase64()));
        QVERIFY2(!cipher.decrypt("p", "openai", bad).ok(), qPrintable(QStringLiteral("byte %1 flipped").arg(i)));
    }
}

void TestCredentialCipher::malformedEnvelopes_data()
{
    QTest::addColumn<QString>("envelope");
    const QString id = CredentialCipher::keyId(keyA());
    const QString validBlob = QString::fromLatin1(QByteArray(12 + 5 + 16, 'x').toBase64());

    QTest::newRow("empty") << QString();
    QTest::newRow("garbage") << QStringLiteral("not an envelope");
    QTest::newRow("plain secret") << QStringLiteral("sk-proj-abc");
    QTest::newRow("no payload") << QStringLiteral("v1:%1").arg(id);
    QTest::newRow("empty payload") << QStringLiteral("v1:%1:").arg(id);
    QTest::newRow("wrong version") << QStringLiteral("v2:%1:%2").arg(id, validBlob);
    QTest::newRow("no version") << QStringLiteral(":%1:%2").arg(id, validBlob);
    QTest::newRow("upper-case version") << QStringLiteral("V1:%1:%2").arg(id, validBlob);
    QTest::newRow("short key id") << QStringLiteral("v1:%1:%2").arg(id.left(7), validBlob);
    QTest::newRow("long key id") << QStringLiteral("v1:%1:%2").arg(id + u'0', validBlob);
    QTest::newRow("upper-case key id") << QStringLiteral("v1:%1:%2").arg(id.toUpper(), validBlob);
    QTest::newRow("non-hex key id") << QStringLiteral("v1:zzzzzzzz:%1").arg(validBlob);
    QTest::newRow("bad base64") << QStringLiteral("v1:%1:!!!!not*base64!!!!").arg(id);
    QTest::newRow("base64 with space") << QStringLiteral("v1:%1:%2 ").arg(id, validBlob);
    QTest::newRow("extra field") << QStringLiteral("v1:%1:%2:extra").arg(id, validBlob);
    QTest::newRow("too short")
        << QStringLiteral("v1:%1:%2").arg(id, QString::fromLatin1(QByteArray(12 + 15, 'x').toBase64()));
    QTest::newRow("nonce only")
        << QStringLiteral("v1:%1:%2").arg(id, QString::fromLatin1(QByteArray(12, 'x').toBase64()));
    QTest::newRow("non-ASCII") << QStringLiteral("v1:%1:%2é").arg(id, validBlob);
}

void TestCredentialCipher::malformedEnvelopes()
{
    QFETCH(QString, envelope);
    const CredentialCipher cipher({keyA()});
    const Result<QByteArray> decrypted = cipher.decrypt("p", "openai", envelope);
    QVERIFY(!decrypted.ok());
    QCOMPARE(decrypted.error().kind, Error::Kind::InvalidArgument);
    QVERIFY(!decrypted.error().message.isEmpty());
}

void TestCredentialCipher::invalidCipherRefuses()
{
    const CredentialCipher good({keyA()});
    const Result<QString> envelope = good.encrypt("p", "openai", "sk");
    QVERIFY(envelope.ok());

    for (const CredentialCipher& bad : {CredentialCipher(), CredentialCipher({QByteArray(16, 'k')})}) {
        QVERIFY(!bad.encrypt("p", "openai", "sk").ok());
        QVERIFY(!bad.decrypt("p", "openai", *envelope).ok());
    }
    // A NUL inside a field would make the AAD ambiguous.
    QVERIFY(!good.encrypt(QStringLiteral("p") + QChar(0), "openai", "sk").ok());
    QVERIFY(!good.decrypt("p", QStringLiteral("open") + QChar(0) + QStringLiteral("ai"), *envelope).ok());
}

QTEST_GUILESS_MAIN(TestCredentialCipher)
#include "TestCredentialCipher.moc"
