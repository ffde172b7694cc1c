#include "providers/SseParser.h"

#include <QRandomGenerator>
#include <QTest>

class TestProviderSseParser : public QObject
{
    Q_OBJECT

private slots:
    void lineEndings_data();
    void lineEndings();
    void splitInvariance();
    void carriageReturnSplitFromLineFeed();
    void multiLineDataAndComments();
    void fieldsWithoutSpaceAndUnknownFields();
    void eventWithoutDataIsNotDispatched();
    void byteOrderMark();
    void finishFlushesPendingEvent();
    void finishDropsNothingElse();
    void overflowStopsParsing();
};

namespace {
QList<SseEvent> parseAll(const QByteArray& bytes)
{
    SseParser parser;
    QList<SseEvent> events = parser.feed(bytes);
    events += parser.finish();
    return events;
}

QByteArray describe(const QList<SseEvent>& events)
{
    QByteArray out;
    for (const SseEvent& e : events)
        out += '[' + e.event + '|' + e.data + '|' + e.id + ']';
    return out;
}
} // namespace

void TestProviderSseParser::lineEndings_data()
{
    QTest::addColumn<QByteArray>("separator");
    QTest::newRow("LF") << QByteArray("\n");
    QTest::newRow("CRLF") << QByteArray("\r\n");
    QTest::newRow("CR") << QByteArray("\r");
}

void TestProviderSseParser::lineEndings()
{
    QFETCH(QByteArray, separator);
    const QByteArray s = separator;
    const QByteArray bytes = "event: first" + s + "data: {\"a\":1}" + s + s + "data: two" + s + s;
    SseParser parser;
    const QList<SseEvent> events = parser.feed(bytes);
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[0].event, QByteArray("first"));
    QCOMPARE(events[0].data, QByteArray("{\"a\":1}"));
    QCOMPARE(events[1].event, QByteArray());
    QCOMPARE(events[1].data, QByteArray("two"));
    QVERIFY(parser.finish().isEmpty());
}

void TestProviderSseParser::splitInvariance()
{
    const QByteArray bytes
        = "event: a\r\ndata: 1\r\n\r\n: comment\n\ndata: x\rdata: y\r\rid: 7\ndata: \xC3\xA9t\xC3\xA9\n\n"
          "event: b\ndata:\n\n";
    const QByteArray expected = "[a|1|][|x\ny|][|\xC3\xA9t\xC3\xA9|7][b||7]";
    QCOMPARE(describe(parseAll(bytes)), expected);

    SseParser single;
    QList<SseEvent> events;
    for (char c : bytes)
        events += single.feed(QByteArrayView(&c, 1));
    events += single.finish();
    QCOMPARE(describe(events), expected);

    for (quint32 seed = 1; seed <= 20; ++seed) {
        QRandomGenerator random(seed);
        SseParser parser;
        QList<SseEvent> out;
        qsizetype pos = 0;
        while (pos < bytes.size()) {
            const qsizetype n = qMin<qsizetype>(bytes.size() - pos, random.bounded(1, 9));
            out += parser.feed(QByteArrayView(bytes).sliced(pos, n));
            pos += n;
        }
        out += parser.finish();
        QCOMPARE(describe(out), expected);
    }
}

void TestProviderSseParser::carriageReturnSplitFromLineFeed()
{
    SseParser parser;
    QCOMPARE(parser.feed("data: a\r").size(), 0);
    // The LF completes the CR LF pair of the data line; it is not an empty line.
    QCOMPARE(parser.feed("\n").size(), 0);
    const QList<SseEvent> events = parser.feed("\r\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].data, QByteArray("a"));
}

void TestProviderSseParser::multiLineDataAndComments()
{
    const QList<SseEvent> events = parseAll(": keep-alive\ndata: line one\n: interleaved comment\ndata: line two\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].data, QByteArray("line one\nline two"));
}

void TestProviderSseParser::fieldsWithoutSpaceAndUnknownFields()
{
    // Only one space after the colon is removed; a field without a colon has an empty value.
    const QList<SseEvent> events = parseAll("event:ping\ndata:{\"x\": 1}\nretry: 500\nfoo: bar\ndata\n\n"
                                            "data:  padded\n\n");
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[0].event, QByteArray("ping"));
    QCOMPARE(events[0].data, QByteArray("{\"x\": 1}\n"));
    QCOMPARE(events[1].data, QByteArray(" padded"));
}

void TestProviderSseParser::eventWithoutDataIsNotDispatched()
{
    const QList<SseEvent> events = parseAll("event: lonely\n\ndata: after\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].event, QByteArray()); // the type of the dropped event does not leak into the next one
    QCOMPARE(events[0].data, QByteArray("after"));
}

void TestProviderSseParser::byteOrderMark()
{
    SseParser parser;
    QVERIFY(parser.feed("\xEF\xBB").isEmpty());
    const QList<SseEvent> events = parser.feed("\xBF"
                                               "data: x\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].data, QByteArray("x"));
}

void TestProviderSseParser::finishFlushesPendingEvent()
{
    SseParser parser;
    QVERIFY(parser.feed("data: {\"done\":true}").isEmpty());
    const QList<SseEvent> events = parser.finish();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].data, QByteArray("{\"done\":true}"));
    QVERIFY(parser.finish().isEmpty());
    QVERIFY(parser.feed("data: late\n\n").isEmpty());
}

void TestProviderSseParser::finishDropsNothingElse()
{
    SseParser parser;
    QCOMPARE(parser.feed("data: a\n\nevent: only-a-name\n").size(), 1);
    QVERIFY(parser.finish().isEmpty());
}

void TestProviderSseParser::overflowStopsParsing()
{
    SseParser parser(32);
    QCOMPARE(parser.feed("data: short\n\n").size(), 1);
    QVERIFY(!parser.overflowed());
    QVERIFY(parser.feed(QByteArray("data: " + QByteArray(40, 'x'))).isEmpty());
    QVERIFY(parser.overflowed());
    QVERIFY(parser.feed("\n\ndata: more\n\n").isEmpty());
    QVERIFY(parser.finish().isEmpty());
}

QTEST_GUILESS_MAIN(TestProviderSseParser)
#include "TestProviderSseParser.moc"
