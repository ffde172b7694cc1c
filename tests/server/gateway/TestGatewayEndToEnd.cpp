// `aigw serve` end to end: the real executable on a loopback port, a real SQLite file or PostgreSQL
// database, real HTTP from a client, and a fake of the three providers serving recorded fixtures.

#include "FakeProvider.h"
#include "GatewayProcess.h"
#include "TestDatabase.h"
#include "TestPaths.h"

#include "config/Config.h"
#include "config/Secrets.h"
#include "domain/Project.h"
#include "services/ApiKeyService.h"
#include "services/CredentialService.h"
#include "services/ProjectService.h"
#include "storage/ApiKeyRepository.h"
#include "storage/RequestLogRepository.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>
#include <QTimer>
#include <QUuid>

namespace {
const QByteArray kOverloaded
    = R"({"error":{"message":"The server is overloaded","type":"server_error","param":null,"code":null}})";
const QString kEncryptionKey = QStringLiteral("3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs=");
const QString kJwtSecret = QStringLiteral("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

struct Response
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers;
    QList<QByteArray> events; ///< SSE data payloads, in order
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};
} // namespace

class TestGatewayEndToEnd : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_db;
    FakeProvider m_fake;
    GatewayProcess m_gateway;
    QNetworkAccessManager m_nam;
    QString m_projectId;
    QString m_key;
    QString m_keyId;

    Response post(const QByteArray& body, const QString& key = {},
                  const QString& path = QStringLiteral("/v1/chat/completions"))
    {
        QNetworkRequest request(QUrl(m_gateway.baseUrl() + path));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader("Authorization", "Bearer " + (key.isNull() ? m_key : key).toLatin1());
        QNetworkReply* reply = m_nam.post(request, body);
        return collect(reply);
    }

    Response get(const QString& path, const QString& key)
    {
        QNetworkRequest request(QUrl(m_gateway.baseUrl() + path));
        if (!key.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + key.toLatin1());
        return collect(m_nam.get(request));
    }

    Response collect(QNetworkReply* reply)
    {
        Response r;
        QByteArray buffer;
        connect(reply, &QNetworkReply::readyRead, reply, [&] {
            buffer += reply->readAll();
            qsizetype end;
            while ((end = buffer.indexOf("\n\n")) >= 0) {
                const QByteArray event = buffer.left(end);
                buffer.remove(0, end + 2);
                r.body += event + "\n\n";
                if (event.startsWith("data: "))
                    r.events << event.mid(6);
            }
        });
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
        r.body += buffer + reply->readAll();
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        for (const auto& h : reply->rawHeaderPairs())
            r.headers.insert(h.first.toLower(), h.second);
        reply->deleteLater();
        return r;
    }

    static FakeProvider::Reply overloaded()
    {
        FakeProvider::Reply r;
        r.status = 503;
        r.body = kOverloaded;
        return r;
    }

    static QByteArray body(const QJsonObject& o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }
    static QJsonObject chat(const QString& model, bool stream = false)
    {
        QJsonObject o{{QStringLiteral("model"), model},
                      {QStringLiteral("messages"),
                       QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                              {QStringLiteral("content"), QStringLiteral("Say hello")}}}}};
        if (stream) {
            o.insert(QStringLiteral("stream"), true);
            o.insert(QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}});
        }
        return o;
    }

    qint64 rowCount(const QString& status = {})
    {
        RequestLogRepository::Filter f;
        f.projectId = m_projectId;
        f.status = status;
        auto n = RequestLogRepository(m_db->db()).count(f);
        return n ? n.value() : -1;
    }

    RequestRecord newestRow()
    {
        RequestLogRepository::Filter f;
        f.projectId = m_projectId;
        auto rows = RequestLogRepository(m_db->db()).list(f, 1, 0);
        return rows && !rows.value().isEmpty() ? rows.value().first() : RequestRecord{};
    }

    /** Waits until the writer has stored `expected` rows for the project. */
    bool waitForRows(qint64 expected)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 10000) {
            if (rowCount() >= expected)
                return rowCount() == expected;
            QTest::qWait(20);
        }
        return false;
    }

private slots:
    void initTestCase()
    {
        AIGW_CREATE_TEST_DATABASE(m_db, true);
        QVERIFY(m_fake.listen());
        qputenv("ENCRYPTION_KEY", kEncryptionKey.toLatin1());
        qputenv("JWT_SECRET", kJwtSecret.toLatin1());
        auto secrets
            = Secrets::load(Config::fromEnvironment(QProcessEnvironment::systemEnvironment()), m_db->databaseUrl());
        QVERIFY2(secrets, secrets ? "" : qPrintable(secrets.error().message));

        Project p;
        p.name = QStringLiteral("e2e");
        auto project = ProjectService(m_db->db()).create(p);
        QVERIFY(project);
        m_projectId = project.value().id;
        CredentialService credentials(m_db->db(), CredentialCipher(secrets.value().encryptionKeys()));
        for (const QString& provider :
             {QStringLiteral("openai"), QStringLiteral("anthropic"), QStringLiteral("gemini")})
            QVERIFY(credentials.set(m_projectId, provider,
                                    QStringLiteral("sk-test-") + provider + QStringLiteral("-0000"),
                                    m_fake.baseUrl(provider)));
        ApiKeyService::Options options;
        options.rateLimitRpm = 100000;
        auto key = ApiKeyService(m_db->db()).create(m_projectId, options);
        QVERIFY(key);
        m_key = key.value().plaintext;
        m_keyId = key.value().key.id;

        QProcessEnvironment env;
        env.insert(QStringLiteral("ENCRYPTION_KEY"), kEncryptionKey);
        env.insert(QStringLiteral("JWT_SECRET"), kJwtSecret);
        env.insert(QStringLiteral("AIGW_FIRST_BYTE_TIMEOUT_MS"), QStringLiteral("1500"));
        env.insert(QStringLiteral("AIGW_FIRST_EVENT_TIMEOUT_MS"), QStringLiteral("1000"));
        env.insert(QStringLiteral("AIGW_UPSTREAM_IDLE_TIMEOUT_MS"), QStringLiteral("1000"));
        env.insert(QStringLiteral("AIGW_BACKOFF_BASE_MS"), QStringLiteral("10"));
        env.insert(QStringLiteral("AIGW_BACKOFF_MAX_MS"), QStringLiteral("40"));
        env.insert(QStringLiteral("AIGW_MAX_RETRY_AFTER_MS"), QStringLiteral("1500"));
        env.insert(QStringLiteral("AIGW_BREAKER_FAILURES"), QStringLiteral("1000"));
        // The fake upstream is plain http: the built-in HTTP/1.1 client by default, libcurl in the ctest
        // variant TestGatewayEndToEnd_sqlite_libcurl.
        const bool libcurl = qEnvironmentVariable("AIGW_UPSTREAM_HTTP_CLIENT") == QLatin1String("libcurl");
        if (libcurl)
            env.insert(QStringLiteral("AIGW_UPSTREAM_HTTP_CLIENT"), QStringLiteral("libcurl"));
        QString why;
        QVERIFY2(m_gateway.start(m_db->url(), env, &why), qPrintable(why));
        QVERIFY2(m_gateway.output().contains(libcurl ? QLatin1String("upstream client: libcurl for http and https")
                                                     : QLatin1String("upstream client: built-in HTTP/1.1 for http")),
                 qPrintable(m_gateway.output()));
    }

    void init()
    {
        m_fake.clearScript();
        // Rows of the previous test may still be on their way to the database: let them land first.
        qint64 last = -1;
        for (int i = 0; i < 50 && rowCount() != last; ++i) {
            last = rowCount();
            QTest::qWait(60);
        }
    }

    void cleanup()
    {
        QCOMPARE(m_fake.pendingScript(), 0); // every scripted reply was used: the test exercised what it meant to
    }

    void cleanupTestCase()
    {
        if (m_db)
            QCOMPARE(m_gateway.stop(), 0);
    }

    void nonStreaming_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("contentStart");
        QTest::addColumn<int>("prompt");
        QTest::addColumn<int>("completion");
        QTest::addColumn<int>("reasoning");
        QTest::addColumn<qint64>("costMicros");
        // Costs by hand from resources/models.json, per 1M tokens, rounded half up per side:
        // gpt-4.1-nano $0.10/$0.40: 16 in = 1.6 -> 2 µ$, 363 out = 145.2 -> 145 µ$.
        QTest::newRow("openai") << "gpt-4.1-nano"
                                << "openai"
                                << "**Holiday Name:** Galaxy Day" << 16 << 363 << 0 << qint64(147);
        // claude-sonnet-4-5 $3/$15: 12 in = 36 µ$, 29 out = 435 µ$.
        QTest::newRow("anthropic") << "claude-sonnet-4-5"
                                   << "anthropic"
                                   << "Hello! I'm doing well" << 12 << 29 << 0 << qint64(471);
        // gemini-2.5-flash $0.30/$2.50: 9 in = 2.7 -> 3; completion = 9 candidates + 34 thoughts = 43 -> 107.5 -> 108.
        QTest::newRow("gemini") << "gemini-2.5-flash"
                                << "gemini"
                                << "Hello! How can I help you today?" << 9 << 43 << 34 << qint64(111);
    }

    void nonStreaming()
    {
        QFETCH(QString, model);
        QFETCH(QString, provider);
        QFETCH(QString, contentStart);
        QFETCH(int, prompt);
        QFETCH(int, completion);
        QFETCH(int, reasoning);
        QFETCH(qint64, costMicros);
        const qint64 before = rowCount();
        const Response r = post(body(chat(model)));
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        QCOMPARE(o.value(QStringLiteral("object")).toString(), QStringLiteral("chat.completion"));
        QCOMPARE(o.value(QStringLiteral("model")).toString(), model);
        QCOMPARE(o.value(QStringLiteral("provider")).toString(), provider);
        const QJsonObject choice = o.value(QStringLiteral("choices")).toArray().at(0).toObject();
        QVERIFY(choice.value(QStringLiteral("message"))
                    .toObject()
                    .value(QStringLiteral("content"))
                    .toString()
                    .startsWith(contentStart));
        QVERIFY(choice.value(QStringLiteral("message")).toObject().contains(QStringLiteral("refusal")));
        QCOMPARE(choice.value(QStringLiteral("finish_reason")).toString(), QStringLiteral("stop"));
        const QJsonObject usage = o.value(QStringLiteral("usage")).toObject();
        QCOMPARE(usage.value(QStringLiteral("prompt_tokens")).toInt(), prompt);
        QCOMPARE(usage.value(QStringLiteral("completion_tokens")).toInt(), completion);
        QCOMPARE(usage.value(QStringLiteral("total_tokens")).toInt(), prompt + completion);
        QCOMPARE(usage.value(QStringLiteral("completion_tokens_details"))
                     .toObject()
                     .value(QStringLiteral("reasoning_tokens"))
                     .toInt(),
                 reasoning);
        const QJsonObject cost = o.value(QStringLiteral("cost")).toObject();
        QCOMPARE(qint64(cost.value(QStringLiteral("total_micros")).toDouble()), costMicros);
        QCOMPARE(cost.value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));
        QVERIFY(r.headers.contains("x-request-id"));
        QCOMPARE(r.headers.value("x-ratelimit-limit-requests"), QByteArray("100000"));

        QVERIFY(waitForRows(before + 1));
        const RequestRecord row = newestRow();
        QCOMPARE(row.id, QString::fromLatin1(r.headers.value("x-request-id")));
        // The answer's id is the request's, without its dashes.
        QCOMPARE(o.value(QStringLiteral("id")).toString(), QStringLiteral("chatcmpl-") + QString(row.id).remove(u'-'));
        QCOMPARE(r.headers.value("x-aigw-provider"), provider.toLatin1());
        QCOMPARE(r.headers.value("x-aigw-attempts"), QByteArray("1"));
        // Request ids are time-ordered (version 7): the first 48 bits are the row's created_at.
        QCOMPARE(row.id.at(14), QLatin1Char('7'));
        QCOMPARE(QUuid::fromString(row.id).variant(), QUuid::DCE);
        QCOMPARE(row.id.left(8) + row.id.mid(9, 4), QStringLiteral("%1").arg(row.createdAt, 12, 16, QLatin1Char('0')));
        QCOMPARE(row.status, QStringLiteral("success"));
        QCOMPARE(row.provider, provider);
        QCOMPARE(row.model, model);
        QCOMPARE(row.inputTokens, qint64(prompt));
        QCOMPARE(row.outputTokens, qint64(completion));
        QCOMPARE(row.reasoningTokens, qint64(reasoning));
        QCOMPARE(row.costMicros.value_or(-1), costMicros);
        QCOMPARE(row.attempts, 1);
    }

    void streaming_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("prompt");
        QTest::addColumn<int>("completion");
        QTest::addColumn<qint64>("costMicros");
        // gpt-4o-mini $0.15/$0.60: 78 in = 11.7 -> 12, 9 out = 5.4 -> 5.
        QTest::newRow("openai") << "gpt-4o-mini"
                                << "openai/chat_stream_include_usage.sse"
                                << "" << 78 << 9 << qint64(17);
        // claude-3-opus $15/$75: 27 in = 405, 15 out = 1125 (message_delta's cumulative 15, not 1 + 15).
        QTest::newRow("anthropic") << "claude-3-opus"
                                   << "anthropic/stream.sse"
                                   << "" << 27 << 15 << qint64(1530);
        // gemini-2.0-flash $0.10/$0.40: the last cumulative usage, 13 in = 1.3 -> 1, 8 out = 3.2 -> 3.
        QTest::newRow("gemini") << "gemini-2.0-flash"
                                << "gemini/stream.sse"
                                << "" << 13 << 8 << qint64(4);
    }

    void streaming()
    {
        QFETCH(QString, model);
        QFETCH(QString, fixture);
        QFETCH(int, prompt);
        QFETCH(int, completion);
        QFETCH(qint64, costMicros);
        const QString provider = fixture.section(QLatin1Char('/'), 0, 0);
        m_fake.enqueue(provider, FakeProvider::streamFixture(fixture, 20));
        const qint64 before = rowCount();
        const Response r = post(body(chat(model, true)));
        QCOMPARE(r.status, 200);
        QVERIFY(r.headers.value("content-type").startsWith("text/event-stream"));
        QVERIFY2(r.events.size() >= 3, r.body.constData());
        QCOMPARE(r.events.last(), QByteArray("[DONE]"));
        const QJsonObject first = QJsonDocument::fromJson(r.events.first()).object();
        QCOMPARE(first.value(QStringLiteral("object")).toString(), QStringLiteral("chat.completion.chunk"));
        QCOMPARE(first.value(QStringLiteral("choices"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("delta"))
                     .toObject()
                     .value(QStringLiteral("role"))
                     .toString(),
                 QStringLiteral("assistant"));
        const QJsonObject usageChunk = QJsonDocument::fromJson(r.events.at(r.events.size() - 2)).object();
        QVERIFY(usageChunk.value(QStringLiteral("choices")).toArray().isEmpty());
        const QJsonObject usage = usageChunk.value(QStringLiteral("usage")).toObject();
        QCOMPARE(usage.value(QStringLiteral("prompt_tokens")).toInt(), prompt);
        QCOMPARE(usage.value(QStringLiteral("completion_tokens")).toInt(), completion);
        QCOMPARE(
            qint64(
                usageChunk.value(QStringLiteral("cost")).toObject().value(QStringLiteral("total_micros")).toDouble()),
            costMicros);
        QString finish;
        for (const QByteArray& e : r.events) {
            const QJsonArray choices = QJsonDocument::fromJson(e).object().value(QStringLiteral("choices")).toArray();
            if (!choices.isEmpty() && !choices.at(0).toObject().value(QStringLiteral("finish_reason")).isNull())
                finish = choices.at(0).toObject().value(QStringLiteral("finish_reason")).toString();
        }
        QVERIFY(!finish.isEmpty());

        QVERIFY(waitForRows(before + 1));
        const RequestRecord row = newestRow();
        QCOMPARE(row.status, QStringLiteral("success"));
        QVERIFY(row.stream);
        QCOMPARE(row.inputTokens, qint64(prompt));
        QCOMPARE(row.outputTokens, qint64(completion));
        QCOMPARE(row.costMicros.value_or(-1), costMicros);
        QVERIFY(!row.usageEstimated);
        QVERIFY(row.ttftMs.has_value());
    }

    void streamUsageRecordedEvenWhenNotAskedFor()
    {
        m_fake.enqueue(QStringLiteral("openai"),
                       FakeProvider::streamFixture(QStringLiteral("openai/chat_stream_include_usage.sse")));
        const qint64 before = rowCount();
        QJsonObject o = chat(QStringLiteral("gpt-4o-mini"));
        o.insert(QStringLiteral("stream"), true);
        const Response r = post(body(o));
        QCOMPARE(r.status, 200);
        for (const QByteArray& e : r.events)
            if (e != "[DONE]")
                QVERIFY2(!QJsonDocument::fromJson(e).object().value(QStringLiteral("choices")).toArray().isEmpty(),
                         e.constData());
        // The gateway asked upstream for usage anyway and recorded it.
        const QJsonObject sent = QJsonDocument::fromJson(m_fake.requests().last().body).object();
        QVERIFY(
            sent.value(QStringLiteral("stream_options")).toObject().value(QStringLiteral("include_usage")).toBool());
        QVERIFY(waitForRows(before + 1));
        QCOMPARE(newestRow().inputTokens, qint64(78));
    }

    void authErrors()
    {
        const Response none = post(body(chat(QStringLiteral("gpt-4o"))), QStringLiteral(""));
        QCOMPARE(none.status, 401);
        QCOMPARE(none.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString(),
                 QStringLiteral("authentication_error"));
        const Response wrong
            = post(body(chat(QStringLiteral("gpt-4o"))), QStringLiteral("gw_abcde_0000000000000000000000000000000x"));
        QCOMPARE(wrong.status, 401);
        QVERIFY(wrong.json().value(QStringLiteral("error")).toObject().contains(QStringLiteral("param")));
    }

    void keyPresentedEveryWay()
    {
        // "Bearer" in any case with spaces around the key, or an x-api-key field; another scheme is no key.
        const auto send = [&](const QByteArray& field, const QByteArray& value) {
            QNetworkRequest request(QUrl(m_gateway.baseUrl() + QStringLiteral("/v1/chat/completions")));
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            request.setRawHeader(field, value);
            return collect(m_nam.post(request, body(chat(QStringLiteral("gpt-4o"))))).status;
        };
        const QByteArray key = m_key.toLatin1();
        QCOMPARE(send("Authorization", "bearer " + key), 200);
        QCOMPARE(send("Authorization", "  BEARER    " + key + "  "), 200);
        QCOMPARE(send("X-Api-Key", " " + key), 200);
        QCOMPARE(send("Authorization", "Basic " + key), 401);
        QCOMPARE(send("Authorization", "Bearer" + key), 401);
    }

    void routesByTheProjectsDefaultAndNamesWhatIsReachable()
    {
        // A project with OpenAI and Gemini credentials whose default provider is OpenAI: a capability goes to
        // OpenAI (the system order, resources/capabilities.json, would pick Gemini), and a model of a provider
        // it has no credential for is refused with the providers it can reach, in the system order.
        auto secrets
            = Secrets::load(Config::fromEnvironment(QProcessEnvironment::systemEnvironment()), m_db->databaseUrl());
        QVERIFY(secrets);
        Project p;
        p.name = QStringLiteral("routes");
        p.defaultProvider = QStringLiteral("openai");
        auto project = ProjectService(m_db->db()).create(p);
        QVERIFY(project);
        CredentialService credentials(m_db->db(), CredentialCipher(secrets.value().encryptionKeys()));
        for (const QString& provider : {QStringLiteral("openai"), QStringLiteral("gemini")})
            QVERIFY(credentials.set(project.value().id, provider, QStringLiteral("sk-test-routes-0000"),
                                    m_fake.baseUrl(provider)));
        auto key = ApiKeyService(m_db->db()).create(project.value().id, {});
        QVERIFY(key);
        const QString routesKey = key.value().plaintext;
        const QByteArray fast = R"({"capability":"fast","messages":[{"role":"user","content":"Hi"}]})";
        QTRY_COMPARE_WITH_TIMEOUT(post(fast, routesKey).status, 200, 3000);
        const Response viaDefault = post(fast, routesKey);
        QCOMPARE(viaDefault.headers.value("x-aigw-provider"), QByteArray("openai"));
        const Response claude = post(body(chat(QStringLiteral("claude-sonnet-4-5"))), routesKey);
        QCOMPARE(claude.status, 400);
        const QJsonObject error = claude.json().value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("provider_not_configured"));
        QVERIFY2(error.value(QStringLiteral("message")).toString().endsWith(QStringLiteral("[gemini, openai]")),
                 qPrintable(error.value(QStringLiteral("message")).toString()));
    }

    void revokedKeyStopsWorkingWithinASecond()
    {
        auto extra = ApiKeyService(m_db->db()).create(m_projectId, {});
        QVERIFY(extra);
        // The snapshot reloads on a change check: a new key works shortly, and a revoked one stops.
        QTRY_COMPARE_WITH_TIMEOUT(post(body(chat(QStringLiteral("gpt-4.1-nano"))), extra.value().plaintext).status, 200,
                                  2000);
        QVERIFY(ApiKeyRepository(m_db->db()).revoke(extra.value().key.id));
        QElapsedTimer t;
        t.start();
        int status = 200;
        while (t.elapsed() < 3000 && status == 200) {
            status = post(body(chat(QStringLiteral("gpt-4.1-nano"))), extra.value().plaintext).status;
            if (status == 200)
                QTest::qWait(50);
        }
        QCOMPARE(status, 401);
        QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
    }

    void badRequests_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("malformed JSON") << QByteArray("{\"model\": ") << 400 << "";
        QTest::newRow("missing messages") << QByteArray("{\"model\":\"gpt-4o\"}") << 400 << "messages";
        QTest::newRow("unknown capability")
            << QByteArray("{\"capability\":\"quality\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}") << 400
            << "fast, balanced, thinking, best";
        QTest::newRow("unknown model without provider")
            << QByteArray("{\"model\":\"mystery-1\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}") << 400
            << "mystery-1";
    }

    void badRequests()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(QString, messagePart);
        const qint64 before = rowCount();
        const Response r = post(request);
        QCOMPARE(r.status, status);
        const QJsonObject error = r.json().value(QStringLiteral("error")).toObject();
        for (const char* field : {"message", "type", "param", "code"})
            QVERIFY2(error.contains(QLatin1String(field)), field);
        QVERIFY2(error.value(QStringLiteral("message")).toString().contains(messagePart), r.body.constData());
        QVERIFY(waitForRows(before + 1)); // a valid key: logged as rejected
        QCOMPARE(newestRow().status, QStringLiteral("rejected"));
    }

    void capabilityRouting()
    {
        // No model: the project's default capability (balanced) on the first reachable provider (gemini).
        m_fake.enqueue(QStringLiteral("gemini"), FakeProvider::fixture(QStringLiteral("gemini/generate.json")));
        QJsonObject o = chat(QString());
        o.remove(QStringLiteral("model"));
        Response r = post(body(o));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("provider")).toString(), QStringLiteral("gemini"));
        QCOMPARE(r.json().value(QStringLiteral("model")).toString(), QStringLiteral("gemini-2.5-pro"));
        // capability + provider, and "openai/..." model prefixes.
        o.insert(QStringLiteral("capability"), QStringLiteral("fast"));
        o.insert(QStringLiteral("provider"), QStringLiteral("anthropic"));
        r = post(body(o));
        QCOMPARE(r.json().value(QStringLiteral("model")).toString(), QStringLiteral("claude-haiku-4-5"));
        r = post(body(chat(QStringLiteral("openai/my-self-hosted-model"))));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("provider")).toString(), QStringLiteral("openai"));
        QCOMPARE(
            QJsonDocument::fromJson(m_fake.requests().last().body).object().value(QStringLiteral("model")).toString(),
            QStringLiteral("my-self-hosted-model"));
        QVERIFY(r.json().value(QStringLiteral("cost")).isNull()); // no price: cost unknown, not guessed
    }

    void retriesThenSucceeds_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("500 once") << 0;
        QTest::newRow("429 with Retry-After") << 1;
        QTest::newRow("reset before headers") << 2;
        QTest::newRow("529 overloaded") << 3;
    }

    void retriesThenSucceeds()
    {
        QFETCH(int, mode);
        FakeProvider::Reply failure;
        QString provider = QStringLiteral("openai");
        QString model = QStringLiteral("gpt-4.1-nano");
        if (mode == 0) {
            failure = overloaded();
            failure.status = 500;
        } else if (mode == 1) {
            failure = FakeProvider::fixture(QStringLiteral("openai/error_429_rate_limit.shape.json"), 429);
            failure.headers << qMakePair(QByteArray("retry-after"), QByteArray("1"));
        } else if (mode == 2) {
            // libcurl itself retries once on a fresh connection when a reused one dies before the
            // answer; the second reset reaches the gateway's own retry.
            failure.mode = FakeProvider::Reply::Mode::ResetBeforeHeaders;
            m_fake.enqueue(provider, failure);
        } else {
            provider = QStringLiteral("anthropic");
            model = QStringLiteral("claude-sonnet-4-5");
            failure = FakeProvider::fixture(QStringLiteral("anthropic/error_529_overloaded.captured.json"), 529);
        }
        m_fake.enqueue(provider, failure);
        const qint64 before = rowCount();
        QElapsedTimer t;
        t.start();
        const Response r = post(body(chat(model)));
        QCOMPARE(r.status, 200);
        const int attempts = r.headers.value("x-aigw-attempts").toInt();
        QVERIFY2(attempts == 2 || (mode == 2 && attempts == 3), r.headers.value("x-aigw-attempts").constData());
        if (mode == 1)
            QVERIFY2(t.elapsed() >= 900, "Retry-After was not honoured");
        QVERIFY(waitForRows(before + 1)); // one row for the request, with its attempts
        QCOMPARE(newestRow().attempts, attempts);
        QCOMPARE(newestRow().status, QStringLiteral("success"));
    }

    void failsOverToAnotherModel()
    {
        for (int i = 0; i < 2; ++i)
            m_fake.enqueue(QStringLiteral("openai"), overloaded());
        QJsonObject o = chat(QStringLiteral("gpt-4.1"));
        o.insert(QStringLiteral("fallbacks"), QJsonArray{QStringLiteral("anthropic/claude-sonnet-4-5")});
        const qint64 before = rowCount();
        const Response r = post(body(o));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("provider")).toString(), QStringLiteral("anthropic"));
        QCOMPARE(r.json().value(QStringLiteral("model")).toString(), QStringLiteral("claude-sonnet-4-5"));
        QVERIFY(waitForRows(before + 1)); // one row, naming the model that answered
        const RequestRecord row = newestRow();
        QCOMPARE(row.provider, QStringLiteral("anthropic"));
        QCOMPARE(row.attempts, 3);
        QVERIFY(row.errorMessage.contains(QStringLiteral("openai/gpt-4.1")));
    }

    void upstreamErrorsAreMapped_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("upstreamStatus");
        QTest::addColumn<int>("status");
        QTest::newRow("openai 401 -> 502") << "openai"
                                           << "gpt-4.1-nano"
                                           << "openai/error_401_invalid_api_key.json" << 401 << 502;
        QTest::newRow("anthropic 401 -> 502") << "anthropic"
                                              << "claude-sonnet-4-5"
                                              << "anthropic/error_401_authentication.json" << 401 << 502;
        QTest::newRow("gemini 400 key -> 502") << "gemini"
                                               << "gemini-2.5-flash"
                                               << "gemini/error_400_api_key_invalid.shape.json" << 400 << 502;
    }

    void upstreamErrorsAreMapped()
    {
        QFETCH(QString, provider);
        QFETCH(QString, model);
        QFETCH(QString, fixture);
        QFETCH(int, upstreamStatus);
        QFETCH(int, status);
        m_fake.enqueue(provider, FakeProvider::fixture(fixture, upstreamStatus));
        const Response r = post(body(chat(model)));
        QCOMPARE(r.status, status);
        QCOMPARE(r.headers.value("x-should-retry"), QByteArray("false"));
        QVERIFY(r.json()
                    .value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(provider));
    }

    void persistentFailureIs502AndTimeoutIs504()
    {
        for (int i = 0; i < 2; ++i)
            m_fake.enqueue(QStringLiteral("openai"), overloaded());
        Response r = post(body(chat(QStringLiteral("gpt-4.1-nano"))));
        QCOMPARE(r.status, 502);
        FakeProvider::Reply silent;
        silent.mode = FakeProvider::Reply::Mode::NoAnswer;
        m_fake.enqueue(QStringLiteral("openai"), silent);
        m_fake.enqueue(QStringLiteral("openai"), silent);
        r = post(body(chat(QStringLiteral("gpt-4.1-nano"))));
        QCOMPARE(r.status, 504);
    }

    void brokenStreamsEndWithAnErrorNotDone_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("mode");
        QTest::newRow("openai cut") << "openai"
                                    << "gpt-4o-mini" << 0;
        QTest::newRow("anthropic cut") << "anthropic"
                                       << "claude-3-opus" << 0;
        QTest::newRow("gemini cut") << "gemini"
                                    << "gemini-2.0-flash" << 0;
        QTest::newRow("openai stall") << "openai"
                                      << "gpt-4o-mini" << 1;
        QTest::newRow("openai malformed") << "openai"
                                          << "gpt-4o-mini" << 2;
        QTest::newRow("openai missing DONE") << "openai"
                                             << "gpt-4o-mini" << 3;
    }

    void brokenStreamsEndWithAnErrorNotDone()
    {
        QFETCH(QString, provider);
        QFETCH(QString, model);
        QFETCH(int, mode);
        static const QHash<QString, QString> files{
            {QStringLiteral("openai"), QStringLiteral("openai/chat_stream_include_usage.sse")},
            {QStringLiteral("anthropic"), QStringLiteral("anthropic/stream.sse")},
            {QStringLiteral("gemini"), QStringLiteral("gemini/stream.sse")}};
        FakeProvider::Reply reply = FakeProvider::streamFixture(files.value(provider));
        if (mode == 0) {
            reply.mode = FakeProvider::Reply::Mode::CutAfter;
            reply.events = provider == QLatin1String("gemini") ? 2 : 3; // the Gemini recording has 3 events
        } else if (mode == 1) {
            reply.mode = FakeProvider::Reply::Mode::StallAfter;
            reply.events = 3;
        } else if (mode == 2) {
            const QList<QByteArray> events = FakeProvider::sseEvents(reply.body);
            reply.body = events.at(0) + events.at(1) + "data: {\"choices\": [tru\n\n" + events.mid(2).join();
        } else {
            reply.body.replace("data: [DONE]", "");
        }
        m_fake.enqueue(provider, reply);
        const qint64 before = rowCount();
        const Response r = post(body(chat(model, true)));
        QCOMPARE(r.status, 200);
        QVERIFY2(!r.events.isEmpty(), r.body.constData());
        QVERIFY2(!r.events.contains("[DONE]"), r.body.constData());
        const QJsonObject last = QJsonDocument::fromJson(r.events.last()).object();
        QVERIFY2(last.contains(QStringLiteral("error")), r.events.last().constData());
        QVERIFY(waitForRows(before + 1));
        QCOMPARE(newestRow().status, QStringLiteral("error"));
    }

    void slowFirstEventFailsOverBeforeAnyByte()
    {
        FakeProvider::Reply slow;
        slow.mode = FakeProvider::Reply::Mode::HeadersOnly;
        m_fake.enqueue(QStringLiteral("openai"), slow);
        m_fake.enqueue(QStringLiteral("openai"), slow);
        m_fake.enqueue(QStringLiteral("anthropic"),
                       FakeProvider::streamFixture(QStringLiteral("anthropic/stream.sse")));
        QJsonObject o = chat(QStringLiteral("gpt-4o-mini"), true);
        o.insert(QStringLiteral("fallbacks"), QJsonArray{QStringLiteral("anthropic/claude-3-opus")});
        const Response r = post(body(o));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.events.last(), QByteArray("[DONE]"));
        QCOMPARE(QJsonDocument::fromJson(r.events.first()).object().value(QStringLiteral("provider")).toString(),
                 QStringLiteral("anthropic"));
    }

    void clientDisconnectCancelsUpstreamAndIsBilled()
    {
        m_fake.enqueue(QStringLiteral("openai"),
                       FakeProvider::streamFixture(QStringLiteral("openai/chat_stream_include_usage.sse"), 200));
        const int closedBefore = m_fake.closedConnections();
        const qint64 before = rowCount();
        QNetworkRequest request(QUrl(m_gateway.baseUrl() + QStringLiteral("/v1/chat/completions")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader("Authorization", "Bearer " + m_key.toLatin1());
        QNetworkReply* reply = m_nam.post(request, body(chat(QStringLiteral("gpt-4o-mini"), true)));
        QTRY_VERIFY_WITH_TIMEOUT(reply->bytesAvailable() > 0, 5000);
        reply->abort();
        reply->deleteLater();
        QTRY_VERIFY_WITH_TIMEOUT(m_fake.closedConnections() > closedBefore, 5000); // upstream aborted
        QVERIFY(waitForRows(before + 1));
        const RequestRecord row = newestRow();
        QCOMPARE(row.status, QStringLiteral("cancelled"));
        QVERIFY(row.usageEstimated);
        QVERIFY(row.inputTokens > 0); // billed for what was generated, as an estimate
    }

    void modelsHealthReady()
    {
        const Response models = get(QStringLiteral("/v1/models"), m_key);
        QCOMPARE(models.status, 200);
        QStringList ids;
        for (const auto& m : models.json().value(QStringLiteral("data")).toArray())
            ids << m.toObject().value(QStringLiteral("id")).toString();
        QVERIFY(ids.contains(QStringLiteral("fast")));
        QVERIFY(ids.contains(QStringLiteral("gpt-4.1")));
        QVERIFY(ids.contains(QStringLiteral("claude-sonnet-4-5")));
        QCOMPARE(get(QStringLiteral("/v1/models"), QString()).status, 401);
        QCOMPARE(get(QStringLiteral("/health"), QString()).status, 200);
        const Response ready = get(QStringLiteral("/ready"), QString());
        QCOMPARE(ready.status, 200);
    }
};

QTEST_GUILESS_MAIN(TestGatewayEndToEnd)
#include "TestGatewayEndToEnd.moc"
