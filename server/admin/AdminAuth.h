#pragma once

#include "admin/AdminPrincipal.h"
#include "domain/Admin.h"
#include "http/HttpRequest.h"
#include "util/Result.h"

#include <QByteArray>

class Database;

/**
 * Admin API tokens: HS256 JWTs with sub (admin id), email, role, ver (the admin's token_version), iat and
 * exp, sent back in the AUTH_TOKEN cookie (HttpOnly; Secure; SameSite=Strict) or as `Authorization: Bearer`.
 * A token is accepted only while the admin is active and its token_version still equals ver, so logout and
 * password changes revoke every token issued before them. The role is read from the database, not trusted
 * from the token.
 */
class AdminAuth
{
public:
    static constexpr const char* CookieName = "AUTH_TOKEN";

    static QString issueToken(const Admin& admin, const QByteArray& secret, qint64 nowSeconds, qint64 ttlSeconds);
    /** The token from the cookie, else from a Bearer header that is not a gateway key; empty if none. */
    static QString tokenFrom(const HttpRequest& request);
    /** PermissionDenied (→ 401) for a missing, malformed, tampered, expired or revoked token. */
    static Result<AdminPrincipal> authenticate(const HttpRequest& request, const Database& db,
                                               const QByteArray& secret);
    static QByteArray cookie(const QString& token, qint64 maxAgeSeconds);
    static QByteArray clearingCookie();
};
