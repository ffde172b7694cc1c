#include "FakeClock.h"
#include "providers/RetryAfter.h"

#include <QTest>

class TestProviderRetryAfter : public QObject
{
    Q_OBJECT

private slots:
    void headers_data();
    void headers();
    void httpDate();
    void duration_data();
    void duration();
    void message_data();
    void message();
};

using Headers = HeaderList::List;
Q_DECLARE_METATYPE(HeaderList::List)

// 2015-10-21T07:27:30Z: 30 s before the HTTP date used below.
static constexpr qint64 Now = 1445412450000;

void TestProviderRetryAfter::headers_data()
{
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<int>("expected");
    QTest::newRow("none") << Headers{} << -1;
    QTest::newRow("seconds") << Headers{{"Retry-After", "20"}} << 20000;
    QTest::newRow("decimal seconds") << Headers{{"retry-after", "1.5"}} << 1500;
    QTest::newRow("ms wins") << Headers{{"retry-after", "20"}, {"RETRY-AFTER-MS", "250.4"}} << 250;
    QTest::newRow("http date") << Headers{{"retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"}} << 30000;
    QTest::newRow("date in the past") << Headers{{"retry-after", "Wed, 21 Oct 2015 07:00:00 GMT"}} << 0;
    QTest::newRow("garbage") << Headers{{"retry-after", "soon"}} << -1;
    QTest::newRow("negative") << Headers{{"retry-after", "-5"}} << -1;
    QTest::newRow("bad ms falls back") << Headers{{"retry-after-ms", "x"}, {"retry-after", "2"}} << 2000;
}

void TestProviderRetryAfter::headers()
{
    QFETCH(Headers, headers);
    QFETCH(int, expected);
    QCOMPARE(RetryAfter::fromHeaders(headers, Now), expected);
}

void TestProviderRetryAfter::httpDate()
{
    QCOMPARE(RetryAfter::parseHttpDate("Wed, 21 Oct 2015 07:28:00 GMT"), qint64(1445412480000));
    QCOMPARE(RetryAfter::parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), qint64(784111777000));
    QCOMPARE(RetryAfter::parseHttpDate("yesterday"), qint64(-1));
}

void TestProviderRetryAfter::duration_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("expected");
    QTest::newRow("gemini") << "34.4s" << 34400;
    QTest::newRow("integer") << "2s" << 2000;
    QTest::newRow("fraction") << "0.000001s" << 0;
    QTest::newRow("no unit") << "34" << -1;
    QTest::newRow("minutes") << "1m" << -1;
    QTest::newRow("empty") << "" << -1;
}

void TestProviderRetryAfter::duration()
{
    QFETCH(QString, text);
    QFETCH(int, expected);
    QCOMPARE(RetryAfter::fromDuration(text), expected);
}

void TestProviderRetryAfter::message_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("expected");
    QTest::newRow("seconds") << "Limit 200000, Used 150974, Requested 53621. Please try again in 1.378s. Visit" << 1378;
    QTest::newRow("ms") << "Please try again in 250ms." << 250;
    QTest::newRow("compound") << "Please try again in 1m30s." << 90000;
    QTest::newRow("none") << "Rate limit reached." << -1;
}

void TestProviderRetryAfter::message()
{
    QFETCH(QString, text);
    QFETCH(int, expected);
    QCOMPARE(RetryAfter::fromMessage(text), expected);
}

QTEST_GUILESS_MAIN(TestProviderRetryAfter)
#include "TestProviderRetryAfter.moc"
