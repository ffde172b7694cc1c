// The admin REST API, /metrics and the OpenAPI document end to end: the real `aigw serve` executable on a
// loopback port, a real SQLite file or PostgreSQL database, real HTTP.

#include "GatewayProcess.h"
#include "TestDatabase.h"

#include "config/Secrets.h"
#include "domain/Project.h"
#include "security/Jwt.h"
#include "services/ProjectService.h"
#include "storage/AdminRepository.h"
#include "storage/RequestLogRepository.h"
#include "util/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTimer>
#include <QUuid>

namespace {
const QString kEncryptionKey = QStringLiteral("3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs=");
const QString kJwtSecret = QStringLiteral("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
const QString kAdminEmail = QStringLiteral("root@example.com");
const QString kAdminPassword = QStringLiteral("correct horse battery");
const QString kMetricsToken = QStringLiteral("scrape-me-please");

struct Response
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
    QString errorParam() const
    {
        return json().value(QStringLiteral("error")).toObject().value(QStringLiteral("param")).toString();
    }
};

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}
} // namespace

class TestAdminApi : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_db;
    GatewayProcess m_gateway;
    QNetworkAccessManager m_nam;
    QByteArray m_jwtSecret;
    QString m_admin; ///< token of the bootstrap admin
    QString m_adminId;
    QString m_viewer;

    Response call(const QByteArray& method, const QString& path, const QByteArray& body = {},
                  const QString& token = QString(), const QList<QPair<QByteArray, QByteArray>>& headers = {})
    {
        QNetworkRequest request(QUrl(m_gateway.baseUrl() + path));
        if (!body.isNull())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        for (const auto& h : headers)
            request.setRawHeader(h.first, h.second);
        // Tokens travel only as the test says: no cookie jar in between.
        request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
        request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
        QNetworkReply* reply = m_nam.sendCustomRequest(request, method, body);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        loop.exec();
        Response r;
        r.body = reply->readAll();
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        for (const auto& h : reply->rawHeaderPairs())
            r.headers.insert(h.first.toLower(), h.second);
        reply->deleteLater();
        return r;
    }
    Response get(const QString& path, const QString& token) { return call("GET", path, QByteArray(), token); }

    QString login(const QString& email, const QString& password)
    {
        const Response r = call("POST", QStringLiteral("/api/v1/auth/login"),
                                compact({{QStringLiteral("email"), email}, {QStringLiteral("password"), password}}));
        return r.status == 200 ? r.json().value(QStringLiteral("token")).toString() : QString();
    }

    QString createProject(const QString& name)
    {
        const Response r
            = call("POST", QStringLiteral("/api/v1/projects"), compact({{QStringLiteral("name"), name}}), m_admin);
        return r.json().value(QStringLiteral("id")).toString();
    }

    QJsonObject claimsFor(const QString& adminId, qint64 expOffset)
    {
        auto a = AdminRepository(m_db->db()).findById(adminId);
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        return QJsonObject{{QStringLiteral("sub"), adminId},
                           {QStringLiteral("email"), a ? a.value().email : QString()},
                           {QStringLiteral("role"), QStringLiteral("admin")},
                           {QStringLiteral("ver"), a ? a.value().tokenVersion : 0},
                           {QStringLiteral("iat"), double(now - 10)},
                           {QStringLiteral("exp"), double(now + expOffset)}};
    }

private slots:
    void initTestCase()
    {
        AIGW_CREATE_TEST_DATABASE(m_db, true);
        auto secret = Secrets::decode(kJwtSecret, QStringLiteral("JWT_SECRET"));
        QVERIFY(secret);
        m_jwtSecret = secret.value();
        QProcessEnvironment env;
        env.insert(QStringLiteral("ENCRYPTION_KEY"), kEncryptionKey);
        env.insert(QStringLiteral("JWT_SECRET"), kJwtSecret);
        env.insert(QStringLiteral("ADMIN_EMAIL"), kAdminEmail);
        env.insert(QStringLiteral("ADMIN_PASSWORD"), kAdminPassword);
        env.insert(QStringLiteral("AIGW_METRICS_TOKEN"), kMetricsToken);
        for (const char* k : {"OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_AI_API_KEY"})
            env.insert(QString::fromLatin1(k), QString());
        QString why;
        QVERIFY2(m_gateway.start(m_db->url(), env, &why), qPrintable(why));
        QVERIFY(m_gateway.output().contains(QStringLiteral("admin account created for root@example.com")));

        m_admin = login(kAdminEmail, kAdminPassword);
        QVERIFY(!m_admin.isEmpty());
        m_adminId = get(QStringLiteral("/api/v1/auth/me"), m_admin).json().value(QStringLiteral("id")).toString();
        QVERIFY(!m_adminId.isEmpty());
        const Response v = call("POST", QStringLiteral("/api/v1/admins"),
                                compact({{QStringLiteral("email"), QStringLiteral("viewer@example.com")},
                                         {QStringLiteral("password"), QStringLiteral("viewer password 1")},
                                         {QStringLiteral("role"), QStringLiteral("viewer")}}),
                                m_admin);
        QCOMPARE(v.status, 201);
        m_viewer = login(QStringLiteral("viewer@example.com"), QStringLiteral("viewer password 1"));
        QVERIFY(!m_viewer.isEmpty());
    }

    void cleanupTestCase()
    {
        if (m_db)
            QCOMPARE(m_gateway.stop(), 0);
    }

    void login_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("param");
        QTest::newRow("wrong password") << compact({{"email", kAdminEmail}, {"password", "nope nope nope"}}) << 401
                                        << QString();
        QTest::newRow("unknown email") << compact({{"email", "who@example.com"}, {"password", "nope nope nope"}}) << 401
                                       << QString();
        QTest::newRow("malformed") << QByteArray("{\"email\":") << 400 << QString();
        QTest::newRow("not an object") << QByteArray("[1,2]") << 400 << QString();
        QTest::newRow("email wrong type") << compact({{"email", 5}, {"password", "x"}}) << 400 << "email";
        QTest::newRow("password missing") << compact({{"email", kAdminEmail}}) << 400 << "password";
    }

    void login()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, param);
        const Response r = call("POST", QStringLiteral("/api/v1/auth/login"), body);
        QCOMPARE(r.status, status);
        QVERIFY(r.json().value(QStringLiteral("error")).isObject());
        if (!param.isEmpty())
            QCOMPARE(r.errorParam(), param);
    }

    void loginSetsCookieAndBody()
    {
        const Response r = call("POST", QStringLiteral("/api/v1/auth/login"),
                                compact({{"email", kAdminEmail}, {"password", kAdminPassword}}));
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        const QString token = o.value(QStringLiteral("token")).toString();
        QCOMPARE(token.count(QLatin1Char('.')), 2);
        QCOMPARE(o.value(QStringLiteral("email")).toString(), kAdminEmail);
        QCOMPARE(o.value(QStringLiteral("role")).toString(), QStringLiteral("admin"));
        QVERIFY(o.value(QStringLiteral("expires_at")).toString().endsWith(QLatin1Char('Z')));
        const QByteArray cookie = r.headers.value("set-cookie");
        QVERIFY2(cookie.startsWith(QByteArray("AUTH_TOKEN=" + token.toLatin1() + ';')), cookie.constData());
        for (const char* attr : {"HttpOnly", "Secure", "SameSite=Strict", "Path=/"})
            QVERIFY2(cookie.contains(attr), attr);
        auto claims = Jwt::verify(token, m_jwtSecret, QDateTime::currentSecsSinceEpoch());
        QVERIFY(claims);
        QCOMPARE(claims.value().value(QStringLiteral("sub")).toString(), m_adminId);
        QVERIFY(claims.value().contains(QStringLiteral("ver")));
        QVERIFY(claims.value().value(QStringLiteral("exp")).toDouble() > claims.value().value("iat").toDouble());
        // The cookie alone authenticates too.
        const Response me = call("GET", QStringLiteral("/api/v1/auth/me"), QByteArray(), QString(),
                                 {{"Cookie", "theme=dark; AUTH_TOKEN=" + token.toLatin1()}});
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json().value(QStringLiteral("email")).toString(), kAdminEmail);
    }

    void unauthenticated_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        for (const auto& [m, p] : QList<QPair<QByteArray, QString>>{
                 {"GET", "/api/v1/projects"},
                 {"POST", "/api/v1/projects"},
                 {"GET", "/api/v1/projects/00000000-0000-0000-0000-000000000000"},
                 {"GET", "/api/v1/projects/00000000-0000-0000-0000-000000000000/keys"},
                 {"GET", "/api/v1/projects/00000000-0000-0000-0000-000000000000/credentials"},
                 {"GET", "/api/v1/projects/00000000-0000-0000-0000-000000000000/usage"},
                 {"GET", "/api/v1/admins"},
                 {"GET", "/api/v1/stats/overview"},
                 {"GET", "/api/v1/stats/daily"},
                 {"GET", "/api/v1/stats/providers"},
                 {"GET", "/api/v1/stats/models"},
                 {"GET", "/api/v1/stats/recent"},
                 {"GET", "/api/v1/requests"},
                 {"GET", "/api/v1/audit"},
                 {"POST", "/api/v1/auth/logout"},
                 {"POST", "/api/v1/auth/password"}})
            QTest::newRow(qPrintable(QString(QString::fromLatin1(m) + QLatin1Char(' ') + p))) << m << p;
    }

    void unauthenticated()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        const Response none = call(method, path, "{}");
        QCOMPARE(none.status, 401);
        QCOMPARE(none.json().value("error").toObject().value("type").toString(),
                 QStringLiteral("authentication_error"));
        QCOMPARE(call(method, path, "{}", QStringLiteral("gw_abcde_notavalidkey")).status, 401);
        QCOMPARE(call(method, path, "{}", QStringLiteral("garbage")).status, 401);
    }

    void jwtTampering_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("valid (control)") << 0;
        QTest::newRow("changed payload") << 1;
        QTest::newRow("alg none") << 2;
        QTest::newRow("expired") << 3;
        QTest::newRow("wrong secret") << 4;
        QTest::newRow("stale token version") << 5;
        QTest::newRow("unknown admin") << 6;
    }

    void jwtTampering()
    {
        QFETCH(int, kind);
        QJsonObject claims = claimsFor(m_adminId, 3600);
        QString token;
        const auto b64 = [](const QByteArray& b) {
            return QString::fromLatin1(b.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        };
        switch (kind) {
        case 0:
            token = Jwt::sign(claims, m_jwtSecret);
            break;
        case 1: {
            // A viewer's valid token with the payload swapped for the admin's: the signature no longer matches.
            const QString viewerToken = m_viewer;
            const QStringList parts = viewerToken.split(QLatin1Char('.'));
            token = parts[0] + QLatin1Char('.') + b64(compact(claims)) + QLatin1Char('.') + parts[2];
            break;
        }
        case 2:
            token = b64(R"({"alg":"none","typ":"JWT"})") + QLatin1Char('.') + b64(compact(claims)) + QLatin1Char('.');
            break;
        case 3:
            claims = claimsFor(m_adminId, -3600);
            token = Jwt::sign(claims, m_jwtSecret);
            break;
        case 4:
            token = Jwt::sign(claims, QByteArray(32, 'x'));
            break;
        case 5:
            claims.insert(QStringLiteral("ver"), claims.value(QStringLiteral("ver")).toInt() - 1);
            token = Jwt::sign(claims, m_jwtSecret);
            break;
        case 6:
            claims.insert(QStringLiteral("sub"), uuid());
            token = Jwt::sign(claims, m_jwtSecret);
            break;
        }
        QCOMPARE(get(QStringLiteral("/api/v1/projects"), token).status, kind == 0 ? 200 : 401);
    }

    void projectsCrud()
    {
        const Response created = call("POST", QStringLiteral("/api/v1/projects"),
                                      compact({{"name", "crud"},
                                               {"description", "<script>alert(1)</script>"},
                                               {"daily_cost_limit", 12.5},
                                               {"monthly_cost_limit", "100.000001"},
                                               {"daily_token_limit", 1000},
                                               {"default_provider", "openai"}}),
                                      m_admin);
        QCOMPARE(created.status, 201);
        QVERIFY(created.headers.value("content-type").startsWith("application/json"));
        QJsonObject p = created.json();
        const QString id = p.value("id").toString();
        QCOMPARE(p.value("daily_cost_limit_micros").toDouble(), 12500000.0);
        QCOMPARE(p.value("monthly_cost_limit_micros").toDouble(), 100000001.0);
        QCOMPARE(p.value("daily_token_limit").toDouble(), 1000.0);
        QCOMPARE(p.value("default_capability").toString(), QStringLiteral("balanced"));
        QVERIFY(!p.value("created_at").isNull());

        const Response one = get(QStringLiteral("/api/v1/projects/") + id, m_viewer);
        QCOMPARE(one.status, 200);
        QCOMPARE(one.json().value("name").toString(), QStringLiteral("crud"));

        // Partial update: absent fields stay, null clears.
        const Response patched
            = call("PATCH", QStringLiteral("/api/v1/projects/") + id,
                   compact({{"daily_cost_limit", QJsonValue::Null}, {"description", "new"}}), m_admin);
        QCOMPARE(patched.status, 200);
        p = patched.json();
        QVERIFY(p.value("daily_cost_limit").isNull());
        QCOMPARE(p.value("description").toString(), QStringLiteral("new"));
        QCOMPARE(p.value("monthly_cost_limit_micros").toDouble(), 100000001.0);
        QCOMPARE(p.value("daily_token_limit").toDouble(), 1000.0);
        QCOMPARE(p.value("name").toString(), QStringLiteral("crud"));

        bool listed = false;
        for (const QJsonValue& v : get(QStringLiteral("/api/v1/projects"), m_admin).array())
            listed = listed || v.toObject().value("id").toString() == id;
        QVERIFY(listed);

        const Response del = call("DELETE", QStringLiteral("/api/v1/projects/") + id, QByteArray(), m_admin);
        QCOMPARE(del.status, 204);
        QCOMPARE(get(QStringLiteral("/api/v1/projects/") + id, m_admin).json().value("is_active").toBool(true), false);
        for (const QJsonValue& v : get(QStringLiteral("/api/v1/projects"), m_admin).array())
            QVERIFY(v.toObject().value("id").toString() != id);
        bool inAll = false;
        for (const QJsonValue& v : get(QStringLiteral("/api/v1/projects?include_inactive=true"), m_admin).array())
            inAll = inAll || v.toObject().value("id").toString() == id;
        QVERIFY(inAll);
    }

    void projectBadInput_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("param");
        QTest::newRow("malformed") << QByteArray("POST") << QByteArray("{\"name\": ") << 400 << QString();
        QTest::newRow("empty body") << QByteArray("POST") << QByteArray("") << 400 << QString();
        QTest::newRow("name missing") << QByteArray("POST") << compact({{"description", "x"}}) << 400 << "name";
        QTest::newRow("name empty") << QByteArray("POST") << compact({{"name", "  "}}) << 400 << "name";
        QTest::newRow("name wrong type") << QByteArray("POST") << compact({{"name", 42}}) << 400 << "name";
        QTest::newRow("negative limit") << QByteArray("POST") << compact({{"name", "x"}, {"daily_token_limit", -1}})
                                        << 400 << "daily_token_limit";
        QTest::newRow("fractional tokens")
            << QByteArray("POST") << compact({{"name", "x"}, {"monthly_token_limit", 1.5}}) << 400
            << "monthly_token_limit";
        QTest::newRow("limit as string") << QByteArray("POST") << compact({{"name", "x"}, {"daily_token_limit", "10"}})
                                         << 400 << "daily_token_limit";
        QTest::newRow("seven decimals") << QByteArray("POST")
                                        << compact({{"name", "x"}, {"daily_cost_limit", "0.0000001"}}) << 400
                                        << "daily_cost_limit";
        QTest::newRow("negative dollars") << QByteArray("POST") << compact({{"name", "x"}, {"monthly_cost_limit", -5}})
                                          << 400 << "monthly_cost_limit";
        QTest::newRow("dollars wrong type")
            << QByteArray("POST") << compact({{"name", "x"}, {"daily_cost_limit", true}}) << 400 << "daily_cost_limit";
        QTest::newRow("out of range") << QByteArray("POST") << compact({{"name", "x"}, {"daily_cost_limit", 1e11}})
                                      << 400 << "daily_cost_limit";
        QTest::newRow("unknown provider")
            << QByteArray("POST") << compact({{"name", "x"}, {"default_provider", "acme"}}) << 400
            << "default_provider";
        QTest::newRow("unknown field") << QByteArray("POST") << compact({{"name", "x"}, {"colour", "red"}}) << 400
                                       << "colour";
        QTest::newRow("fallbacks wrong type")
            << QByteArray("POST") << compact({{"name", "x"}, {"fallbacks", "openai/gpt-4.1"}}) << 400 << "fallbacks";
        QTest::newRow("patch is_active wrong type")
            << QByteArray("PATCH") << compact({{"is_active", "yes"}}) << 400 << "is_active";
        QTest::newRow("patch malformed") << QByteArray("PATCH") << QByteArray("nope") << 400 << QString();
    }

    void projectBadInput()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, param);
        static QString target;
        if (target.isEmpty())
            target = createProject(QStringLiteral("bad-input-target"));
        QVERIFY(!target.isEmpty());
        const QString path
            = method == "POST" ? QStringLiteral("/api/v1/projects") : QString("/api/v1/projects/" + target);
        const Response r = call(method, path, body, m_admin);
        QCOMPARE(r.status, status);
        const QJsonObject e = r.json().value("error").toObject();
        QVERIFY(!e.value("message").toString().isEmpty());
        QCOMPARE(e.value("param").toString(), param);
        QCOMPARE(e.value("type").toString(), QStringLiteral("invalid_request_error"));
    }

    void unknownIds_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        const QString missing = uuid();
        QTest::newRow("get") << QByteArray("GET") << QString("/api/v1/projects/" + missing) << QByteArray();
        QTest::newRow("get not a uuid") << QByteArray("GET") << QStringLiteral("/api/v1/projects/nope") << QByteArray();
        QTest::newRow("patch") << QByteArray("PATCH") << QString("/api/v1/projects/" + missing)
                               << compact({{"name", "x"}});
        QTest::newRow("delete") << QByteArray("DELETE") << QString("/api/v1/projects/" + missing) << QByteArray();
        QTest::newRow("keys") << QByteArray("GET") << QString("/api/v1/projects/" + missing + "/keys") << QByteArray();
        QTest::newRow("new key") << QByteArray("POST") << QString("/api/v1/projects/" + missing + "/keys")
                                 << QByteArray("{}");
        QTest::newRow("credentials") << QByteArray("GET") << QString("/api/v1/projects/" + missing + "/credentials")
                                     << QByteArray();
        QTest::newRow("set credential") << QByteArray("PUT")
                                        << QString("/api/v1/projects/" + missing + "/credentials/openai")
                                        << compact({{"api_key", "sk-abcdefgh12345678"}});
        QTest::newRow("usage") << QByteArray("GET") << QString("/api/v1/projects/" + missing + "/usage")
                               << QByteArray();
        QTest::newRow("daily") << QByteArray("GET") << QString("/api/v1/stats/daily?project=" + missing)
                               << QByteArray();
        QTest::newRow("admin") << QByteArray("DELETE") << QString("/api/v1/admins/" + missing) << QByteArray();
    }

    void unknownIds()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        const Response r = call(method, path, body, m_admin);
        QCOMPARE(r.status, 404);
        QVERIFY(r.json().value("error").isObject());
    }

    void viewerIsReadOnly_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        const QString id = uuid();
        QTest::newRow("create project") << QByteArray("POST") << QStringLiteral("/api/v1/projects")
                                        << compact({{"name", "v"}});
        QTest::newRow("patch project") << QByteArray("PATCH") << QString("/api/v1/projects/" + id)
                                       << compact({{"name", "v"}});
        QTest::newRow("delete project") << QByteArray("DELETE") << QString("/api/v1/projects/" + id) << QByteArray();
        QTest::newRow("create key") << QByteArray("POST") << QString("/api/v1/projects/" + id + "/keys")
                                    << QByteArray("{}");
        QTest::newRow("revoke key") << QByteArray("DELETE") << QString("/api/v1/projects/" + id + "/keys/" + uuid())
                                    << QByteArray();
        QTest::newRow("set credential") << QByteArray("PUT")
                                        << QString("/api/v1/projects/" + id + "/credentials/openai")
                                        << compact({{"api_key", "sk-x"}});
        QTest::newRow("delete credential")
            << QByteArray("DELETE") << QString("/api/v1/projects/" + id + "/credentials/openai") << QByteArray();
        QTest::newRow("create admin") << QByteArray("POST") << QStringLiteral("/api/v1/admins")
                                      << compact({{"email", "a@b.cd"}, {"password", "long enough pass"}});
        QTest::newRow("delete admin") << QByteArray("DELETE") << QString("/api/v1/admins/" + id) << QByteArray();
    }

    void viewerIsReadOnly()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        const Response r = call(method, path, body, m_viewer);
        QCOMPARE(r.status, 403);
        QCOMPARE(r.json().value("error").toObject().value("type").toString(), QStringLiteral("permission_error"));
        // ... while the viewer can read.
        QCOMPARE(get(QStringLiteral("/api/v1/projects"), m_viewer).status, 200);
        QCOMPARE(get(QStringLiteral("/api/v1/admins"), m_viewer).status, 200);
    }

    void keys()
    {
        const QString project = createProject(QStringLiteral("keys"));
        const QString other = createProject(QStringLiteral("keys-other"));
        const QString base = "/api/v1/projects/" + project + "/keys";
        const Response created = call("POST", base, compact({{"name", "ci"}, {"rate_limit_rpm", 120}}), m_admin);
        QCOMPARE(created.status, 201);
        const QJsonObject k = created.json();
        const QString plaintext = k.value("key").toString();
        QVERIFY(plaintext.startsWith(QStringLiteral("gw_")));
        QCOMPARE(k.value("key_prefix").toString(), plaintext.left(12));
        QCOMPARE(k.value("rate_limit_rpm").toInt(), 120);
        QVERIFY(!k.value("warning").toString().isEmpty());
        const QString keyId = k.value("id").toString();
        // No body at all is fine too.
        QCOMPARE(call("POST", base, QByteArray(), m_admin).status, 201);
        QCOMPARE(call("POST", base, compact({{"rate_limit_rpm", 0}}), m_admin).errorParam(),
                 QStringLiteral("rate_limit_rpm"));
        QCOMPARE(call("POST", base, compact({{"name", 7}}), m_admin).status, 400);
        QCOMPARE(call("POST", base, "{bad", m_admin).status, 400);

        const Response list = get(base, m_viewer);
        QCOMPARE(list.status, 200);
        QCOMPARE(list.array().size(), 2);
        QVERIFY(!list.body.contains(plaintext.toLatin1()));
        QVERIFY(!list.body.contains("\"key\""));

        QCOMPARE(call("DELETE", "/api/v1/projects/" + other + "/keys/" + keyId, QByteArray(), m_admin).status, 404);
        QCOMPARE(call("DELETE", base + "/" + uuid(), QByteArray(), m_admin).status, 404);
        QCOMPARE(call("DELETE", base + "/" + keyId, QByteArray(), m_admin).status, 204);
        QCOMPARE(get(base, m_admin).array().size(), 1);
        bool revoked = false;
        for (const QJsonValue& v : get(base + "?include_revoked=true", m_admin).array())
            if (v.toObject().value("id").toString() == keyId)
                revoked = !v.toObject().value("is_active").toBool(true) && !v.toObject().value("revoked_at").isNull();
        QVERIFY(revoked);
    }

    void credentials()
    {
        const QString project = createProject(QStringLiteral("credentials"));
        const QString base = "/api/v1/projects/" + project + "/credentials";
        const QString secret = QStringLiteral("sk-live-0123456789abcdefWXYZ");
        const Response put
            = call("PUT", base + "/OpenAI",
                   compact({{"api_key", secret}, {"base_url", "https://proxy.example.com/v1"}}), m_admin);
        QCOMPARE(put.status, 200);
        QVERIFY(!put.body.contains(secret.toLatin1()));
        QCOMPARE(put.json().value("provider").toString(), QStringLiteral("openai"));
        QVERIFY(put.json().value("masked_key").toString().endsWith(QStringLiteral("WXYZ")));
        QCOMPARE(put.json().value("base_url").toString(), QStringLiteral("https://proxy.example.com/v1"));
        QCOMPARE(call("POST", base, compact({{"provider", "anthropic"}, {"api_key", "sk-ant-000011112222"}}), m_admin)
                     .status,
                 200);

        const Response list = get(base, m_viewer);
        QCOMPARE(list.status, 200);
        QCOMPARE(list.array().size(), 2);
        QVERIFY(!list.body.contains(secret.toLatin1()));
        QVERIFY(!list.body.contains("api_key"));

        QCOMPARE(call("PUT", base + "/acme", compact({{"api_key", "x"}}), m_admin).errorParam(),
                 QStringLiteral("provider"));
        QCOMPARE(call("PUT", base + "/openai", compact({{"api_key", ""}}), m_admin).errorParam(),
                 QStringLiteral("api_key"));
        QCOMPARE(call("PUT", base + "/openai", compact({{"api_key", 5}}), m_admin).errorParam(),
                 QStringLiteral("api_key"));
        QCOMPARE(call("PUT", base + "/openai", compact({{"base_url", "x"}}), m_admin).errorParam(),
                 QStringLiteral("api_key"));
        QCOMPARE(call("PUT", base + "/openai", "[", m_admin).status, 400);

        QCOMPARE(call("DELETE", base + "/openai", QByteArray(), m_admin).status, 204);
        QCOMPARE(call("DELETE", base + "/openai", QByteArray(), m_admin).status, 404);
        QCOMPARE(get(base, m_admin).array().size(), 1);
    }

    void admins()
    {
        const QByteArray body = compact({{"email", "ops@example.com"}, {"password", "a very long password"}});
        const Response created = call("POST", QStringLiteral("/api/v1/admins"), body, m_admin);
        QCOMPARE(created.status, 201);
        QVERIFY(!created.body.contains("password"));
        QCOMPARE(created.json().value("role").toString(), QStringLiteral("admin"));
        const QString id = created.json().value("id").toString();
        QCOMPARE(call("POST", QStringLiteral("/api/v1/admins"), body, m_admin).status, 409);
        QCOMPARE(call("POST", QStringLiteral("/api/v1/admins"),
                      compact({{"email", "x@example.com"}, {"password", "short"}}), m_admin)
                     .errorParam(),
                 QStringLiteral("password"));
        QCOMPARE(call("POST", QStringLiteral("/api/v1/admins"),
                      compact({{"email", "not-an-email"}, {"password", "long enough password"}}), m_admin)
                     .errorParam(),
                 QStringLiteral("email"));
        QCOMPARE(call("POST", QStringLiteral("/api/v1/admins"),
                      compact({{"email", "y@example.com"}, {"password", "long enough password"}, {"role", "root"}}),
                      m_admin)
                     .errorParam(),
                 QStringLiteral("role"));
        QCOMPARE(get(QStringLiteral("/api/v1/admins"), m_admin).array().size(), 3);
        QCOMPARE(call("DELETE", "/api/v1/admins/" + m_adminId, QByteArray(), m_admin).status, 409);
        const QString opsToken = login(QStringLiteral("ops@example.com"), QStringLiteral("a very long password"));
        QVERIFY(!opsToken.isEmpty());
        QCOMPARE(call("DELETE", "/api/v1/admins/" + id, QByteArray(), m_admin).status, 204);
        QCOMPARE(get(QStringLiteral("/api/v1/projects"), opsToken).status, 401); // deleted: its token is dead
        QCOMPARE(get(QStringLiteral("/api/v1/admins"), m_admin).array().size(), 2);
    }

    void statistics()
    {
        // Seed rows in a fresh project and compare every figure with sums computed here by hand.
        ProjectService projects(m_db->db());
        Project p;
        p.name = QStringLiteral("stats");
        p.dailyTokenLimit = 1000;
        p.dailyCostLimitMicros = 4000000; // $4
        auto created = projects.create(p);
        QVERIFY(created);
        const QString pid = created.value().id;
        Project q;
        q.name = QStringLiteral("stats-other");
        auto other = projects.create(q);
        QVERIFY(other);

        const qint64 now = Clock::instance().nowMs();
        const qint64 today = Clock::startOfUtcDay(now);
        const qint64 dayMs = 86400000;
        struct Seed
        {
            QString project;
            qint64 at;
            QString provider;
            QString model;
            QString status;
            qint64 in;
            qint64 out;
            qint64 cost;
        };
        const QList<Seed> seeds = {
            {pid, now - 1000, "openai", "gpt-4.1-nano", "success", 100, 50, 1000000},
            {pid, now - 2000, "openai", "gpt-4.1-nano", "error", 10, 0, 0},
            {pid, qMax(today, now - 3000), "anthropic", "claude-sonnet-4-5", "success", 200, 100, 2500000},
            {pid, today - 2 * dayMs + 5000, "gemini", "gemini-2.5-flash", "success", 30, 20, 300},
            {pid, today - 2 * dayMs + 6000, "openai", "gpt-4.1", "success", 1, 1, 7},
            {pid, today - 40 * dayMs, "openai", "gpt-4.1", "success", 999, 999, 999999},
            {other.value().id, now - 500, "gemini", "gemini-2.5-flash", "success", 5, 5, 11},
        };
        QList<RequestRecord> rows;
        for (const Seed& s : seeds) {
            RequestRecord r;
            r.id = uuid();
            r.projectId = s.project;
            r.provider = s.provider;
            r.model = s.model;
            r.status = s.status;
            r.httpStatus = s.status == QLatin1String("success") ? 200 : 502;
            r.inputTokens = s.in;
            r.outputTokens = s.out;
            r.costMicros = s.cost;
            r.latencyMs = 100;
            r.createdAt = s.at;
            rows << r;
        }
        auto inserted = RequestLogRepository(m_db->db()).insertBatch(rows);
        QVERIFY2(inserted, inserted ? "" : qPrintable(inserted.error().message));
        QCOMPARE(inserted.value(), int(seeds.size()));

        // Daily, one project, 7 days: exactly 7 entries ending today, zero-filled, per provider.
        Response r = get("/api/v1/stats/daily?days=7&project=" + pid, m_viewer);
        QCOMPARE(r.status, 200);
        QJsonArray days = r.array();
        QCOMPARE(days.size(), 7);
        QCOMPARE(days.last().toObject().value("date").toString(), Clock::utcDay(now).toString(Qt::ISODate));
        QCOMPARE(days.first().toObject().value("date").toString(),
                 Clock::utcDay(now).addDays(-6).toString(Qt::ISODate));
        const QJsonObject t = days.last().toObject();
        QCOMPARE(t.value("requests").toDouble(), 3.0);
        QCOMPARE(t.value("errors").toDouble(), 1.0);
        QCOMPARE(t.value("tokens").toDouble(), 150.0 + 10 + 300);
        QCOMPARE(t.value("cost_micros").toDouble(), 3500000.0);
        QCOMPARE(t.value("cost").toDouble(), 3.5);
        const QJsonArray tp = t.value("providers").toArray();
        QCOMPARE(tp.size(), 2);
        QCOMPARE(tp.at(0).toObject().value("provider").toString(), QStringLiteral("anthropic"));
        QCOMPARE(tp.at(1).toObject().value("requests").toDouble(), 2.0);
        QCOMPARE(tp.at(1).toObject().value("tokens").toDouble(), 160.0);
        const QJsonObject twoDaysAgo = days.at(4).toObject();
        QCOMPARE(twoDaysAgo.value("requests").toDouble(), 2.0);
        QCOMPARE(twoDaysAgo.value("cost_micros").toDouble(), 307.0);
        QCOMPARE(twoDaysAgo.value("providers").toArray().size(), 2);
        for (int i : {0, 1, 2, 3, 5}) {
            QCOMPARE(days.at(i).toObject().value("requests").toDouble(), 0.0);
            QCOMPARE(days.at(i).toObject().value("providers").toArray().size(), 0);
        }
        // All projects, one day: the other project's row counts too.
        r = get(QStringLiteral("/api/v1/stats/daily?days=1"), m_admin);
        QCOMPARE(r.array().size(), 1);
        QCOMPARE(r.array().at(0).toObject().value("requests").toDouble(), 4.0);
        QCOMPARE(r.array().at(0).toObject().value("cost_micros").toDouble(), 3500011.0);
        QCOMPARE(get(QStringLiteral("/api/v1/stats/daily?days=0"), m_admin).errorParam(), QStringLiteral("days"));
        QCOMPARE(get(QStringLiteral("/api/v1/stats/daily?days=abc"), m_admin).status, 400);
        QCOMPARE(get(QStringLiteral("/api/v1/stats/daily"), m_admin).array().size(), 30);

        // Overview (this month by hand: every seed at or after the first of the month).
        r = get(QStringLiteral("/api/v1/stats/overview"), m_viewer);
        QCOMPARE(r.status, 200);
        QJsonObject o = r.json();
        QCOMPARE(o.value("requests_today").toDouble(), 4.0);
        QCOMPARE(o.value("errors_today").toDouble(), 1.0);
        QCOMPARE(o.value("error_rate_today").toDouble(), 0.25);
        QCOMPARE(o.value("cost_today_micros").toDouble(), 3500011.0);
        qint64 monthRequests = 0, monthCost = 0;
        for (const Seed& s : seeds)
            if (s.at >= Clock::startOfUtcMonth(now)) {
                ++monthRequests;
                monthCost += s.cost;
            }
        QCOMPARE(o.value("requests_month").toDouble(), double(monthRequests));
        QCOMPARE(o.value("cost_month_micros").toDouble(), double(monthCost));
        auto active = projects.list(false);
        QVERIFY(active);
        QCOMPARE(o.value("active_projects").toDouble(), double(active.value().size()));

        // Providers and models over 30 days (the 40-day-old row is out).
        r = get(QStringLiteral("/api/v1/stats/providers?days=30"), m_admin);
        QCOMPARE(r.status, 200);
        QHash<QString, QJsonObject> byProvider;
        for (const QJsonValue& v : r.array())
            byProvider.insert(v.toObject().value("provider").toString(), v.toObject());
        QCOMPARE(byProvider.size(), 3);
        QCOMPARE(byProvider.value("openai").value("request_count").toDouble(), 3.0);
        QCOMPARE(byProvider.value("openai").value("total_cost_micros").toDouble(), 1000007.0);
        QCOMPARE(byProvider.value("openai").value("total_tokens").toDouble(), 162.0);
        QCOMPARE(byProvider.value("gemini").value("total_tokens").toDouble(), 60.0);
        r = get(QStringLiteral("/api/v1/stats/models?days=30"), m_admin);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.array().size(), 4);
        QCOMPARE(r.array().at(0).toObject().value("model").toString(), QStringLiteral("claude-sonnet-4-5"));
        QCOMPARE(r.array().at(0).toObject().value("total_cost").toDouble(), 2.5);
        r = get(QStringLiteral("/api/v1/stats/models?days=60"), m_admin);
        for (const QJsonValue& v : r.array())
            if (v.toObject().value("model").toString() == QLatin1String("gpt-4.1"))
                QCOMPARE(v.toObject().value("request_count").toDouble(), 2.0);

        // Recent: newest first, capped.
        r = get(QStringLiteral("/api/v1/stats/recent?limit=2"), m_admin);
        QCOMPARE(r.array().size(), 2);
        QCOMPARE(r.array().at(0).toObject().value("project_id").toString(), other.value().id);
        QCOMPARE(get(QStringLiteral("/api/v1/stats/recent?limit=100000"), m_admin).array().size(), int(seeds.size()));
        QCOMPARE(get(QStringLiteral("/api/v1/stats/recent?limit=-1"), m_admin).status, 400);

        // Usage against the limits.
        r = get("/api/v1/projects/" + pid + "/usage", m_viewer);
        QCOMPARE(r.status, 200);
        o = r.json();
        QCOMPARE(o.value("today").toObject().value("tokens").toDouble(), 460.0);
        QCOMPARE(o.value("today").toObject().value("requests").toDouble(), 3.0);
        const QJsonObject limits = o.value("limits").toObject();
        QCOMPARE(limits.value("daily_tokens").toObject().value("limit").toDouble(), 1000.0);
        QCOMPARE(limits.value("daily_tokens").toObject().value("percent").toDouble(), 46.0);
        QCOMPARE(limits.value("daily_tokens").toObject().value("remaining").toDouble(), 540.0);
        QCOMPARE(limits.value("daily_cost").toObject().value("used").toDouble(), 3.5);
        QCOMPARE(limits.value("daily_cost").toObject().value("percent").toDouble(), 87.5);
        QVERIFY(limits.value("monthly_cost").toObject().value("limit").isNull());
        QVERIFY(limits.value("monthly_cost").toObject().value("percent").isNull());

        // The request log, filtered and paginated.
        r = get("/api/v1/requests?project=" + pid, m_viewer);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value("total").toDouble(), 6.0);
        QCOMPARE(r.json().value("data").toArray().size(), 6);
        r = get("/api/v1/requests?project=" + pid + "&provider=openai&limit=2&offset=1", m_admin);
        QCOMPARE(r.json().value("total").toDouble(), 4.0);
        QCOMPARE(r.json().value("data").toArray().size(), 2);
        QCOMPARE(r.json().value("data").toArray().at(0).toObject().value("status").toString(), QStringLiteral("error"));
        QCOMPARE(get("/api/v1/requests?status=error", m_admin).json().value("total").toDouble(), 1.0);
        QCOMPARE(get("/api/v1/requests?model=gemini-2.5-flash", m_admin).json().value("total").toDouble(), 2.0);
        const QString from = Clock::isoUtc(today - 3 * dayMs);
        const QString to = Clock::isoUtc(today - dayMs);
        r = get("/api/v1/requests?from=" + from + "&to=" + to, m_admin);
        QCOMPARE(r.json().value("total").toDouble(), 2.0);
        QCOMPARE(get("/api/v1/requests?status=weird", m_admin).errorParam(), QStringLiteral("status"));
        QCOMPARE(get("/api/v1/requests?from=yesterday", m_admin).errorParam(), QStringLiteral("from"));
        QCOMPARE(get("/api/v1/requests?limit=0", m_admin).errorParam(), QStringLiteral("limit"));
        QCOMPARE(get("/api/v1/requests?project=" + uuid(), m_admin).status, 404);
    }

    void audit()
    {
        const QString id = createProject(QStringLiteral("audited"));
        QCOMPARE(call("PATCH", "/api/v1/projects/" + id, compact({{"description", "d"}}), m_admin).status, 200);
        const Response r = get(QStringLiteral("/api/v1/audit?limit=5"), m_viewer);
        QCOMPARE(r.status, 200);
        const QJsonArray data = r.json().value("data").toArray();
        QCOMPARE(data.size(), 5);
        QVERIFY(r.json().value("total").toDouble() > 5);
        const QJsonObject newest = data.at(0).toObject();
        QCOMPARE(newest.value("action").toString(), QStringLiteral("project.update"));
        QCOMPARE(newest.value("target_id").toString(), id);
        QCOMPARE(newest.value("admin_email").toString(), kAdminEmail);
        QCOMPARE(newest.value("admin_id").toString(), m_adminId);
        QCOMPARE(newest.value("remote_address").toString().contains(QStringLiteral("127.0.0.1")), true);
        QCOMPARE(newest.value("details").toObject().value("changes").toObject().value("description").toString(),
                 QStringLiteral("d"));
        QCOMPARE(data.at(1).toObject().value("action").toString(), QStringLiteral("project.create"));
        const Response creates = get(QStringLiteral("/api/v1/audit?action=admin.create"), m_admin);
        QCOMPARE(creates.json().value("total").toDouble(), 2.0); // the viewer and ops@ (created in admins())
        QCOMPARE(get(QStringLiteral("/api/v1/audit?limit=5000"), m_admin).errorParam(), QStringLiteral("limit"));
    }

    void metrics()
    {
        QCOMPARE(get(QStringLiteral("/metrics"), QString()).status, 401);
        QCOMPARE(get(QStringLiteral("/metrics"), QStringLiteral("wrong")).status, 401);
        // One gateway request, so the per-model counters have a sample: a key of a project without credentials.
        const QString project = createProject(QStringLiteral("metrics"));
        const QString key
            = call("POST", "/api/v1/projects/" + project + "/keys", "{}", m_admin).json().value("key").toString();
        QVERIFY(!key.isEmpty());
        Response chat;
        for (int i = 0; i < 50; ++i) { // the key reaches the gateway's snapshot within one poll interval
            chat = call("POST", QStringLiteral("/v1/chat/completions"),
                        compact({{"model", "gpt-4.1-nano"},
                                 {"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "hi"}}}}}),
                        key);
            if (chat.status != 401)
                break;
            QTest::qWait(100);
        }
        QVERIFY2(chat.status >= 400 && chat.status != 401, chat.body.constData());

        Response r;
        for (int i = 0; i < 20; ++i) {
            r = get(QStringLiteral("/metrics"), kMetricsToken);
            if (r.body.contains("aigw_requests_total{"))
                break;
            QTest::qWait(100);
        }
        QCOMPARE(r.status, 200);
        QVERIFY(r.headers.value("content-type").startsWith("text/plain; version=0.0.4"));
        static const QRegularExpression help(QStringLiteral("^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$"));
        static const QRegularExpression type(
            QStringLiteral("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$"));
        static const QRegularExpression sample(QStringLiteral(
            R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*")(,[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*")*\})? (\S+)$)"));
        QHash<QString, QString> types;
        QSet<QString> sampled;
        const QList<QByteArray> lines = r.body.split('\n');
        QVERIFY(r.body.endsWith('\n'));
        for (int i = 0; i < lines.size() - 1; ++i) {
            const QString line = QString::fromUtf8(lines[i]);
            if (auto m = type.match(line); m.hasMatch()) {
                QVERIFY2(!types.contains(m.captured(1)), qPrintable("TYPE twice: " + line));
                types.insert(m.captured(1), m.captured(2));
                continue;
            }
            if (help.match(line).hasMatch())
                continue;
            const auto m = sample.match(line);
            QVERIFY2(m.hasMatch(), qPrintable("not a Prometheus sample line: " + line));
            bool ok = false;
            const QString value = m.captured(m.lastCapturedIndex());
            value.toDouble(&ok);
            QVERIFY2(ok || value == QLatin1String("+Inf") || value == QLatin1String("NaN"), qPrintable(line));
            QString family = m.captured(1);
            for (const char* suffix : {"_bucket", "_sum", "_count"})
                if (!types.contains(family) && family.endsWith(QLatin1String(suffix)))
                    family.chop(int(qstrlen(suffix)));
            QVERIFY2(types.contains(family), qPrintable("sample before its TYPE: " + line));
            sampled.insert(family);
        }
        for (const char* name :
             {"aigw_requests_total", "aigw_tokens_total", "aigw_cost_usd_total", "aigw_rejections_total",
              "aigw_upstream_retries_total", "aigw_upstream_failovers_total", "aigw_gateway_overhead_seconds",
              "aigw_upstream_latency_seconds", "aigw_time_to_first_token_seconds", "aigw_request_log_queue_depth",
              "aigw_request_log_spooled_total", "aigw_request_log_overflow_total"})
            QVERIFY2(types.contains(QString::fromLatin1(name)), name);
        QCOMPARE(types.value("aigw_gateway_overhead_seconds"), QStringLiteral("histogram"));
        QVERIFY(sampled.contains(QStringLiteral("aigw_requests_total")));
        // The rejected chat request (no credential for the project) is counted with its outcome and overhead.
        static const QRegularExpression counted(QStringLiteral(
            "aigw_requests_total\\{provider=\"[^\"]*\",model=\"[^\"]*\",status=\"(error|rejected)\"\\} 1\n"));
        QVERIFY2(counted.match(QString::fromUtf8(r.body)).hasMatch(), r.body.constData());
        QVERIFY(QRegularExpression(QStringLiteral("aigw_gateway_overhead_seconds_count [1-9]"))
                    .match(QString::fromUtf8(r.body))
                    .hasMatch());
    }

    void openApi()
    {
        const Response r = get(QStringLiteral("/api/v1/openapi.json"), QString());
        QCOMPARE(r.status, 200);
        const QJsonObject doc = r.json();
        QVERIFY(doc.value("openapi").toString().startsWith(QLatin1String("3.")));
        const QJsonObject paths = doc.value("paths").toObject();
        for (const char* path : {"/v1/chat/completions",
                                 "/v1/models",
                                 "/metrics",
                                 "/api/v1/auth/login",
                                 "/api/v1/auth/logout",
                                 "/api/v1/auth/password",
                                 "/api/v1/projects",
                                 "/api/v1/projects/{id}",
                                 "/api/v1/projects/{id}/keys",
                                 "/api/v1/projects/{id}/keys/{keyId}",
                                 "/api/v1/projects/{id}/credentials",
                                 "/api/v1/projects/{id}/credentials/{provider}",
                                 "/api/v1/projects/{id}/usage",
                                 "/api/v1/admins",
                                 "/api/v1/admins/{id}",
                                 "/api/v1/stats/overview",
                                 "/api/v1/stats/daily",
                                 "/api/v1/stats/providers",
                                 "/api/v1/stats/models",
                                 "/api/v1/stats/recent",
                                 "/api/v1/requests",
                                 "/api/v1/audit"})
            QVERIFY2(paths.contains(QString::fromLatin1(path)), path);
        QVERIFY(paths.value("/api/v1/projects/{id}").toObject().contains("patch"));
    }

    void logoutRevokesTokens()
    {
        const QString token = login(kAdminEmail, kAdminPassword);
        const QString other = login(kAdminEmail, kAdminPassword);
        QCOMPARE(get(QStringLiteral("/api/v1/projects"), token).status, 200);
        const Response out = call("POST", QStringLiteral("/api/v1/auth/logout"), QByteArray(), token);
        QCOMPARE(out.status, 200);
        QVERIFY(out.headers.value("set-cookie").contains("Max-Age=0"));
        QCOMPARE(get(QStringLiteral("/api/v1/projects"), token).status, 401);
        QCOMPARE(get(QStringLiteral("/api/v1/projects"), other).status, 401); // every token of the admin
        m_admin = login(kAdminEmail, kAdminPassword);
        QCOMPARE(get(QStringLiteral("/api/v1/projects"), m_admin).status, 200);
    }

    void changePassword()
    {
        const QString email = QStringLiteral("pw@example.com");
        QCOMPARE(call("POST", QStringLiteral("/api/v1/admins"),
                      compact({{"email", email}, {"password", "first password 1"}, {"role", "viewer"}}), m_admin)
                     .status,
                 201);
        const QString token = login(email, QStringLiteral("first password 1"));
        QVERIFY(!token.isEmpty());
        const QString path = QStringLiteral("/api/v1/auth/password");
        QCOMPARE(call("POST", path,
                      compact({{"current_password", "wrong password"}, {"new_password", "second password 2"}}), token)
                     .errorParam(),
                 QStringLiteral("current_password"));
        QCOMPARE(
            call("POST", path, compact({{"current_password", "first password 1"}, {"new_password", "short"}}), token)
                .errorParam(),
            QStringLiteral("new_password"));
        QCOMPARE(call("POST", path, compact({{"new_password", "second password 2"}}), token).errorParam(),
                 QStringLiteral("current_password"));
        const Response ok
            = call("POST", path,
                   compact({{"current_password", "first password 1"}, {"new_password", "second password 2"}}), token);
        QCOMPARE(ok.status, 200);
        const QString fresh = ok.json().value("token").toString();
        QCOMPARE(get(QStringLiteral("/api/v1/auth/me"), token).status, 401);
        QCOMPARE(get(QStringLiteral("/api/v1/auth/me"), fresh).status, 200);
        QVERIFY(login(email, QStringLiteral("first password 1")).isEmpty());
        QVERIFY(!login(email, QStringLiteral("second password 2")).isEmpty());
    }

    void loginThrottled()
    {
        const QString email = QStringLiteral("target@example.com");
        QCOMPARE(call("POST", QStringLiteral("/api/v1/admins"),
                      compact({{"email", email}, {"password", "the real password"}}), m_admin)
                     .status,
                 201);
        for (int i = 0; i < 5; ++i) {
            const Response r
                = call("POST", QStringLiteral("/api/v1/auth/login"),
                       compact({{"email", email}, {"password", QString("guess number " + QString::number(i))}}));
            QCOMPARE(r.status, 401);
        }
        // Locked now, even with the right password (and the check differs by case of the e-mail only).
        const Response locked = call("POST", QStringLiteral("/api/v1/auth/login"),
                                     compact({{"email", email.toUpper()}, {"password", "the real password"}}));
        QCOMPARE(locked.status, 429);
        QVERIFY(locked.headers.value("retry-after").toInt() >= 1);
        QCOMPARE(locked.json().value("error").toObject().value("code").toString(), QStringLiteral("login_throttled"));
        // Other accounts are not affected (the address limit is higher).
        QVERIFY(!login(kAdminEmail, kAdminPassword).isEmpty());
    }
};

QTEST_MAIN(TestAdminApi)
#include "TestAdminApi.moc"
