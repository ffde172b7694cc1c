#include "security/PasswordHasher.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>

/** scrypt against RFC 7914 §12, and the $scrypt$ hash strings built on it. */
class TestPasswordHasher : public QObject
{
    Q_OBJECT

private slots:
    void rfc7914_data();
    void rfc7914();
    void scryptRejectsBadParameters();
    void verifiesReferenceHash();
    void hashFormat();
    void roundTrip_data();
    void roundTrip();
    void defaultParamsRoundTrip();
    void saltIsRandom();
    void wrongPasswordRejected();
    void malformed_data();
    void malformed();
    void outOfBoundsParamsRefused();
    void hashRefusesOutOfBoundsParams();
    void needsRehash();

private:
    static constexpr PasswordHasher::Params s_fast{10, 8, 1};
};

namespace {
// "correct horse battery staple", salt 00 01 .. 0f, ln=10 r=8 p=1, 32 bytes; computed with
// `openssl kdf -keylen 32 ... SCRYPT` and Python's hashlib.scrypt.
const QString s_reference
    = QStringLiteral("$scrypt$ln=10,r=8,p=1$AAECAwQFBgcICQoLDA0ODw$mp90zEQd5XGhjEv4WArVH4Z0XRSzkGWtJK2S/AXJlRU");
const QString s_referencePassword = QStringLiteral("correct horse battery staple");
} // namespace

void TestPasswordHasher::rfc7914_data()
{
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<QByteArray>("salt");
    QTest::addColumn<quint64>("n");
    QTest::addColumn<quint32>("r");
    QTest::addColumn<quint32>("p");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("N=16 r=1 p=1, empty") << QByteArray() << QByteArray() << quint64(16) << quint32(1) << quint32(1)
                                         << QByteArray(
                                                "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                                                "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
    QTest::newRow("N=1024 r=8 p=16") << QByteArray("password") << QByteArray("NaCl") << quint64(1024) << quint32(8)
                                     << quint32(16)
                                     << QByteArray("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                                                   "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
    QTest::newRow("N=16384 r=8 p=1") << QByteArray("pleaseletmein") << QByteArray("SodiumChloride") << quint64(16384)
                                     << quint32(8) << quint32(1)
                                     << QByteArray("7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
                                                   "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887");
}

void TestPasswordHasher::rfc7914()
{
    QFETCH(QByteArray, password);
    QFETCH(QByteArray, salt);
    QFETCH(quint64, n);
    QFETCH(quint32, r);
    QFETCH(quint32, p);
    QFETCH(QByteArray, expected);

    const Result<QByteArray> out = PasswordHasher::scrypt(password, salt, n, r, p, 64);
    QVERIFY2(out.ok(), qPrintable(out.ok() ? QString() : out.error().message));
    QCOMPARE(out->size(), 64);
    QCOMPARE(out->toHex(), expected);
}

void TestPasswordHasher::scryptRejectsBadParameters()
{
    QVERIFY(!PasswordHasher::scrypt("pw", "salt", 0, 8, 1, 32).ok());
    QVERIFY(!PasswordHasher::scrypt("pw", "salt", 1, 8, 1, 32).ok());
    QVERIFY(!PasswordHasher::scrypt("pw", "salt", 1000, 8, 1, 32).ok()); // not a power of two
    QVERIFY(!PasswordHasher::scrypt("pw", "salt", 1024, 0, 1, 32).ok());
    QVERIFY(!PasswordHasher::scrypt("pw", "salt", 1024, 8, 0, 32).ok());
    QVERIFY(!PasswordHasher::scrypt("pw", "salt", 1024, 8, 1, 0).ok());
    // More memory than the configured ceiling (2^22 * 8 * 128 bytes = 4 GiB): refused, not attempted.
    QVERIFY(!PasswordHasher::scrypt("pw", "salt", quint64(1) << 22, 8, 1, 32).ok());
}

void TestPasswordHasher::verifiesReferenceHash()
{
    QVERIFY(PasswordHasher::verify(s_referencePassword, s_reference));
    QVERIFY(!PasswordHasher::verify(QStringLiteral("correct horse battery stapler"), s_reference));
    QVERIFY(!PasswordHasher::verify(QStringLiteral("Correct horse battery staple"), s_reference));
}

void TestPasswordHasher::hashFormat()
{
    const QString h = PasswordHasher::hash(QStringLiteral("hunter2"), PasswordHasher::Params{11, 4, 2});
    static const QRegularExpression shape(
        QStringLiteral(R"(\A\$scrypt\$ln=11,r=4,p=2\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)\z)"));
    const QRegularExpressionMatch m = shape.match(h);
    QVERIFY2(m.hasMatch(), qPrintable(h));
    // Unpadded base64 of a 16-byte salt and a 32-byte hash.
    QCOMPARE(m.captured(1).size(), 22);
    QCOMPARE(m.captured(2).size(), 43);
    QCOMPARE(QByteArray::fromBase64(m.captured(1).toLatin1()).size(), 16);
    QCOMPARE(QByteArray::fromBase64(m.captured(2).toLatin1()).size(), 32);
    QVERIFY(PasswordHasher::verify(QStringLiteral("hunter2"), h));
}

void TestPasswordHasher::roundTrip_data()
{
    QTest::addColumn<QString>("password");
    QTest::newRow("ascii") << QStringLiteral("correct horse battery staple");
    QTest::newRow("empty") << QString();
    QTest::newRow("unicode") << QStringLiteral("pässwörd ✓ 密码");
    QTest::newRow("long") << QString(1000, u'x');
}

void TestPasswordHasher::roundTrip()
{
    QFETCH(QString, password);
    const QString h = PasswordHasher::hash(password, s_fast);
    QVERIFY(h.startsWith(QStringLiteral("$scrypt$ln=10,r=8,p=1$")));
    QVERIFY(PasswordHasher::verify(password, h));
}

void TestPasswordHasher::defaultParamsRoundTrip()
{
    QElapsedTimer timer;
    timer.start();
    const QString h = PasswordHasher::hash(QStringLiteral("default parameters"));
    QVERIFY2(h.startsWith(QStringLiteral("$scrypt$ln=15,r=8,p=1$")), qPrintable(h));
    QVERIFY(PasswordHasher::verify(QStringLiteral("default parameters"), h));
    QVERIFY(!PasswordHasher::verify(QStringLiteral("default parameter"), h));
    qInfo("hash + 2 verifications with the default parameters: %lld ms", timer.elapsed());
}

void TestPasswordHasher::saltIsRandom()
{
    const QString a = PasswordHasher::hash(QStringLiteral("same"), s_fast);
    const QString b = PasswordHasher::hash(QStringLiteral("same"), s_fast);
    QVERIFY(!a.isEmpty());
    QVERIFY(a != b);
    QVERIFY(a.section(u'$', 3, 3) != b.section(u'$', 3, 3));
    QVERIFY(PasswordHasher::verify(QStringLiteral("same"), a));
    QVERIFY(PasswordHasher::verify(QStringLiteral("same"), b));
}

void TestPasswordHasher::wrongPasswordRejected()
{
    const QString h = PasswordHasher::hash(QStringLiteral("s3cret"), s_fast);
    QVERIFY(PasswordHasher::verify(QStringLiteral("s3cret"), h));
    QVERIFY(!PasswordHasher::verify(QStringLiteral("s3cret "), h));
    QVERIFY(!PasswordHasher::verify(QStringLiteral("S3cret"), h));
    QVERIFY(!PasswordHasher::verify(QString(), h));
    QVERIFY(!PasswordHasher::verify(QStringLiteral("s3cre"), h));
}

void TestPasswordHasher::malformed_data()
{
    QTest::addColumn<QString>("encoded");
    const QString salt = QStringLiteral("AAECAwQFBgcICQoLDA0ODw");
    const QString hash = QStringLiteral("mp90zEQd5XGhjEv4WArVH4Z0XRSzkGWtJK2S/AXJlRU");
    auto with = [&](const QString& params, const QString& s, const QString& h) {
        return QStringLiteral("$scrypt$%1$%2$%3").arg(params, s, h);
    };
    const QString params = QStringLiteral("ln=10,r=8,p=1");
    // Sanity: the pieces assemble into the reference hash, so each row below differs by one defect only.
    QCOMPARE(with(params, salt, hash), s_reference);

    QTest::newRow("empty") << QString();
    QTest::newRow("garbage") << QStringLiteral("not a hash");
    QTest::newRow("prefix only") << QStringLiteral("$scrypt$");
    QTest::newRow("bcrypt") << QStringLiteral("$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW");
    QTest::newRow("other algorithm") << QStringLiteral("$argon2id$ln=10,r=8,p=1$%1$%2").arg(salt, hash);
    QTest::newRow("missing hash") << QStringLiteral("$scrypt$%1$%2").arg(params, salt);
    QTest::newRow("empty hash") << with(params, salt, QString());
    QTest::newRow("empty salt") << with(params, QString(), hash);
    QTest::newRow("extra field") << with(params, salt, hash) + QStringLiteral("$x");
    QTest::newRow("trailing newline") << with(params, salt, hash) + u'\n';
    QTest::newRow("leading space") << u' ' + with(params, salt, hash);
    QTest::newRow("padded salt") << with(params, salt + QStringLiteral("=="), hash);
    QTest::newRow("padded hash") << with(params, salt, hash + u'=');
    QTest::newRow("non-canonical salt") << with(params, salt.chopped(1) + u'x', hash);
    QTest::newRow("base64url salt") << with(params, QStringLiteral("AAECAwQFBgcICQoLDA0O_w"), hash);
    QTest::newRow("bad base64 hash") << with(params, salt, hash.left(40) + QStringLiteral("!!!"));
    QTest::newRow("short hash") << with(params, salt, hash.left(42));
    QTest::newRow("long hash") << with(
        params, salt, QString::fromLatin1(QByteArray(33, 'h').toBase64(QByteArray::OmitTrailingEquals)));
    QTest::newRow("short salt") << with(
        params, QString::fromLatin1(QByteArray(8, 's').toBase64(QByteArray::OmitTrailingEquals)), hash);
    QTest::newRow("params reordered") << with(QStringLiteral("r=8,ln=10,p=1"), salt, hash);
    QTest::newRow("param missing") << with(QStringLiteral("ln=10,r=8"), salt, hash);
    QTest::newRow("param repeated") << with(QStringLiteral("ln=10,r=8,p=1,p=1"), salt, hash);
    QTest::newRow("N instead of ln") << with(QStringLiteral("N=1024,r=8,p=1"), salt, hash);
    QTest::newRow("leading zero") << with(QStringLiteral("ln=010,r=8,p=1"), salt, hash);
    QTest::newRow("negative") << with(QStringLiteral("ln=-10,r=8,p=1"), salt, hash);
    QTest::newRow("space in params") << with(QStringLiteral("ln=10, r=8,p=1"), salt, hash);
    QTest::newRow("huge number") << with(QStringLiteral("ln=10,r=8,p=99999999999999999999"), salt, hash);
}

void TestPasswordHasher::malformed()
{
    QFETCH(QString, encoded);
    QVERIFY(!PasswordHasher::verify(s_referencePassword, encoded));
    QVERIFY(PasswordHasher::needsRehash(encoded, PasswordHasher::Params{10, 1, 1}));
}

void TestPasswordHasher::outOfBoundsParamsRefused()
{
    // Each string carries the *correct* scrypt output for its parameters, so only the bounds check can
    // make verify() say no.
    const QByteArray salt = QByteArray::fromHex("000102030405060708090a0b0c0d0e0f");
    const QByteArray password = s_referencePassword.toUtf8();
    auto encode = [&](int ln, quint32 r, quint32 p) {
        const Result<QByteArray> key = PasswordHasher::scrypt(password, salt, quint64(1) << ln, r, p, 32);
        if (!key)
            return QString();
        return QStringLiteral("$scrypt$ln=%1,r=%2,p=%3$%4$%5")
            .arg(ln)
            .arg(r)
            .arg(p)
            .arg(QString::fromLatin1(salt.toBase64(QByteArray::OmitTrailingEquals)),
                 QString::fromLatin1(key->toBase64(QByteArray::OmitTrailingEquals)));
    };

    // Control: at the inclusive bounds the same construction verifies.
    const QString atBounds = encode(10, 1, 4);
    QVERIFY(PasswordHasher::verify(s_referencePassword, atBounds));
    QVERIFY(!PasswordHasher::needsRehash(atBounds, PasswordHasher::Params{10, 1, 4}));

    const QString lowN = encode(9, 8, 1);
    const QString highR = encode(10, 17, 1);
    const QString highP = encode(10, 1, 5);
    QVERIFY(!lowN.isEmpty() && !highR.isEmpty() && !highP.isEmpty());
    QVERIFY2(!PasswordHasher::verify(s_referencePassword, lowN), qPrintable(lowN));
    QVERIFY2(!PasswordHasher::verify(s_referencePassword, highR), qPrintable(highR));
    QVERIFY2(!PasswordHasher::verify(s_referencePassword, highP), qPrintable(highP));

    // Parameters that cannot be computed here at all: refused all the same.
    const QString saltText = QStringLiteral("AAECAwQFBgcICQoLDA0ODw");
    const QString hash = QStringLiteral("mp90zEQd5XGhjEv4WArVH4Z0XRSzkGWtJK2S/AXJlRU");
    const QStringList params = {
        QStringLiteral("ln=0,r=8,p=1"),
        QStringLiteral("ln=21,r=8,p=1"),
        QStringLiteral("ln=99,r=8,p=1"),
        QStringLiteral("ln=10,r=0,p=1"),
        QStringLiteral("ln=10,r=8,p=0"),
        // Inside the individual bounds, but 2^20 * 16 * 128 bytes = 2 GiB of memory.
        QStringLiteral("ln=20,r=16,p=1"),
    };
    for (const QString& p : params) {
        const QString encoded = QStringLiteral("$scrypt$%1$%2$%3").arg(p, saltText, hash);
        QVERIFY2(!PasswordHasher::verify(s_referencePassword, encoded), qPrintable(encoded));
    }
}

void TestPasswordHasher::hashRefusesOutOfBoundsParams()
{
    QVERIFY(PasswordHasher::hash(QStringLiteral("pw"), PasswordHasher::Params{9, 8, 1}).isEmpty());
    QVERIFY(PasswordHasher::hash(QStringLiteral("pw"), PasswordHasher::Params{10, 0, 1}).isEmpty());
    QVERIFY(PasswordHasher::hash(QStringLiteral("pw"), PasswordHasher::Params{10, 8, 5}).isEmpty());
    QVERIFY(PasswordHasher::hash(QStringLiteral("pw"), PasswordHasher::Params{21, 8, 1}).isEmpty());
}

void TestPasswordHasher::needsRehash()
{
    using Params = PasswordHasher::Params;
    const QString weak = PasswordHasher::hash(QStringLiteral("pw"), s_fast);
    QVERIFY(PasswordHasher::needsRehash(weak, Params{})); // ln 10 < 15
    QVERIFY(!PasswordHasher::needsRehash(weak, Params{10, 8, 1})); // same
    QVERIFY(!PasswordHasher::needsRehash(weak, Params{10, 4, 1})); // stored is stronger
    QVERIFY(PasswordHasher::needsRehash(weak, Params{11, 8, 1}));
    QVERIFY(PasswordHasher::needsRehash(weak, Params{10, 9, 1}));
    QVERIFY(PasswordHasher::needsRehash(weak, Params{10, 8, 2}));

    QVERIFY(!PasswordHasher::needsRehash(s_reference, Params{10, 8, 1}));
    QVERIFY(PasswordHasher::needsRehash(s_reference, Params{15, 8, 1}));
    const QString strong = QStringLiteral("$scrypt$ln=16,r=8,p=2$AAECAwQFBgcICQoLDA0ODw$"
                                          "mp90zEQd5XGhjEv4WArVH4Z0XRSzkGWtJK2S/AXJlRU");
    QVERIFY(!PasswordHasher::needsRehash(strong, Params{}));
    QVERIFY(PasswordHasher::needsRehash(QStringLiteral("garbage"), Params{}));
}

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "TestPasswordHasher.moc"
