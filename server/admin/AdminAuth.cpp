#include "AdminAuth.h"

#include "security/Jwt.h"
#include "storage/AdminRepository.h"
#include "util/Clock.h"

#include <QJsonObject>

QString AdminAuth::issueToken(const Admin& admin, const QByteArray& secret, qint64 nowSeconds, qint64 ttlSeconds)
{
    const QJsonObject claims{{QStringLiteral("sub"), admin.id},
                             {QStringLiteral("email"), admin.email},
                             {QStringLiteral("role"), Admin::roleName(admin.role)},
                             {QStringLiteral("ver"), admin.tokenVersion},
                             {QStringLiteral("iat"), double(nowSeconds)},
                             {QStringLiteral("exp"), double(nowSeconds + ttlSeconds)}};
    return Jwt::sign(claims, secret);
}

QString AdminAuth::tokenFrom(const HttpRequest& request)
{
    for (const QByteArray& header : request.headers().values("Cookie")) {
        for (const QByteArray& part : header.split(';')) {
            const QByteArray p = part.trimmed();
            const QByteArray prefix = QByteArray(CookieName) + '=';
            if (p.startsWith(prefix) && p.size() > prefix.size())
                return QString::fromLatin1(p.mid(prefix.size()));
        }
    }
    const QByteArray auth = request.header("Authorization").trimmed();
    if (auth.size() > 7 && auth.left(7).toLower() == "bearer ") {
        const QByteArray token = auth.mid(7).trimmed();
        if (!token.startsWith("gw_"))
            return QString::fromLatin1(token);
    }
    return {};
}

Result<AdminPrincipal> AdminAuth::authenticate(const HttpRequest& request, const Database& db, const QByteArray& secret)
{
    const auto denied = [](const QString& why) { return Error{Error::Kind::PermissionDenied, why, {}}; };
    const QString token = tokenFrom(request);
    if (token.isEmpty())
        return denied(QStringLiteral("authentication required: log in at POST /api/v1/auth/login"));
    if (secret.size() < 32)
        return denied(QStringLiteral("admin authentication is not configured"));
    auto claims = Jwt::verify(token, secret, Clock::instance().nowMs() / 1000);
    if (!claims)
        return denied(QStringLiteral("invalid or expired token"));
    const QJsonObject& c = claims.value();
    const QString id = c.value(QStringLiteral("sub")).toString();
    const QJsonValue ver = c.value(QStringLiteral("ver"));
    if (id.isEmpty() || !ver.isDouble())
        return denied(QStringLiteral("invalid or expired token"));
    auto admin = AdminRepository(db).findById(id);
    if (!admin) {
        if (admin.error().kind == Error::Kind::NotFound)
            return denied(QStringLiteral("invalid or expired token"));
        return admin.error();
    }
    if (!admin.value().active || admin.value().tokenVersion != ver.toInt())
        return denied(QStringLiteral("the token has been revoked; log in again"));
    AdminPrincipal p;
    p.id = admin.value().id;
    p.email = admin.value().email;
    p.role = admin.value().role;
    p.remoteAddress = request.remoteAddress().toString();
    return p;
}

QByteArray AdminAuth::cookie(const QString& token, qint64 maxAgeSeconds)
{
    return QByteArray(CookieName) + '=' + token.toLatin1() + "; Max-Age=" + QByteArray::number(maxAgeSeconds)
        + "; Path=/; HttpOnly; Secure; SameSite=Strict";
}

QByteArray AdminAuth::clearingCookie()
{
    return QByteArray(CookieName) + "=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Strict";
}
