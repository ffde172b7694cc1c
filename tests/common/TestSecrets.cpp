#include "TestEnvironment.h"

#include "config/Secrets.h"

#include "security/SecureRandom.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

/** The encryption key and JWT secret: what counts as a secret, where it comes from, the generated file. */
class TestSecrets : public QObject
{
    Q_OBJECT

private slots:
    void decodeAccepts_data();
    void decodeAccepts();
    void decodeRefuses_data();
    void decodeRefuses();
    void sqliteGeneratesPrivateFileAndReusesIt();
    void environmentWinsOverFile();
    void aigwPrefixedVariableWins();
    void configFileSecrets();
    void setButEmptyIsUnset();
    void looseSecretsFileRefused();
    void postgresRequiresBothSecrets_data();
    void postgresRequiresBothSecrets();
    void postgresWithBothSecrets();
    void identicalSecretsRefused();
    void weakConfiguredSecretRefused();
    void previousKeysAddDecryptKeys();
    void previousKeysFromConfigFile();
    void badPreviousKeyRefused();

private:
    DatabaseUrl sqliteUrl() const { return DatabaseUrl::sqlite(m_dir.filePath(QStringLiteral("aigw.db"))); }
    static DatabaseUrl postgresUrl() { return DatabaseUrl::parse(QStringLiteral("postgresql://u@h/gw")).value(); }
    static QByteArray randomKey(int n = 32)
    {
        // Retry the (astronomically unlikely) draw that the randomness check itself would refuse.
        for (;;) {
            const QByteArray b = SecureRandom::bytes(n);
            if (Secrets::decode(QString::fromLatin1(b.toBase64()), QStringLiteral("K")))
                return b;
        }
    }
    static QString b64(const QByteArray& b) { return QString::fromLatin1(b.toBase64()); }

    QTemporaryDir m_dir;

private slots:
    void init()
    {
        QFile::remove(Secrets::secretsFilePath(sqliteUrl()));
        QFile::remove(m_dir.filePath(QStringLiteral("aigw.conf")));
    }
};

namespace {
/**
 * 32 distinct bytes (7 is odd, so 0xfb + 7i differs for every i below 256) starting fb ff: their base64
 * starts "+/" and their base64url "-_", so the two encodings differ.
 */
QByteArray urlUnsafeBytes()
{
    QByteArray b;
    for (int i = 0; i < 32; ++i)
        b.append(char(0xfb + (i == 1 ? 4 : i * 7)));
    return b;
}
} // namespace

void TestSecrets::decodeAccepts_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("bytes");

    const QByteArray key = urlUnsafeBytes();
    const QByteArray longKey = randomKey(48);
    QTest::newRow("base64") << QString::fromLatin1(key.toBase64()) << key;
    QTest::newRow("base64url with padding") << QString::fromLatin1(key.toBase64(QByteArray::Base64UrlEncoding)) << key;
    QTest::newRow("base64url without padding")
        << QString::fromLatin1(key.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)) << key;
    QTest::newRow("base64 without padding") << QString::fromLatin1(key.toBase64(QByteArray::OmitTrailingEquals)) << key;
    QTest::newRow("hex") << QString::fromLatin1(key.toHex()) << key;
    QTest::newRow("upper-case hex") << QString::fromLatin1(key.toHex().toUpper()) << key;
    QTest::newRow("surrounding whitespace")
        << QStringLiteral("  ") + QString::fromLatin1(key.toBase64()) + QStringLiteral("\n") << key;
    QTest::newRow("more than 32 bytes") << QString::fromLatin1(longKey.toBase64()) << longKey;
    QTest::newRow("openssl rand -base64 32") << QStringLiteral("3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs=")
                                             << QByteArray::fromBase64("3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs=");
}

void TestSecrets::decodeAccepts()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, bytes);
    auto decoded = Secrets::decode(text, QStringLiteral("ENCRYPTION_KEY"));
    QVERIFY2(decoded, qPrintable(decoded ? QString() : decoded.error().message));
    QCOMPARE(decoded.value(), bytes);
}

void TestSecrets::decodeRefuses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << QString() << QStringLiteral("decodes to 0 bytes");
    QTest::newRow("16 random bytes") << b64(SecureRandom::bytes(16)) << QStringLiteral("decodes to 16 bytes");
    QTest::newRow("31 random bytes") << b64(SecureRandom::bytes(31)) << QStringLiteral("decodes to 31 bytes");
    QTest::newRow("hex of 31 bytes") << QString::fromLatin1(urlUnsafeBytes().left(31).toHex())
                                     << QStringLiteral("decodes to 31 bytes");
    QTest::newRow("hex of 16 bytes") << QString::fromLatin1(urlUnsafeBytes().left(16).toHex())
                                     << QStringLiteral("decodes to 16 bytes");
    QTest::newRow("passphrase with spaces")
        << QStringLiteral("correct horse battery staple and more words here") << QStringLiteral("is not base64 or hex");
    QTest::newRow("passphrase with punctuation")
        << QStringLiteral("change-me-in-production!") << QStringLiteral("is not base64 or hex");
    QTest::newRow("short word") << QStringLiteral("secret") << QStringLiteral("at least 32 random bytes");
    QTest::newRow("zero bytes as base64") << b64(QByteArray(32, '\0')) << QStringLiteral("does not look random");
    QTest::newRow("AAAA") << QStringLiteral("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
                          << QStringLiteral("does not look random");
    QTest::newRow("repeated byte") << b64(QByteArray(48, 'x')) << QStringLiteral("does not look random");
    QByteArray pattern;
    for (int i = 0; i < 32; ++i)
        pattern.append(char(i % 16));
    QTest::newRow("repeated pattern") << b64(pattern) << QStringLiteral("does not look random");
    QTest::newRow("hex zeros") << QString(64, QLatin1Char('0')) << QStringLiteral("does not look random");
}

void TestSecrets::decodeRefuses()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    auto decoded = Secrets::decode(text, QStringLiteral("JWT_SECRET"));
    QVERIFY2(!decoded, qPrintable(QString::fromLatin1(decoded ? decoded.value().toHex() : QByteArray())));
    QCOMPARE(decoded.error().kind, Error::Kind::InvalidArgument);
    QCOMPARE(decoded.error().field, QStringLiteral("JWT_SECRET"));
    QVERIFY2(decoded.error().message.startsWith(QStringLiteral("JWT_SECRET ")), qPrintable(decoded.error().message));
    QVERIFY2(decoded.error().message.contains(message), qPrintable(decoded.error().message));
    QVERIFY2(decoded.error().message.contains(QStringLiteral("openssl rand -base64 32")),
             qPrintable(decoded.error().message));
}

void TestSecrets::sqliteGeneratesPrivateFileAndReusesIt()
{
    const QString path = Secrets::secretsFilePath(sqliteUrl());
    QCOMPARE(path, m_dir.filePath(QStringLiteral("aigw.db.secrets")));
    QVERIFY(!QFileInfo::exists(path));

    auto first = Secrets::load(Config::fromEnvironment({}), sqliteUrl());
    QVERIFY2(first, qPrintable(first ? QString() : first.error().message));
    QVERIFY(QFileInfo::exists(path));
    const auto permissions = QFileInfo(path).permissions();
    QCOMPARE(permissions & (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QCOMPARE(int(permissions
                 & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
                    | QFileDevice::WriteOther | QFileDevice::ExeOther)),
             0);
    QCOMPARE(first.value().source(), path);
    QCOMPARE(first.value().encryptionKeys().size(), 1);
    QCOMPARE(first.value().encryptionKeys().first().size(), 32);
    QCOMPARE(first.value().jwtSecret().size(), 32);
    QVERIFY(first.value().encryptionKeys().first() != first.value().jwtSecret());

    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    QVERIFY(content.contains(QByteArray("ENCRYPTION_KEY=" + first.value().encryptionKeys().first().toBase64() + "\n")));
    QVERIFY(content.contains(QByteArray("JWT_SECRET=" + first.value().jwtSecret().toBase64() + "\n")));
    f.close();

    auto second = Secrets::load(Config::fromEnvironment({}), sqliteUrl());
    QVERIFY(second);
    QCOMPARE(second.value().encryptionKeys(), first.value().encryptionKeys());
    QCOMPARE(second.value().jwtSecret(), first.value().jwtSecret());
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), content);

    // Another database, another file and other keys.
    const DatabaseUrl other = DatabaseUrl::sqlite(m_dir.filePath(QStringLiteral("other.db")));
    auto third = Secrets::load(Config::fromEnvironment({}), other);
    QVERIFY(third);
    QVERIFY(third.value().encryptionKeys() != first.value().encryptionKeys());
    QVERIFY(QFile::remove(Secrets::secretsFilePath(other)));
}

void TestSecrets::environmentWinsOverFile()
{
    auto generated = Secrets::load(Config::fromEnvironment({}), sqliteUrl());
    QVERIFY(generated);
    const QByteArray key = randomKey();
    auto s = Secrets::load(Config::fromEnvironment(testEnvironment({{QStringLiteral("ENCRYPTION_KEY"), b64(key)}})),
                           sqliteUrl());
    QVERIFY2(s, qPrintable(s ? QString() : s.error().message));
    QCOMPARE(s.value().encryptionKeys(), QList<QByteArray>{key});
    QCOMPARE(s.value().jwtSecret(), generated.value().jwtSecret()); // the one not configured comes from the file

    // Both configured: the file is neither read nor created.
    QVERIFY(QFile::remove(Secrets::secretsFilePath(sqliteUrl())));
    const QByteArray jwt = randomKey();
    auto both = Secrets::load(Config::fromEnvironment(testEnvironment({{QStringLiteral("ENCRYPTION_KEY"), b64(key)},
                                                                       {QStringLiteral("JWT_SECRET"), b64(jwt)}})),
                              sqliteUrl());
    QVERIFY(both);
    QCOMPARE(both.value().jwtSecret(), jwt);
    QVERIFY(!QFileInfo::exists(Secrets::secretsFilePath(sqliteUrl())));
}

void TestSecrets::aigwPrefixedVariableWins()
{
    const QByteArray a = randomKey(), b = randomKey(), c = randomKey(), d = randomKey();
    auto s = Secrets::load(Config::fromEnvironment(testEnvironment({{QStringLiteral("AIGW_ENCRYPTION_KEY"), b64(a)},
                                                                    {QStringLiteral("ENCRYPTION_KEY"), b64(b)},
                                                                    {QStringLiteral("AIGW_JWT_SECRET"), b64(c)},
                                                                    {QStringLiteral("JWT_SECRET"), b64(d)}})),
                           postgresUrl());
    QVERIFY(s);
    QCOMPARE(s.value().encryptionKeys(), QList<QByteArray>{a});
    QCOMPARE(s.value().jwtSecret(), c);
}

void TestSecrets::configFileSecrets()
{
    const QByteArray fileKey = randomKey(), fileJwt = randomKey(), envKey = randomKey();
    const QString path = m_dir.filePath(QStringLiteral("aigw.conf"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("[security]\nencryption_key=" + fileKey.toBase64() + "\njwt_secret=" + fileJwt.toBase64() + "\n");
    f.close();
    auto config = Config::load(path, {});
    QVERIFY(config);
    auto s = Secrets::load(config.value(), postgresUrl());
    QVERIFY2(s, qPrintable(s ? QString() : s.error().message));
    QCOMPARE(s.value().encryptionKeys(), QList<QByteArray>{fileKey});
    QCOMPARE(s.value().jwtSecret(), fileJwt);

    auto withEnv = Config::load(path, testEnvironment({{QStringLiteral("ENCRYPTION_KEY"), b64(envKey)}}));
    QVERIFY(withEnv);
    auto s2 = Secrets::load(withEnv.value(), postgresUrl());
    QVERIFY(s2);
    QCOMPARE(s2.value().encryptionKeys(), QList<QByteArray>{envKey});
    QCOMPARE(s2.value().jwtSecret(), fileJwt);
}

void TestSecrets::setButEmptyIsUnset()
{
    // The original turned JWT_SECRET="" into an all-zero key. Here it is "not configured".
    const QProcessEnvironment empty
        = testEnvironment({{QStringLiteral("ENCRYPTION_KEY"), QString()}, {QStringLiteral("JWT_SECRET"), QString()}});
    auto sqlite = Secrets::load(Config::fromEnvironment(empty), sqliteUrl());
    QVERIFY(sqlite);
    QCOMPARE(sqlite.value().source(), Secrets::secretsFilePath(sqliteUrl()));
    QCOMPARE(sqlite.value().jwtSecret().size(), 32);
    QVERIFY(sqlite.value().jwtSecret() != QByteArray(32, '\0'));

    auto pg = Secrets::load(Config::fromEnvironment(empty), postgresUrl());
    QVERIFY(!pg);
    QCOMPARE(pg.error().field, QStringLiteral("ENCRYPTION_KEY"));
}

void TestSecrets::looseSecretsFileRefused()
{
    auto generated = Secrets::load(Config::fromEnvironment({}), sqliteUrl());
    QVERIFY(generated);
    const QString path = Secrets::secretsFilePath(sqliteUrl());
    QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup));
    auto s = Secrets::load(Config::fromEnvironment({}), sqliteUrl());
    QVERIFY(!s);
    QVERIFY2(s.error().message.contains(path), qPrintable(s.error().message));
    QVERIFY2(s.error().message.contains(QStringLiteral("chmod 600")), qPrintable(s.error().message));

    QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
    QVERIFY(!Secrets::load(Config::fromEnvironment({}), sqliteUrl()));

    QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    auto fixed = Secrets::load(Config::fromEnvironment({}), sqliteUrl());
    QVERIFY(fixed);
    QCOMPARE(fixed.value().jwtSecret(), generated.value().jwtSecret());
}

void TestSecrets::postgresRequiresBothSecrets_data()
{
    QTest::addColumn<bool>("withKey");
    QTest::addColumn<bool>("withJwt");
    QTest::addColumn<QString>("missing");
    QTest::newRow("neither") << false << false << QStringLiteral("ENCRYPTION_KEY");
    QTest::newRow("no JWT_SECRET") << true << false << QStringLiteral("JWT_SECRET");
    QTest::newRow("no ENCRYPTION_KEY") << false << true << QStringLiteral("ENCRYPTION_KEY");
}

void TestSecrets::postgresRequiresBothSecrets()
{
    QFETCH(bool, withKey);
    QFETCH(bool, withJwt);
    QFETCH(QString, missing);
    QProcessEnvironment e;
    if (withKey)
        e.insert(QStringLiteral("ENCRYPTION_KEY"), b64(randomKey()));
    if (withJwt)
        e.insert(QStringLiteral("JWT_SECRET"), b64(randomKey()));
    auto s = Secrets::load(Config::fromEnvironment(e), postgresUrl());
    QVERIFY(!s);
    QCOMPARE(s.error().kind, Error::Kind::InvalidArgument);
    QCOMPARE(s.error().field, missing);
    QVERIFY2(s.error().message.startsWith(missing + QStringLiteral(" is not set")), qPrintable(s.error().message));
    QVERIFY(s.error().message.contains(QStringLiteral("PostgreSQL")));
}

void TestSecrets::postgresWithBothSecrets()
{
    const QByteArray key = randomKey(), jwt = randomKey(64);
    auto s = Secrets::load(
        Config::fromEnvironment(testEnvironment({{QStringLiteral("ENCRYPTION_KEY"), b64(key)},
                                                 {QStringLiteral("JWT_SECRET"), QString::fromLatin1(jwt.toHex())}})),
        postgresUrl());
    QVERIFY2(s, qPrintable(s ? QString() : s.error().message));
    QCOMPARE(s.value().encryptionKeys(), QList<QByteArray>{key});
    QCOMPARE(s.value().jwtSecret(), jwt);
}

void TestSecrets::identicalSecretsRefused()
{
    const QByteArray key = randomKey();
    // Same bytes in two encodings are still the same secret.
    auto s = Secrets::load(
        Config::fromEnvironment(testEnvironment({{QStringLiteral("ENCRYPTION_KEY"), b64(key)},
                                                 {QStringLiteral("JWT_SECRET"), QString::fromLatin1(key.toHex())}})),
        postgresUrl());
    QVERIFY(!s);
    QCOMPARE(s.error().field, QStringLiteral("JWT_SECRET"));
    QVERIFY(s.error().message.contains(QStringLiteral("must be different")));
}

void TestSecrets::weakConfiguredSecretRefused()
{
    // A weak configured secret is refused, never replaced by the generated file.
    auto s = Secrets::load(
        Config::fromEnvironment(testEnvironment({{QStringLiteral("JWT_SECRET"), QStringLiteral("changeme")}})),
        sqliteUrl());
    QVERIFY(!s);
    QCOMPARE(s.error().field, QStringLiteral("JWT_SECRET"));
}

void TestSecrets::previousKeysAddDecryptKeys()
{
    const QByteArray key = randomKey(), jwt = randomKey(), old1 = randomKey(), old2 = randomKey();
    auto s = Secrets::load(
        Config::fromEnvironment(testEnvironment(
            {{QStringLiteral("ENCRYPTION_KEY"), b64(key)},
             {QStringLiteral("JWT_SECRET"), b64(jwt)},
             {QStringLiteral("ENCRYPTION_KEY_PREVIOUS"),
              b64(old1) + QStringLiteral(", ") + QString::fromLatin1(old2.toHex()) + QStringLiteral(",")}})),
        postgresUrl());
    QVERIFY2(s, qPrintable(s ? QString() : s.error().message));
    // The current key first (it encrypts); the retired ones after it, in order.
    QCOMPARE(s.value().encryptionKeys(), (QList<QByteArray>{key, old1, old2}));
}

void TestSecrets::previousKeysFromConfigFile()
{
    const QByteArray key = randomKey(), jwt = randomKey(), old1 = randomKey(), old2 = randomKey();
    const QString path = m_dir.filePath(QStringLiteral("aigw.conf"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("[security]\nencryption_key=" + key.toBase64() + "\njwt_secret=" + jwt.toBase64()
            + "\nprevious_encryption_keys=" + old1.toBase64() + "," + old2.toBase64() + "\n");
    f.close();
    auto config = Config::load(path, {});
    QVERIFY(config);
    auto s = Secrets::load(config.value(), postgresUrl());
    QVERIFY2(s, qPrintable(s ? QString() : s.error().message));
    QCOMPARE(s.value().encryptionKeys(), (QList<QByteArray>{key, old1, old2}));
}

void TestSecrets::badPreviousKeyRefused()
{
    auto s
        = Secrets::load(Config::fromEnvironment(testEnvironment({{QStringLiteral("ENCRYPTION_KEY"), b64(randomKey())},
                                                                 {QStringLiteral("JWT_SECRET"), b64(randomKey())},
                                                                 {QStringLiteral("ENCRYPTION_KEY_PREVIOUS"),
                                                                  b64(randomKey()) + QStringLiteral(",short")}})),
                        postgresUrl());
    QVERIFY(!s);
    QCOMPARE(s.error().field, QStringLiteral("ENCRYPTION_KEY_PREVIOUS"));
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "TestSecrets.moc"
