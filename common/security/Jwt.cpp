#include "Jwt.h"

#include "ConstantTime.h"
#include "Digest.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

#include <algorithm>
#include <optional>

namespace {
constexpr auto s_base64UrlOptions = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
// Far above any token this gateway issues; keeps a hostile caller from making us decode megabytes.
constexpr qsizetype s_maxTokenLength = 16 * 1024;

QByteArray encode(const QByteArray& data)
{
    return data.toBase64(s_base64UrlOptions);
}

/** base64url without padding; only the canonical encoding is accepted, so a token has one spelling. */
std::optional<QByteArray> decode(const QByteArray& text)
{
    const auto result
        = QByteArray::fromBase64Encoding(text, s_base64UrlOptions | QByteArray::AbortOnBase64DecodingErrors);
    if (!result || result.decoded.toBase64(s_base64UrlOptions) != text)
        return std::nullopt;
    return result.decoded;
}

std::optional<QJsonObject> parseObject(const QByteArray& json)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

Error malformed()
{
    return Error::invalid(QStringLiteral("malformed token"));
}
} // namespace

QString Jwt::sign(const QJsonObject& claims, QByteArrayView secret)
{
    // verify() refuses an empty secret, so never issue a token with one.
    if (secret.isEmpty())
        return {};
    const QByteArray header = encode(QByteArrayLiteral(R"({"alg":"HS256","typ":"JWT"})"));
    const QByteArray payload = encode(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const QByteArray signingInput = header + '.' + payload;
    const QByteArray signature = Digest::hmacSha256(secret, signingInput);
    if (signature.isEmpty())
        return {};
    return QString::fromLatin1(signingInput + '.' + encode(signature));
}

Result<QJsonObject> Jwt::verify(const QString& token, QByteArrayView secret, qint64 nowSeconds, qint64 leewaySeconds)
{
    if (secret.isEmpty())
        return Error::internal(QStringLiteral("no token secret is configured"));
    if (token.isEmpty() || token.size() > s_maxTokenLength)
        return malformed();
    const bool ascii = std::all_of(token.cbegin(), token.cend(), [](QChar c) { return c.unicode() < 0x80; });
    if (!ascii)
        return malformed();

    const QByteArray raw = token.toLatin1();
    const QList<QByteArray> parts = raw.split('.');
    if (parts.size() != 3)
        return malformed();

    // Header first: nothing but HS256 is considered, whatever the signature says.
    const std::optional<QByteArray> headerJson = decode(parts[0]);
    if (!headerJson)
        return malformed();
    const std::optional<QJsonObject> header = parseObject(*headerJson);
    if (!header)
        return malformed();
    const QJsonValue alg = header->value(QLatin1StringView("alg"));
    if (!alg.isString() || alg.toString() != QLatin1StringView("HS256"))
        return Error::invalid(QStringLiteral("unsupported alg"));
    // RFC 7515 §4.1.11: a token with critical extensions we do not implement must be rejected.
    if (header->contains(QLatin1StringView("crit")))
        return Error::invalid(QStringLiteral("unsupported crit header"));

    // The MAC covers the header and payload exactly as received.
    const std::optional<QByteArray> signature = decode(parts[2]);
    if (!signature)
        return malformed();
    const QByteArray expected
        = Digest::hmacSha256(secret, QByteArrayView(raw).first(parts[0].size() + 1 + parts[1].size()));
    if (expected.isEmpty())
        return Error::internal(QStringLiteral("HMAC-SHA256 failed"));
    if (!ConstantTime::equals(*signature, expected))
        return Error::invalid(QStringLiteral("bad signature"));

    // Authenticated from here on.
    const std::optional<QByteArray> payloadJson = decode(parts[1]);
    if (!payloadJson)
        return malformed();
    const std::optional<QJsonObject> claims = parseObject(*payloadJson);
    if (!claims)
        return Error::invalid(QStringLiteral("payload is not a JSON object"));

    const double now = double(nowSeconds);
    const double leeway = double(std::max<qint64>(leewaySeconds, 0));

    const QJsonValue exp = claims->value(QLatin1StringView("exp"));
    if (exp.isUndefined())
        return Error::invalid(QStringLiteral("missing exp"));
    if (!exp.isDouble())
        return Error::invalid(QStringLiteral("invalid exp"));
    if (now > exp.toDouble() + leeway)
        return Error::invalid(QStringLiteral("token expired"));

    const QJsonValue nbf = claims->value(QLatin1StringView("nbf"));
    if (!nbf.isUndefined()) {
        if (!nbf.isDouble())
            return Error::invalid(QStringLiteral("invalid nbf"));
        if (now + leeway < nbf.toDouble())
            return Error::invalid(QStringLiteral("token not yet valid"));
    }

    const QJsonValue iat = claims->value(QLatin1StringView("iat"));
    if (!iat.isUndefined()) {
        if (!iat.isDouble())
            return Error::invalid(QStringLiteral("invalid iat"));
        if (iat.toDouble() > now + leeway)
            return Error::invalid(QStringLiteral("token issued in the future"));
    }
    return *claims;
}
