#include "providers/RawJsonObject.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <cstring>

class TestProviderRawJsonObject : public QObject
{
    Q_OBJECT

private slots:
    void untouchedMembersKeepTheirBytes();
    void replaceKeepsPositionAndDropsDuplicates();
    void appendRemoveAndUndefined();
    void trickyStrings();
    void emptyObject();
    void membersOutliveTheirSource();
    void duplicateKeysAreFoundDecoded();
    void nonAsciiKeys();
    void rejectsWhatItDoesNotUnderstand_data();
    void rejectsWhatItDoesNotUnderstand();
    void serializeScalars();
    void serializeLikeQJsonDocument();
};

void TestProviderRawJsonObject::untouchedMembersKeepTheirBytes()
{
    const QByteArray body = "{ \"model\" : \"a\",\n  \"schema\": {\"zeta\": 1, \"alpha\": [1, 2.50, 1e3]},\"x\":null }";
    auto raw = RawJsonObject::parse(body);
    QVERIFY(raw);
    QCOMPARE(raw->keys(), (QStringList{"model", "schema", "x"}));
    QCOMPARE(raw->rawValue("schema"), QByteArray("{\"zeta\": 1, \"alpha\": [1, 2.50, 1e3]}"));
    raw->insert("model", QJsonValue("b"));
    // Whitespace between members is normalised; member values are kept byte for byte (key order, 2.50, 1e3).
    QCOMPARE(raw->toJson(),
             QByteArray("{\"model\":\"b\",\"schema\":{\"zeta\": 1, \"alpha\": [1, 2.50, 1e3]},\"x\":null}"));
}

void TestProviderRawJsonObject::replaceKeepsPositionAndDropsDuplicates()
{
    auto raw = RawJsonObject::parse("{\"a\":1,\"b\":2,\"a\":3,\"c\":4}");
    QVERIFY(raw);
    QCOMPARE(raw->rawValue("a"), QByteArray("3")); // the last duplicate, as QJsonDocument reads it
    raw->insert("a", QJsonObject{{"k", true}});
    QCOMPARE(raw->toJson(), QByteArray("{\"a\":{\"k\":true},\"b\":2,\"c\":4}"));
}

void TestProviderRawJsonObject::appendRemoveAndUndefined()
{
    auto raw = RawJsonObject::parse("{\"a\":1,\"b\":[],\"a\":2}");
    QVERIFY(raw);
    raw->remove("a");
    raw->insert("z", QJsonArray{1, "two"});
    raw->insert("b", QJsonValue(QJsonValue::Undefined));
    QCOMPARE(raw->toJson(), QByteArray("{\"z\":[1,\"two\"]}"));
    QVERIFY(!raw->contains("a"));
    QVERIFY(raw->contains("z"));
}

void TestProviderRawJsonObject::trickyStrings()
{
    // Brackets, braces, commas and escaped quotes inside strings must not confuse the scanner.
    const QByteArray body = R"({"s":"a}\",[{","k\"ey":{"t":"]}"},"u":"\u00e9"})";
    auto raw = RawJsonObject::parse(body);
    QVERIFY(raw);
    QCOMPARE(raw->keys(), (QStringList{"s", "k\"ey", "u"}));
    QCOMPARE(raw->rawValue("s"), QByteArray(R"("a}\",[{")"));
    QCOMPARE(raw->rawValue("k\"ey"), QByteArray(R"({"t":"]}"})"));
    QCOMPARE(raw->toJson(), body);
}

void TestProviderRawJsonObject::emptyObject()
{
    auto raw = RawJsonObject::parse("  { }  ");
    QVERIFY(raw);
    QVERIFY(raw->keys().isEmpty());
    raw->insert("a", 1);
    QCOMPARE(raw->toJson(), QByteArray("{\"a\":1}"));
}

void TestProviderRawJsonObject::membersOutliveTheirSource()
{
    // The members are views into the parsed bytes: a shared QByteArray stays alive with the object, and bytes
    // the caller owns (fromRawData) are copied, so changing or freeing them afterwards changes nothing.
    std::optional<RawJsonObject> shared;
    {
        QByteArray body = "{\"a\":\"one\",\"b\":[2]}";
        shared = RawJsonObject::parse(body);
        body[6] = 'X';
        body.clear();
    }
    QVERIFY(shared);
    QCOMPARE(shared->toJson(), QByteArray("{\"a\":\"one\",\"b\":[2]}"));

    char buffer[] = "{\"k\":\"value\"}";
    std::optional<RawJsonObject> copied = RawJsonObject::parse(QByteArray::fromRawData(buffer, sizeof buffer - 1));
    std::memset(buffer, 'x', sizeof buffer - 1);
    QVERIFY(copied);
    const RawJsonObject copy = *copied;
    copied.reset();
    QCOMPARE(copy.rawValue("k"), QByteArray("\"value\""));
    QCOMPARE(copy.toJson(), QByteArray("{\"k\":\"value\"}"));
}

void TestProviderRawJsonObject::duplicateKeysAreFoundDecoded()
{
    QVERIFY(!RawJsonObject::parse(R"({"a":1,"b":2,"ab":3})")->hasDuplicateKeys());
    QVERIFY(RawJsonObject::parse(R"({"a":1,"b":2,"a":3})")->hasDuplicateKeys());
    // The same key written two ways is still the same key for QJsonDocument.
    QVERIFY(RawJsonObject::parse(R"({"a":1,"\u0061":2})")->hasDuplicateKeys());
    QVERIFY(RawJsonObject::parse("{\"\xC3\xA9\":1,\"\\u00e9\":2}")->hasDuplicateKeys());
    QVERIFY(!RawJsonObject::parse("{\"\xC3\xA9\":1,\"e\":2}")->hasDuplicateKeys());
}

void TestProviderRawJsonObject::nonAsciiKeys()
{
    const QString e = QString::fromUtf8("\xC3\xA9");
    auto raw = RawJsonObject::parse("{\"\xC3\xA9\":1,\"e\":2}");
    QVERIFY(raw);
    QVERIFY(raw->contains(e));
    QCOMPARE(raw->rawValue(e), QByteArray("1"));
    QCOMPARE(raw->rawValue("e"), QByteArray("2"));
    raw->insert(e, 5);
    raw->insert(QString::fromUtf8("\xC3\xBC"), 6);
    raw->remove("e");
    QCOMPARE(raw->toJson(), QByteArray("{\"\xC3\xA9\":5,\"\xC3\xBC\":6}"));
    QCOMPARE(raw->keys(), (QStringList{e, QString::fromUtf8("\xC3\xBC")}));
}

void TestProviderRawJsonObject::rejectsWhatItDoesNotUnderstand_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("array") << QByteArray("[1]");
    QTest::newRow("unterminated") << QByteArray("{\"a\":1");
    QTest::newRow("trailing garbage") << QByteArray("{\"a\":1} x");
    QTest::newRow("unquoted key") << QByteArray("{a:1}");
    QTest::newRow("missing colon") << QByteArray("{\"a\" 1}");
    QTest::newRow("open string") << QByteArray("{\"a\":\"x}");
    QTest::newRow("open nested") << QByteArray("{\"a\":{\"b\":1}");
}

void TestProviderRawJsonObject::rejectsWhatItDoesNotUnderstand()
{
    QFETCH(QByteArray, json);
    QVERIFY(!RawJsonObject::parse(json));
}

void TestProviderRawJsonObject::serializeScalars()
{
    QCOMPARE(RawJsonObject::serialize(1.5), QByteArray("1.5"));
    QCOMPARE(RawJsonObject::serialize(QJsonValue("q\"")), QByteArray("\"q\\\"\""));
    QCOMPARE(RawJsonObject::serialize(QJsonValue::Null), QByteArray("null"));
    QCOMPARE(RawJsonObject::serialize(true), QByteArray("true"));
}

void TestProviderRawJsonObject::serializeLikeQJsonDocument()
{
    // serialize() writes values itself: the bytes must be exactly what QJsonDocument writes.
    QStringList samples{QString(), QStringLiteral("plain"), QStringLiteral("q\"uote\\back/slash"),
                        QString::fromUtf8("gr\xC3\xBC\xC3\x9F \xE2\x80\x94 \xE2\x80\xA8 \xF0\x9F\x98\x80 \x7F")};
    QString controls;
    for (char16_t c = 0; c < 0x20; ++c)
        controls.append(QChar(c));
    samples << controls;
    // Each character of the first 256 after a plain prefix: the plain path gives up part way through.
    for (char16_t c = 0; c < 0x100; ++c)
        samples << QStringLiteral("gpt-4.1") + QChar(c) + QStringLiteral("x");
    QList<QJsonValue> values;
    for (const QString& sample : std::as_const(samples))
        values << sample;
    // Numbers, nesting and members in QJsonObject's order take the same path.
    for (const double d : {0.0, -0.0, 1.0, 0.1, 1e-06, 2.3e-05, 6e-06, 123456789.125, 1e21, -1.5e300, 1.0 / 3})
        values << d;
    values << QJsonValue(qint64(9007199254740993)) << QJsonValue(qint64(-42)) << QJsonValue(std::nan(""))
           << QJsonValue(true) << QJsonValue(QJsonValue::Null)
           << QJsonObject{{"total_micros", 6},
                          {"currency", "USD"},
                          {"input", 2e-06},
                          {"total", 6e-06},
                          {"z", QJsonArray{1, "x", QJsonObject{}, QJsonArray{}}}}
           << QJsonArray{};
    for (const QJsonValue& value : std::as_const(values)) {
        const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        QCOMPARE(RawJsonObject::serialize(value), wrapped.mid(1, wrapped.size() - 2));
    }
    // appendString() adds to what is there.
    QByteArray out("{\"id\":");
    RawJsonObject::appendString(out, QStringLiteral("chatcmpl-1"));
    out.append(',');
    RawJsonObject::appendString(out, QString::fromUtf8("caf\xC3\xA9\""));
    QCOMPARE(out, QByteArray("{\"id\":\"chatcmpl-1\",\"caf\xC3\xA9\\\"\""));
    // And keys with escapes still decode through the slow path.
    const auto o = RawJsonObject::parse(R"({"a\"b":1,"\u00e9":2,"plain":3})");
    QVERIFY(o);
    QCOMPARE(o->keys(), (QStringList{QStringLiteral("a\"b"), QString::fromUtf8("\xC3\xA9"), QStringLiteral("plain")}));
}

QTEST_GUILESS_MAIN(TestProviderRawJsonObject)
#include "TestProviderRawJsonObject.moc"
