#pragma once

#include "util/Result.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

/**
 * HS256 JSON Web Tokens (RFC 7519 / RFC 7515). Only HS256 is accepted on verification: `alg: none`
 * and every other algorithm are refused, the signature is compared in constant time, and `exp` is
 * required.
 */
class Jwt
{
public:
    static QString sign(const QJsonObject& claims, QByteArrayView secret);
    /** nowSeconds: current Unix time; leeway tolerates small clock differences for exp/nbf/iat. */
    static Result<QJsonObject> verify(const QString& token, QByteArrayView secret, qint64 nowSeconds,
                                      qint64 leewaySeconds = 30);
};
