#include "security/SecureRandom.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QUuid>

#include <QThread>

#include <cmath>
#include <sys/wait.h>
#include <unistd.h>

/** SecureRandom: sizes, alphabets, UUID shape, and that its output is not constant or biased. */
class TestSecureRandom : public QObject
{
    Q_OBJECT

private slots:
    void bytesLength_data();
    void bytesLength();
    void bytesDiffer();
    void bytesUseAllValues();
    void tokenLengthAndAlphabet_data();
    void tokenLengthAndAlphabet();
    void tokenUnbiased();
    void uuidFormat();
    void uuidUnique();
    void timeOrderedUuidFormat_data();
    void timeOrderedUuidFormat();
    void timeOrderedUuidsSortByTime();
    void timeOrderedUuidsOfOneMillisecondDiffer();
    void timeOrderedUuidsOfAForkedChildDifferFromTheParents();
    void timeOrderedUuidsOfTwoThreadsDiffer();
};

void TestSecureRandom::bytesLength_data()
{
    QTest::addColumn<int>("count");
    for (int n : {0, 1, 12, 16, 32, 1000, 65536})
        QTest::addRow("%d", n) << n;
}

void TestSecureRandom::bytesLength()
{
    QFETCH(int, count);
    QCOMPARE(SecureRandom::bytes(count).size(), count);
}

void TestSecureRandom::bytesDiffer()
{
    const QByteArray a = SecureRandom::bytes(32);
    const QByteArray b = SecureRandom::bytes(32);
    QVERIFY(a != b);
    QVERIFY(a != QByteArray(32, '\0'));
}

void TestSecureRandom::bytesUseAllValues()
{
    // 64 KiB of output: every byte value is expected 256 times; missing one has probability ~ 2^-360.
    const QByteArray data = SecureRandom::bytes(65536);
    int counts[256] = {};
    for (char c : data)
        ++counts[static_cast<unsigned char>(c)];
    for (int v = 0; v < 256; ++v)
        QVERIFY2(counts[v] > 100 && counts[v] < 450,
                 qPrintable(QStringLiteral("byte %1 seen %2 times").arg(v).arg(counts[v])));
}

void TestSecureRandom::tokenLengthAndAlphabet_data()
{
    QTest::addColumn<int>("length");
    QTest::addColumn<QString>("alphabet");

    const QString alnum = QStringLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    QTest::newRow("empty") << 0 << alnum;
    QTest::newRow("one") << 1 << alnum;
    QTest::newRow("alnum 32") << 32 << alnum;
    QTest::newRow("alnum 1000") << 1000 << alnum;
    QTest::newRow("hex") << 64 << QStringLiteral("0123456789abcdef");
    QTest::newRow("binary") << 200 << QStringLiteral("01");
    QTest::newRow("single char") << 10 << QStringLiteral("z");
    QTest::newRow("non-ASCII") << 50 << QStringLiteral("αβγδ");
}

void TestSecureRandom::tokenLengthAndAlphabet()
{
    QFETCH(int, length);
    QFETCH(QString, alphabet);
    const QString token = SecureRandom::token(length, alphabet);
    QCOMPARE(token.size(), length);
    for (QChar c : token)
        QVERIFY2(alphabet.contains(c), qPrintable(QStringLiteral("'%1' not in the alphabet").arg(c)));
    if (alphabet.size() > 1 && length >= 64) {
        // Not stuck on one character: 64 equal draws from >= 2 symbols has probability <= 2^-63.
        QVERIFY(QSet<QChar>(token.cbegin(), token.cend()).size() > 1);
    }
}

void TestSecureRandom::tokenUnbiased()
{
    // 62 symbols do not divide 256: a plain `byte % 62` would make the first 8 symbols 25% more likely.
    const QString alphabet = QStringLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    constexpr int draws = 200000;
    const QString token = SecureRandom::token(draws, alphabet);
    QCOMPARE(token.size(), draws);
    QHash<QChar, int> counts;
    for (QChar c : token)
        ++counts[c];
    QCOMPARE(counts.size(), alphabet.size());

    const double expected = double(draws) / double(alphabet.size()); // ~3226
    const double sd = std::sqrt(expected * (1.0 - 1.0 / double(alphabet.size()))); // ~56
    // Modulo bias would put the first 8 symbols near 3906 (12 sd away); allow 8 sd of honest noise.
    for (QChar c : alphabet) {
        const int n = counts.value(c);
        QVERIFY2(std::abs(double(n) - expected) < 8 * sd,
                 qPrintable(QStringLiteral("'%1' drawn %2 times, expected about %3").arg(c).arg(n).arg(expected)));
    }
}

void TestSecureRandom::uuidFormat()
{
    static const QRegularExpression shape(
        QStringLiteral("\\A[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\\z"));
    for (int i = 0; i < 200; ++i) {
        const QString id = SecureRandom::uuid();
        QCOMPARE(id.size(), 36);
        QVERIFY2(shape.match(id).hasMatch(), qPrintable(id));
        const QUuid parsed = QUuid::fromString(id);
        QVERIFY(!parsed.isNull());
        QCOMPARE(parsed.version(), QUuid::Random);
        QCOMPARE(parsed.variant(), QUuid::DCE);
        QCOMPARE(parsed.toString(QUuid::WithoutBraces), id);
    }
}

void TestSecureRandom::uuidUnique()
{
    constexpr int count = 5000;
    QSet<QString> seen;
    seen.reserve(count);
    for (int i = 0; i < count; ++i)
        seen.insert(SecureRandom::uuid());
    QCOMPARE(seen.size(), count);
}

void TestSecureRandom::timeOrderedUuidFormat_data()
{
    QTest::addColumn<qint64>("unixMs");
    QTest::addColumn<QString>("prefix"); // the 48-bit milliseconds, big-endian, in the 8-4 form
    QTest::newRow("epoch") << qint64(0) << QStringLiteral("00000000-0000");
    QTest::newRow("RFC 9562 example") << qint64(0x017F22E279B0) << QStringLiteral("017f22e2-79b0");
    QTest::newRow("2026-11-28T00:00Z") << qint64(1'795'824'000'000) << QStringLiteral("01a21f73-9c00");
    QTest::newRow("largest") << qint64(0xFFFFFFFFFFFF) << QStringLiteral("ffffffff-ffff");
}

void TestSecureRandom::timeOrderedUuidFormat()
{
    QFETCH(qint64, unixMs);
    QFETCH(QString, prefix);
    static const QRegularExpression shape(
        QStringLiteral("\\A[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\\z"));
    for (int i = 0; i < 200; ++i) {
        const QString id = SecureRandom::timeOrderedUuid(unixMs);
        QVERIFY2(shape.match(id).hasMatch(), qPrintable(id));
        QVERIFY2(id.startsWith(prefix), qPrintable(id));
        const QUuid parsed = QUuid::fromString(id);
        QVERIFY(!parsed.isNull());
        // (Qt 6.4's QUuid::version() knows versions up to 5 only; the shape above checks the 7.)
        QCOMPARE(parsed.variant(), QUuid::DCE);
        QCOMPARE(parsed.toString(QUuid::WithoutBraces), id);
    }
}

void TestSecureRandom::timeOrderedUuidsSortByTime()
{
    // Ids of later milliseconds sort after earlier ones as text (what a text or uuid index orders by),
    // across byte and nibble boundaries of the timestamp.
    QList<qint64> times;
    for (qint64 t = 1'795'824'000'000; t < 1'795'824'000'000 + 600; t += 3)
        times << t;
    for (qint64 t : {qint64(0xff), qint64(0x100), qint64(0xffff), qint64(0x10000), qint64(0xffffffffff)})
        times << t;
    std::sort(times.begin(), times.end());
    QString previous;
    for (qint64 t : std::as_const(times)) {
        const QString id = SecureRandom::timeOrderedUuid(t);
        QVERIFY2(previous < id, qPrintable(previous + QStringLiteral(" !< ") + id));
        previous = id;
    }
}

void TestSecureRandom::timeOrderedUuidsOfOneMillisecondDiffer()
{
    constexpr int count = 5000;
    QSet<QString> seen;
    for (int i = 0; i < count; ++i)
        seen.insert(SecureRandom::timeOrderedUuid(1'795'824'000'000));
    QCOMPARE(seen.size(), count);
}

void TestSecureRandom::timeOrderedUuidsOfAForkedChildDifferFromTheParents()
{
    // Ids come from a per-thread pool of random bytes. A child made by fork(2) gets a copy of the parent's
    // memory, pool included: unless the child starts with an empty pool, both hand out the same ids next.
    constexpr qint64 ms = 1'795'824'000'000;
    SecureRandom::timeOrderedUuid(ms); // the pool is filled and partly used
    int fds[2];
    QCOMPARE(::pipe(fds), 0);
    const pid_t child = ::fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        const QByteArray id = SecureRandom::timeOrderedUuid(ms).toLatin1();
        const bool written = ::write(fds[1], id.constData(), size_t(id.size())) == id.size();
        ::_exit(written ? 0 : 1);
    }
    ::close(fds[1]);
    char buffer[64] = {};
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    ::close(fds[0]);
    int status = -1;
    QCOMPARE(::waitpid(child, &status, 0), child);
    QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    QCOMPARE(n, ssize_t(36));
    const QString childId = QString::fromLatin1(buffer, 36);
    const QString parentId = SecureRandom::timeOrderedUuid(ms);
    QVERIFY2(childId != parentId, qPrintable(childId));
}

void TestSecureRandom::timeOrderedUuidsOfTwoThreadsDiffer()
{
    constexpr int count = 2000;
    QStringList first, second;
    auto make = [](QStringList* out) {
        for (int i = 0; i < count; ++i)
            out->append(SecureRandom::timeOrderedUuid(1'795'824'000'000));
    };
    std::unique_ptr<QThread> a(QThread::create(make, &first));
    std::unique_ptr<QThread> b(QThread::create(make, &second));
    a->start();
    b->start();
    QVERIFY(a->wait(10000) && b->wait(10000));
    QSet<QString> all(first.cbegin(), first.cend());
    all.unite(QSet<QString>(second.cbegin(), second.cend()));
    QCOMPARE(all.size(), 2 * count);
}

QTEST_GUILESS_MAIN(TestSecureRandom)
#include "TestSecureRandom.moc"
