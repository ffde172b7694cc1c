// KeychainCredentialStore against a real Secret Service (gnome-keyring in a private D-Bus session, see
// with-keyring.sh), and its answer when no backend exists: NoBackend, never a plaintext fallback.

#include "services/KeychainCredentialStore.h"

#include <QDir>
#include <QDirIterator>
#include <QEventLoop>
#include <QTest>
#include <QTimer>

namespace {
struct Answer
{
    CredentialStore::Status status = CredentialStore::Status::Failed;
    QString value;
    QString message;
};

Answer readSync(CredentialStore& store, const QString& key)
{
    Answer a;
    QEventLoop loop;
    QObject context;
    store.read(key, &context, [&](CredentialStore::Status s, const QString& v, const QString& m) {
        a = {s, v, m};
        loop.quit();
    });
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    loop.exec();
    return a;
}

Answer writeSync(CredentialStore& store, const QString& key, const QString& value, bool remove = false)
{
    Answer a;
    QEventLoop loop;
    QObject context;
    const auto done = [&](CredentialStore::Status s, const QString& m) {
        a = {s, {}, m};
        loop.quit();
    };
    if (remove)
        store.remove(key, &context, done);
    else
        store.write(key, value, &context, done);
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    loop.exec();
    return a;
}
} // namespace

class TestKeychainCredentialStore : public QObject
{
    Q_OBJECT

private slots:
    void roundTripThroughSecretService()
    {
        const QByteArray mode = qgetenv("AIGW_KEYRING");
        if (mode == "missing")
            QSKIP("dbus-run-session or gnome-keyring-daemon is not installed");
        if (mode != "unlocked")
            QSKIP("run through with-keyring.sh (ctest does)");
        KeychainCredentialStore store(QStringLiteral("aigw-desktop-test"));
        const QString key = QStringLiteral("profile-1/database-password");
        QCOMPARE(int(readSync(store, key).status), int(CredentialStore::Status::NotFound));
        Answer w = writeSync(store, key, QStringLiteral("s3cret pässword"));
        QVERIFY2(w.status == CredentialStore::Status::Ok, qPrintable(w.message));
        Answer r = readSync(store, key);
        QVERIFY2(r.status == CredentialStore::Status::Ok, qPrintable(r.message));
        QCOMPARE(r.value, QStringLiteral("s3cret pässword"));
        QVERIFY(writeSync(store, key, QStringLiteral("replaced")).status == CredentialStore::Status::Ok);
        QCOMPARE(readSync(store, key).value, QStringLiteral("replaced"));
        // Another key is independent.
        QCOMPARE(int(readSync(store, QStringLiteral("profile-1/gateway-key")).status),
                 int(CredentialStore::Status::NotFound));
        QVERIFY(writeSync(store, key, {}, true).status == CredentialStore::Status::Ok);
        QCOMPARE(int(readSync(store, key).status), int(CredentialStore::Status::NotFound));
        // Deleting again is not an error.
        QVERIFY(writeSync(store, key, {}, true).status == CredentialStore::Status::Ok);
    }

    void noBackendIsReportedAndNothingIsWrittenInPlainText()
    {
        if (qgetenv("AIGW_KEYRING") != "none")
            QSKIP("runs as TestKeychainCredentialStore_nobackend without a session bus");
        KeychainCredentialStore store(QStringLiteral("aigw-desktop-test"));
        Answer w = writeSync(store, QStringLiteral("p/encryption-key"), QStringLiteral("plaintext-canary-123"));
        QVERIFY2(w.status == CredentialStore::Status::NoBackend, qPrintable(w.message));
        QCOMPARE(int(readSync(store, QStringLiteral("p/encryption-key")).status),
                 int(CredentialStore::Status::NoBackend));
        // QtKeychain's insecure fallback would have written an INI file under the config directory.
        QDirIterator it(QDir::homePath(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.size() < 1000000 && f.open(QIODevice::ReadOnly))
                QVERIFY2(!f.readAll().contains("plaintext-canary-123"), qPrintable(f.fileName()));
        }
    }
};

QTEST_GUILESS_MAIN(TestKeychainCredentialStore)
#include "TestKeychainCredentialStore.moc"
