// Governance end to end: budgets, rate limits, cost and the request log through the real `aigw serve`
// executable (one process, and two processes sharing one PostgreSQL database), against a fake of the three
// providers serving the recorded fixtures. Real SQLite / PostgreSQL, loopback only.

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
#include "storage/Database.h"
#include "storage/Migrator.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>

#include <csignal>

namespace {
const QString kEncryptionKey = QStringLiteral("3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs=");
const QString kJwtSecret = QStringLiteral("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

struct RawResponse
{
    int status = 0;
    QHash<QByteArray, QByteArray> headers;
    QByteArray body;
};

struct Shot
{
    quint16 port = 0;
    QString key;
    QByteArray body;
};

struct Key
{
    QString plaintext;
    QString id;
};
} // namespace

class TestGovernanceEndToEnd : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_db;
    FakeProvider m_fake;
    GatewayProcess m_gateway;
    std::unique_ptr<GatewayProcess> m_second; ///< a second process on the same database
    std::unique_ptr<Secrets> m_secrets;

    bool isPostgres() const { return m_db->db().isPostgres(); }

    QProcessEnvironment gatewayEnv(int holdTtlMs = 0) const
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("ENCRYPTION_KEY"), kEncryptionKey);
        env.insert(QStringLiteral("JWT_SECRET"), kJwtSecret);
        env.insert(QStringLiteral("AIGW_VERBOSE"), QStringLiteral("0"));
        env.insert(QStringLiteral("AIGW_BREAKER_FAILURES"), QStringLiteral("1000"));
        env.insert(QStringLiteral("AIGW_BACKOFF_BASE_MS"), QStringLiteral("10"));
        env.insert(QStringLiteral("AIGW_BACKOFF_MAX_MS"), QStringLiteral("40"));
        if (holdTtlMs > 0)
            env.insert(QStringLiteral("AIGW_HOLD_TTL_MS"), QString::number(holdTtlMs));
        return env;
    }

    QString makeProject(std::optional<qint64> dailyTokenLimit = {})
    {
        return makeProjectIn(m_db->db(), dailyTokenLimit);
    }

    QString makeProjectIn(const Database& db, std::optional<qint64> dailyTokenLimit = {})
    {
        Project p;
        p.name = QStringLiteral("gov-") + QString::number(QDateTime::currentMSecsSinceEpoch() % 1000000)
            + QString::number(qrand32());
        p.dailyTokenLimit = dailyTokenLimit;
        auto project = ProjectService(db).create(p);
        if (!project)
            return {};
        CredentialService credentials(db, CredentialCipher(m_secrets->encryptionKeys()));
        for (const QString& provider :
             {QStringLiteral("openai"), QStringLiteral("anthropic"), QStringLiteral("gemini")})
            if (!credentials.set(project.value().id, provider, QStringLiteral("sk-test-") + provider,
                                 m_fake.baseUrl(provider)))
                return {};
        return project.value().id;
    }

    static quint32 qrand32()
    {
        static quint32 n = 0;
        return ++n;
    }

    Key makeKey(const QString& projectId, int rpm) { return makeKeyIn(m_db->db(), projectId, rpm); }

    static Key makeKeyIn(const Database& db, const QString& projectId, int rpm)
    {
        ApiKeyService::Options options;
        options.rateLimitRpm = rpm;
        auto key = ApiKeyService(db).create(projectId, options);
        if (!key)
            return {};
        return {key.value().plaintext, key.value().key.id};
    }

    /** Sends every shot at once, each on its own connection, and waits for all the answers. */
    QList<RawResponse> fire(const QList<Shot>& shots, int timeoutMs = 60000)
    {
        QList<RawResponse> out(shots.size());
        QList<QTcpSocket*> sockets;
        QList<QByteArray> buffers(shots.size());
        int open = int(shots.size());
        QEventLoop loop;
        for (qsizetype i = 0; i < shots.size(); ++i) {
            auto* s = new QTcpSocket(this);
            sockets << s;
            connect(s, &QTcpSocket::readyRead, s, [s, i, &buffers] { buffers[i] += s->readAll(); });
            connect(s, &QTcpSocket::disconnected, s, [&open, &loop] {
                if (--open == 0)
                    loop.quit();
            });
            connect(s, &QTcpSocket::errorOccurred, s, [s, &open, &loop](QAbstractSocket::SocketError e) {
                if (e != QAbstractSocket::RemoteHostClosedError && s->state() == QAbstractSocket::UnconnectedState
                    && --open == 0)
                    loop.quit();
            });
            connect(s, &QTcpSocket::connected, s, [s, shot = shots.at(i)] {
                s->write("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                         + shot.key.toLatin1() + "\r\nContent-Type: application/json\r\nContent-Length: "
                         + QByteArray::number(shot.body.size()) + "\r\nConnection: close\r\n\r\n" + shot.body);
            });
            s->connectToHost(QStringLiteral("127.0.0.1"), shots.at(i).port);
        }
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        if (open > 0)
            loop.exec();
        for (qsizetype i = 0; i < shots.size(); ++i) {
            buffers[i] += sockets.at(i)->readAll();
            const QByteArray& raw = buffers.at(i);
            const qsizetype headEnd = raw.indexOf("\r\n\r\n");
            const QList<QByteArray> lines = raw.left(headEnd).split('\n');
            if (!lines.isEmpty())
                out[i].status = lines.first().split(' ').value(1).toInt();
            for (const QByteArray& l : lines.mid(1)) {
                const qsizetype colon = l.indexOf(':');
                if (colon > 0)
                    out[i].headers.insert(l.left(colon).trimmed().toLower(), l.mid(colon + 1).trimmed());
            }
            out[i].body = headEnd >= 0 ? raw.mid(headEnd + 4) : QByteArray();
            sockets.at(i)->deleteLater();
        }
        return out;
    }

    RawResponse one(quint16 port, const QString& key, const QByteArray& body)
    {
        return fire({Shot{port, key, body}}).first();
    }

    static QByteArray chat(const QString& model, bool stream = false, int maxTokens = 0)
    {
        QJsonObject o{{QStringLiteral("model"), model},
                      {QStringLiteral("messages"),
                       QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                              {QStringLiteral("content"), QStringLiteral("Say hello")}}}}};
        if (stream) {
            o.insert(QStringLiteral("stream"), true);
            o.insert(QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}});
        }
        if (maxTokens > 0)
            o.insert(QStringLiteral("max_tokens"), maxTokens);
        return QJsonDocument(o).toJson(QJsonDocument::Compact);
    }

    qint64 scalar(const QString& sql, const QVariantList& binds = {}) { return scalarIn(m_db->db(), sql, binds); }

    static qint64 scalarIn(const Database& db, const QString& sql, const QVariantList& binds = {})
    {
        auto r = db.exec(sql, binds);
        if (!r || !r.value().next())
            return -1;
        return r.value().value(0).toLongLong();
    }

    static qint64 rowsOfProject(const Database& db, const QString& projectId)
    {
        return scalarIn(db, QStringLiteral("SELECT COUNT(*) FROM requests WHERE project_id = ?"), {projectId});
    }

    /** Waits until the project has `expected` rows (true) or more / fewer after 20 s (false). */
    bool waitForRows(const QString& projectId, qint64 expected, int timeoutMs = 20000)
    {
        return waitForRowsIn(m_db->db(), projectId, expected, timeoutMs);
    }

    static bool waitForRowsIn(const Database& db, const QString& projectId, qint64 expected, int timeoutMs = 20000)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            if (rowsOfProject(db, projectId) >= expected)
                break;
            QTest::qWait(50);
        }
        QTest::qWait(300); // nothing more may arrive
        const qint64 rows = rowsOfProject(db, projectId);
        if (rows != expected)
            qWarning("project %s has %lld rows, expected %lld", qPrintable(projectId), rows, expected);
        return rows == expected;
    }

    bool startSecond(int holdTtlMs = 0)
    {
        m_second = std::make_unique<GatewayProcess>();
        QString why;
        if (!m_second->start(m_db->url(), gatewayEnv(holdTtlMs), &why)) {
            qWarning() << why;
            return false;
        }
        return true;
    }

    /** A counter from the gateway's /metrics (the first sample of that name), or -1. */
    static double metric(quint16 port, const QByteArray& name)
    {
        QTcpSocket s;
        s.connectToHost(QStringLiteral("127.0.0.1"), port);
        if (!s.waitForConnected(5000))
            return -1;
        s.write("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QByteArray raw;
        while (s.state() == QAbstractSocket::ConnectedState && s.waitForReadyRead(5000))
            raw += s.readAll();
        raw += s.readAll();
        for (const QByteArray& line : raw.split('\n'))
            if (line.startsWith(QByteArray(name + ' ')) || line.startsWith(QByteArray(name + '{')))
                return line.mid(line.lastIndexOf(' ') + 1).trimmed().toDouble();
        return -1;
    }

    /** scripts/pg-cluster COMMAND DIR; its standard output, or nothing when it failed. */
    static std::optional<QString> pgCluster(const QString& command, const QString& dir)
    {
        QProcess p;
        p.start(TestPaths::sourceDir() + QStringLiteral("/scripts/pg-cluster"), {command, dir});
        if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            qWarning() << "pg-cluster" << command << "failed:" << p.readAllStandardError();
            return std::nullopt;
        }
        return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    }

    static int count(const QList<RawResponse>& rs, int status)
    {
        return int(
            std::count_if(rs.cbegin(), rs.cend(), [status](const RawResponse& r) { return r.status == status; }));
    }

    /** Budget run shared by the one- and two-process tests. */
    void budgetRun(bool twoProcesses)
    {
        // chat.json: 16 prompt + 363 completion = 379 tokens per request. Room for k = 20 of them.
        const qint64 k = 20;
        const qint64 perRequest = 16 + 363;
        const qint64 limit = k * perRequest;
        const QString projectId = makeProject(limit);
        QVERIFY(!projectId.isEmpty());
        const Key key = makeKey(projectId, 1000000);
        if (twoProcesses)
            QVERIFY(startSecond());
        QTest::qWait(600); // both snapshots know the new project and key
        QList<Shot> shots;
        for (int i = 0; i < 200; ++i)
            shots << Shot{(twoProcesses && i % 2) ? m_second->port() : m_gateway.port(), key.plaintext,
                          chat(QStringLiteral("gpt-4.1-nano"), false, 400)};
        const QList<RawResponse> rs = fire(shots);
        const int admitted = count(rs, 200);
        const int refused = count(rs, 429);
        QCOMPARE(admitted + refused, 200);
        // The estimate each request reserved, from a refusal: "this request needs up to N tokens".
        qint64 estimate = 0;
        static const QRegularExpression needs(QStringLiteral("needs up to (\\d+) tokens"));
        for (const RawResponse& r : rs) {
            const auto m = needs.match(QString::fromUtf8(r.body));
            if (m.hasMatch()) {
                estimate = m.captured(1).toLongLong();
                QVERIFY(r.body.contains("insufficient_quota"));
                break;
            }
        }
        QVERIFY2(estimate >= perRequest, qPrintable(QString::number(estimate)));
        QVERIFY(waitForRows(projectId, 200));
        const qint64 spent
            = scalar(QStringLiteral("SELECT COALESCE(SUM(total_tokens), 0) FROM usage_counters WHERE project_id = ?"),
                     {projectId});
        const qint64 held
            = scalar(QStringLiteral("SELECT COUNT(*) FROM budget_holds WHERE project_id = ?"), {projectId});
        qInfo("budget (%s): limit %lld tokens, k = %lld, estimate %lld, admitted %d, spent %lld, overshoot %lld, "
              "holds left %lld",
              twoProcesses ? "two processes" : "one process", limit, k, estimate, admitted, spent,
              qMax<qint64>(0, spent - limit), held);
        QCOMPARE(spent, qint64(admitted) * perRequest);
        QVERIFY2(spent <= limit, "the budget was overspent");
        // Slack: with every request in flight at once, each holds its estimate rather than its actual usage.
        QVERIFY2(admitted >= limit / estimate, qPrintable(QString::number(admitted)));
        // Every request has settled; what may still be held is the unspent rest of a budget lease, given
        // back at the latest when the lease's life ends plus one housekeeping tick (1 s + 250 ms).
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(QStringLiteral("SELECT COUNT(*) FROM budget_holds WHERE project_id = ?"), {projectId}), qint64(0),
            3000);
        if (twoProcesses)
            QCOMPARE(m_second->stop(), 0);
    }

    void rpmRun(bool twoProcesses)
    {
        const int rpm = 30;
        const QString projectId = makeProject();
        const Key key = makeKey(projectId, rpm);
        if (twoProcesses)
            QVERIFY(startSecond());
        QTest::qWait(600);
        QList<Shot> shots;
        for (int i = 0; i < 200; ++i)
            shots << Shot{(twoProcesses && i % 2) ? m_second->port() : m_gateway.port(), key.plaintext,
                          chat(QStringLiteral("gpt-4.1-nano"))};
        QElapsedTimer t;
        t.start();
        const QList<RawResponse> rs = fire(shots);
        const qint64 elapsedMs = t.elapsed();
        const int admitted = count(rs, 200);
        const int limited = count(rs, 429);
        QCOMPARE(admitted + limited, 200);
        // The bucket starts full (rpm) and refills at rpm per minute while the burst lasts.
        const qint64 refill = elapsedMs * rpm / 60000;
        qInfo("rpm (%s): limit %d, admitted %d in %lld ms (refill allowance %lld)",
              twoProcesses ? "two processes" : "one process", rpm, admitted, elapsedMs, refill);
        QVERIFY2(admitted >= rpm - 1 && admitted <= rpm + 1 + refill, qPrintable(QString::number(admitted)));
        for (const RawResponse& r : rs) {
            QCOMPARE(r.headers.value("x-ratelimit-limit-requests"), QByteArray::number(rpm));
            if (r.status == 429) {
                QVERIFY(r.headers.value("retry-after").toInt() >= 1);
                QVERIFY(r.body.contains("rate_limit_exceeded"));
            }
        }
        QVERIFY(waitForRows(projectId, 200));
        if (twoProcesses)
            QCOMPARE(m_second->stop(), 0);
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
        m_secrets = std::make_unique<Secrets>(secrets.value());
        QString why;
        QVERIFY2(m_gateway.start(m_db->url(), gatewayEnv(1000), &why), qPrintable(why));
    }

    void cleanup()
    {
        m_fake.clearScript();
        if (m_second)
            m_second->stop();
        m_second.reset();
    }

    void cleanupTestCase()
    {
        if (m_db)
            QCOMPARE(m_gateway.stop(), 0);
    }

    void budgetNeverOverspentUnderConcurrency() { budgetRun(false); }

    void budgetNeverOverspentAcrossTwoProcesses()
    {
        if (!isPostgres())
            QSKIP("two gateway processes share a budget on PostgreSQL");
        budgetRun(true);
    }

    void rpmWithinOneRequestUnderConcurrency() { rpmRun(false); }

    void rpmWithinOneRequestAcrossTwoProcesses()
    {
        if (!isPostgres())
            QSKIP("rate limits are shared across processes on PostgreSQL");
        rpmRun(true);
    }

    void revocationWithinASecondAcrossTwoProcesses()
    {
        const QString projectId = makeProject();
        const Key key = makeKey(projectId, 1000000);
        QVERIFY(startSecond());
        QTRY_COMPARE_WITH_TIMEOUT(one(m_gateway.port(), key.plaintext, chat(QStringLiteral("gpt-4.1-nano"))).status,
                                  200, 3000);
        QTRY_COMPARE_WITH_TIMEOUT(one(m_second->port(), key.plaintext, chat(QStringLiteral("gpt-4.1-nano"))).status,
                                  200, 3000);
        QVERIFY(ApiKeyRepository(m_db->db()).revoke(key.id));
        QElapsedTimer t;
        t.start();
        bool firstDone = false, secondDone = false;
        qint64 firstMs = -1, secondMs = -1;
        while (t.elapsed() < 3000 && !(firstDone && secondDone)) {
            const QList<RawResponse> rs
                = fire({Shot{m_gateway.port(), key.plaintext, chat(QStringLiteral("gpt-4.1-nano"))},
                        Shot{m_second->port(), key.plaintext, chat(QStringLiteral("gpt-4.1-nano"))}});
            if (!firstDone && rs.at(0).status == 401) {
                firstDone = true;
                firstMs = t.elapsed();
            }
            if (!secondDone && rs.at(1).status == 401) {
                secondDone = true;
                secondMs = t.elapsed();
            }
            QTest::qWait(25);
        }
        qInfo("revocation seen after %lld ms and %lld ms", firstMs, secondMs);
        QVERIFY(firstDone && secondDone);
        QVERIFY2(firstMs < 1000 && secondMs < 1000, "revocation took longer than a second");
    }

    void costOfEveryFixture_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("model");
        QTest::addColumn<qint64>("inputTokens");
        QTest::addColumn<qint64>("outputTokens");
        QTest::addColumn<qint64>("costMicros");
        // Prices from resources/models.json in $ per 1M tokens = µ$ per token; input and output are each rounded
        // half up to whole micro-dollars; reasoning / thinking tokens are output tokens at the output price.
        // OpenAI
        // gpt-4.1-nano $0.10/$0.40: 16 in = 1.6 -> 2; 363 out = 145.2 -> 145; 147.
        QTest::newRow("openai/chat.json") << "openai/chat.json"
                                          << "gpt-4.1-nano" << 16LL << 363LL << 147LL;
        // o3-mini $1.10/$4.40: 7 in = 7.7 -> 8; 87 out (64 of them reasoning) = 382.8 -> 383; 391.
        QTest::newRow("openai/reasoning_o3mini_b.json") << "openai/reasoning_o3mini_b.json"
                                                        << "o3-mini" << 7LL << 87LL << 391LL;
        // gpt-4o $2.50/$10: 68 in = 170; 12 out = 120; 290.
        QTest::newRow("openai/tool_call.json") << "openai/tool_call.json"
                                               << "gpt-4o" << 68LL << 12LL << 290LL;
        // gpt-4o-mini $0.15/$0.60: 78 in = 11.7 -> 12; 9 out = 5.4 -> 5; 17.
        QTest::newRow("openai/chat_stream_include_usage.sse") << "openai/chat_stream_include_usage.sse"
                                                              << "gpt-4o-mini" << 78LL << 9LL << 17LL;
        // gpt-4o $2.50/$10: 44 in = 110; 16 out = 160; 270.
        QTest::newRow("openai/tool_call_stream.sse") << "openai/tool_call_stream.sse"
                                                     << "gpt-4o" << 44LL << 16LL << 270LL;
        // Anthropic
        // claude-sonnet-4-5 $3/$15: 12 in = 36; 29 out = 435; 471.
        QTest::newRow("anthropic/message.json") << "anthropic/message.json"
                                                << "claude-sonnet-4-5" << 12LL << 29LL << 471LL;
        // claude-3-opus $15/$75: 599 in = 8985; 152 out = 11400; 20385.
        QTest::newRow("anthropic/tool_use.json") << "anthropic/tool_use.json"
                                                 << "claude-3-opus" << 599LL << 152LL << 20385LL;
        // claude-3-opus: 27 in = 405; 15 out (message_delta's cumulative count) = 1125; 1530.
        QTest::newRow("anthropic/stream.sse") << "anthropic/stream.sse"
                                              << "claude-3-opus" << 27LL << 15LL << 1530LL;
        // claude-sonnet-4 $3/$15: 43 in = 129; 282 out (thinking included) = 4230; 4359.
        QTest::newRow("anthropic/thinking_stream.sse") << "anthropic/thinking_stream.sse"
                                                       << "claude-sonnet-4" << 43LL << 282LL << 4359LL;
        // claude-3-opus: 599 in = 8985; 135 out = 10125; 19110.
        QTest::newRow("anthropic/tool_use_stream.sse") << "anthropic/tool_use_stream.sse"
                                                       << "claude-3-opus" << 599LL << 135LL << 19110LL;
        // Gemini (completion = candidates + thoughts)
        // gemini-2.0-flash $0.10/$0.40: 33 in = 3.3 -> 3; 5 out = 2; 5.
        QTest::newRow("gemini/function_call.json") << "gemini/function_call.json"
                                                   << "gemini-2.0-flash" << 33LL << 5LL << 5LL;
        // gemini-2.5-flash $0.30/$2.50: 9 in = 2.7 -> 3; 9 + 34 thoughts = 43 out = 107.5 -> 108; 111.
        QTest::newRow("gemini/generate.json") << "gemini/generate.json"
                                              << "gemini-2.5-flash" << 9LL << 43LL << 111LL;
        // gemini-3-pro-preview $2/$12: 29 in = 58; 10 + 202 thoughts = 212 out = 2544; 2602.
        QTest::newRow("gemini/function_call_stream.sse") << "gemini/function_call_stream.sse"
                                                         << "gemini-3-pro-preview" << 29LL << 212LL << 2602LL;
        // gemini-2.0-flash: the last cumulative usage, 13 in = 1.3 -> 1; 8 out = 3.2 -> 3; 4.
        QTest::newRow("gemini/stream.sse") << "gemini/stream.sse"
                                           << "gemini-2.0-flash" << 13LL << 8LL << 4LL;
        // gemini-2.5-flash: 18 in = 5.4 -> 5; 80 + 35 thoughts = 115 out = 287.5 -> 288; 293.
        QTest::newRow("gemini/stream_usage_thoughts.sse") << "gemini/stream_usage_thoughts.sse"
                                                          << "gemini-2.5-flash" << 18LL << 115LL << 293LL;
    }

    void costOfEveryFixture()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, model);
        QFETCH(qint64, inputTokens);
        QFETCH(qint64, outputTokens);
        QFETCH(qint64, costMicros);
        static QString projectId;
        static Key key;
        if (projectId.isEmpty()) {
            projectId = makeProject();
            key = makeKey(projectId, 1000000);
            QTest::qWait(600);
        }
        const QString provider = fixture.section(QLatin1Char('/'), 0, 0);
        const bool stream = fixture.endsWith(QLatin1String(".sse"));
        m_fake.enqueue(provider, stream ? FakeProvider::streamFixture(fixture) : FakeProvider::fixture(fixture));
        const qint64 before = rowsOfProject(m_db->db(), projectId);
        const RawResponse r = one(m_gateway.port(), key.plaintext, chat(model, stream));
        QCOMPARE(r.status, 200);
        QCOMPARE(m_fake.pendingScript(), 0);
        // The cost the client sees: the `cost` object of the answer, or of the stream's last chunk before [DONE].
        qint64 shown = -1;
        if (stream) {
            for (const QByteArray& line : r.body.split('\n')) {
                if (!line.startsWith("data: {"))
                    continue;
                const QJsonObject o = QJsonDocument::fromJson(line.mid(6)).object();
                if (o.contains(QStringLiteral("cost")) && o.value(QStringLiteral("cost")).isObject())
                    shown = qint64(
                        o.value(QStringLiteral("cost")).toObject().value(QStringLiteral("total_micros")).toDouble());
            }
        } else {
            const qsizetype brace = r.body.indexOf('{');
            const QJsonObject o
                = QJsonDocument::fromJson(r.body.mid(brace, r.body.lastIndexOf('}') - brace + 1)).object();
            shown = qint64(o.value(QStringLiteral("cost")).toObject().value(QStringLiteral("total_micros")).toDouble());
        }
        QCOMPARE(shown, costMicros);
        Q_UNUSED(before);
        const QString id = QString::fromLatin1(r.headers.value("x-request-id"));
        QTRY_COMPARE_WITH_TIMEOUT(scalar(QStringLiteral("SELECT COUNT(*) FROM requests WHERE id = ?"), {id}), 1, 10000);
        auto row = m_db->db().exec(
            QStringLiteral("SELECT input_tokens, output_tokens, cost_micros, model FROM requests WHERE id = ?"), {id});
        QVERIFY(row && row.value().next());
        QCOMPARE(row.value().value(0).toLongLong(), inputTokens);
        QCOMPARE(row.value().value(1).toLongLong(), outputTokens);
        QCOMPARE(row.value().value(2).toLongLong(), costMicros);
        QCOMPARE(row.value().value(3).toString(), model);
    }

    void rowParityMixedOutcomes()
    {
        // One project with room for exactly one request's estimate, one without limits.
        const QString open = makeProject();
        const QString tight = makeProject(1000);
        const Key fast = makeKey(open, 1000000);
        const Key slow = makeKey(open, 2); // the third request in a minute is refused
        const Key budget = makeKey(tight, 1000000);
        QTest::qWait(600);
        int sent = 0;
        // 3 successes, 2 upstream errors (401 from the provider -> 502 after no retry).
        for (int i = 0; i < 3; ++i, ++sent)
            QCOMPARE(one(m_gateway.port(), fast.plaintext, chat(QStringLiteral("gpt-4.1-nano"))).status, 200);
        for (int i = 0; i < 2; ++i, ++sent) {
            m_fake.enqueue(QStringLiteral("openai"),
                           FakeProvider::fixture(QStringLiteral("openai/error_401_invalid_api_key.json"), 401));
            QCOMPARE(one(m_gateway.port(), fast.plaintext, chat(QStringLiteral("gpt-4.1-nano"))).status, 502);
        }
        // 2 admitted + 2 rate-limited.
        QList<int> statuses;
        for (int i = 0; i < 4; ++i, ++sent)
            statuses << one(m_gateway.port(), slow.plaintext, chat(QStringLiteral("gpt-4.1-nano"))).status;
        QCOMPARE(statuses, QList<int>({200, 200, 429, 429}));
        // Budget: 1000 tokens, each request needs more than that (max_tokens 1200): refused.
        for (int i = 0; i < 2; ++i, ++sent) {
            const RawResponse r
                = one(m_gateway.port(), budget.plaintext, chat(QStringLiteral("gpt-4.1-nano"), false, 1200));
            QCOMPARE(r.status, 429);
            QVERIFY(r.body.contains("insufficient_quota"));
        }
        // 2 client cancellations mid-stream.
        for (int i = 0; i < 2; ++i, ++sent) {
            m_fake.enqueue(QStringLiteral("openai"),
                           FakeProvider::streamFixture(QStringLiteral("openai/chat_stream_include_usage.sse"), 200));
            QTcpSocket s;
            s.connectToHost(QStringLiteral("127.0.0.1"), m_gateway.port());
            QVERIFY(s.waitForConnected(5000));
            const QByteArray b = chat(QStringLiteral("gpt-4o-mini"), true);
            s.write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + fast.plaintext.toLatin1() + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + QByteArray::number(b.size()) + "\r\n\r\n" + b);
            QTRY_VERIFY_WITH_TIMEOUT(s.bytesAvailable() > 0 || s.waitForReadyRead(50), 5000);
            s.abort();
        }
        QVERIFY(waitForRows(open, 3 + 2 + 4 + 2));
        QVERIFY(waitForRows(tight, 2));
        QCOMPARE(sent, 13);
        const auto statusCount = [&](const QString& status) {
            return scalar(QStringLiteral("SELECT COUNT(*) FROM requests WHERE project_id IN (?, ?) AND status = ?"),
                          {open, tight, status});
        };
        QCOMPARE(statusCount(QStringLiteral("success")), 5);
        QCOMPARE(statusCount(QStringLiteral("error")), 2);
        QCOMPARE(statusCount(QStringLiteral("rejected")), 4);
        QCOMPARE(statusCount(QStringLiteral("cancelled")), 2);
        // The budgeted project's requests asked the database for a lease (refused); rows went out in batches.
        QVERIFY(metric(m_gateway.port(), "aigw_budget_leases_total") >= 2);
        QVERIFY(metric(m_gateway.port(), "aigw_budget_lease_waits_total") >= 2);
        QVERIFY(metric(m_gateway.port(), "aigw_request_log_batches_total") >= 1);
        // last_used_at is written in batches by the log writer.
        QTRY_VERIFY_WITH_TIMEOUT(
            scalar(QStringLiteral("SELECT COUNT(*) FROM api_keys WHERE id IN (?, ?, ?) AND last_used_at IS NOT NULL"),
                   {fast.id, slow.id, budget.id})
                == 3,
            6000);
    }

    void rowParityAcrossDatabaseOutage()
    {
        // The database goes away mid-run and comes back: every request still produces exactly one row, and
        // the usage counters count each exactly once (the spool is replayed once, not once per retry).
        // PostgreSQL: a private cluster this test stops and starts (pg_ctl stop -m fast, then start on the
        // same port). SQLite: another connection holds the write lock for longer than the busy timeout.
        QTemporaryDir clusterDir;
        std::unique_ptr<Database> ownDb;
        std::unique_ptr<GatewayProcess> ownGateway;
        std::unique_ptr<Database> locker;
        const Database* db = &m_db->db();
        GatewayProcess* gateway = &m_gateway;
        const QString cluster = clusterDir.filePath(QStringLiteral("pg"));
        if (isPostgres()) {
            const auto url = pgCluster(QStringLiteral("start"), cluster);
            QVERIFY(url);
            auto parsed = DatabaseUrl::parse(*url);
            QVERIFY(parsed);
            ownDb = std::make_unique<Database>(parsed.value());
            QVERIFY(Migrator(*ownDb).migrate());
            db = ownDb.get();
            ownGateway = std::make_unique<GatewayProcess>();
            QString why;
            QVERIFY2(ownGateway->start(*url, gatewayEnv(), &why), qPrintable(why));
            gateway = ownGateway.get();
        } else {
            locker = std::make_unique<Database>(m_db->databaseUrl());
        }
        const auto finish = qScopeGuard([&] {
            if (locker)
                locker->exec(QStringLiteral("ROLLBACK"));
            if (ownGateway)
                ownGateway->stop();
            ownDb.reset();
            if (isPostgres())
                pgCluster(QStringLiteral("stop"), cluster);
        });
        const QString projectId = makeProjectIn(*db);
        QVERIFY(!projectId.isEmpty());
        const Key key = makeKeyIn(*db, projectId, 1000000);
        QVERIFY(!key.plaintext.isEmpty());
        QTest::qWait(600);
        const double spooledBefore = metric(gateway->port(), "aigw_request_log_spooled_total");

        // A round of mixed outcome: 2 successes, 1 upstream error (502), 1 streamed success.
        int sent = 0;
        const auto round = [&]() {
            for (int i = 0; i < 2; ++i, ++sent)
                QCOMPARE(one(gateway->port(), key.plaintext, chat(QStringLiteral("gpt-4.1-nano"))).status, 200);
            m_fake.enqueue(QStringLiteral("openai"),
                           FakeProvider::fixture(QStringLiteral("openai/error_401_invalid_api_key.json"), 401));
            QCOMPARE(one(gateway->port(), key.plaintext, chat(QStringLiteral("gpt-4.1-nano"))).status, 502);
            ++sent;
            m_fake.enqueue(QStringLiteral("openai"),
                           FakeProvider::streamFixture(QStringLiteral("openai/chat_stream_include_usage.sse"), 200));
            const RawResponse streamed = one(gateway->port(), key.plaintext, chat(QStringLiteral("gpt-4o-mini"), true));
            QCOMPARE(streamed.status, 200);
            QVERIFY(streamed.body.contains("[DONE]"));
            ++sent;
        };
        round();
        if (QTest::currentTestFailed())
            return;
        QVERIFY(waitForRowsIn(*db, projectId, sent));

        // Down.
        if (isPostgres())
            QVERIFY(pgCluster(QStringLiteral("down"), cluster));
        else
            QVERIFY(locker->exec(QStringLiteral("BEGIN EXCLUSIVE")));
        round();
        if (QTest::currentTestFailed())
            return;
        round();
        if (QTest::currentTestFailed())
            return;
        // The writer gave up on the database and spooled (SQLite: after its 10 s busy timeout).
        QTRY_VERIFY_WITH_TIMEOUT(metric(gateway->port(), "aigw_request_log_spooled_total") > spooledBefore, 30000);
        QVERIFY(metric(gateway->port(), "aigw_request_log_spool_pending") > 0);

        // Up again; more requests while the spool is replayed.
        if (isPostgres())
            QVERIFY(pgCluster(QStringLiteral("up"), cluster));
        else
            QVERIFY(locker->exec(QStringLiteral("COMMIT")));
        round();
        if (QTest::currentTestFailed())
            return;
        QTRY_COMPARE_WITH_TIMEOUT(metric(gateway->port(), "aigw_request_log_spool_pending"), 0.0, 30000);
        QVERIFY(waitForRowsIn(*db, projectId, sent));
        QCOMPARE(sent, 16);
        // Exactly once: the counters saw every row once, with the rows' own tokens and cost.
        const QString day = QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate);
        QCOMPARE(scalarIn(*db,
                          QStringLiteral("SELECT request_count FROM usage_counters WHERE project_id = ? AND day = ?"),
                          {projectId, day}),
                 qint64(sent));
        QCOMPARE(scalarIn(*db,
                          QStringLiteral("SELECT error_count FROM usage_counters WHERE project_id = ? AND day = ?"),
                          {projectId, day}),
                 qint64(4));
        QCOMPARE(
            scalarIn(*db, QStringLiteral("SELECT total_tokens FROM usage_counters WHERE project_id = ? AND day = ?"),
                     {projectId, day}),
            scalarIn(*db, QStringLiteral("SELECT SUM(input_tokens + output_tokens) FROM requests WHERE project_id = ?"),
                     {projectId}));
        QCOMPARE(
            scalarIn(*db, QStringLiteral("SELECT cost_micros FROM usage_counters WHERE project_id = ? AND day = ?"),
                     {projectId, day}),
            scalarIn(*db, QStringLiteral("SELECT SUM(cost_micros) FROM requests WHERE project_id = ?"), {projectId}));
        QVERIFY(scalarIn(*db, QStringLiteral("SELECT SUM(cost_micros) FROM requests WHERE project_id = ?"), {projectId})
                > 0);
        if (ownGateway)
            QCOMPARE(ownGateway->stop(), 0);
    }

    void killedGatewayPinsNoBudget()
    {
        // A process killed mid-request leaves its hold; it stops counting at its expiry (1 s here).
        const QString projectId = makeProject(1000);
        const Key key = makeKey(projectId, 1000000);
        QVERIFY(startSecond(1000));
        QTest::qWait(600);
        FakeProvider::Reply silent;
        silent.mode = FakeProvider::Reply::Mode::NoAnswer;
        m_fake.enqueue(QStringLiteral("openai"), silent);
        QTcpSocket s;
        s.connectToHost(QStringLiteral("127.0.0.1"), m_second->port());
        QVERIFY(s.waitForConnected(5000));
        const QByteArray b = chat(QStringLiteral("gpt-4.1-nano"), false, 600);
        s.write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key.plaintext.toLatin1()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(b.size()) + "\r\n\r\n"
                + b);
        s.flush();
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(QStringLiteral("SELECT COUNT(*) FROM budget_holds WHERE project_id = ?"), {projectId}), 1, 5000);
        ::kill(pid_t(m_second->pid()), SIGKILL);
        m_second->stop(5000);
        QElapsedTimer t;
        t.start();
        // While the hold is live, the budget has no room for a second request of the same size.
        const RawResponse refused
            = one(m_gateway.port(), key.plaintext, chat(QStringLiteral("gpt-4.1-nano"), false, 600));
        if (t.elapsed() < 900)
            QCOMPARE(refused.status, 429);
        // After the expiry it has.
        RawResponse after;
        for (int i = 0; i < 50 && after.status != 200; ++i) {
            QTest::qWait(100);
            after = one(m_gateway.port(), key.plaintext, chat(QStringLiteral("gpt-4.1-nano"), false, 600));
        }
        QVERIFY2(after.status == 200, after.body.constData());
        qInfo("budget free again %lld ms after kill -9 (hold ttl 1000 ms)", t.elapsed());
    }
};

QTEST_GUILESS_MAIN(TestGovernanceEndToEnd)
#include "TestGovernanceEndToEnd.moc"
