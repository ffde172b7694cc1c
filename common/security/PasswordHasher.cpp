#include "PasswordHasher.h"

#include "ConstantTime.h"
#include "SecureRandom.h"
#include "util/LogCategories.h"

#include <QRegularExpression>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <cstdint>
#include <memory>
#include <optional>

namespace {
constexpr int s_saltBytes = 16;
constexpr int s_hashBytes = 32;
constexpr int s_maxSaltBytes = 64;

// Bounds on the parameters a stored hash may ask for, so a crafted hash cannot make verify() spend
// unbounded time or memory. hash() refuses to produce anything outside them either.
constexpr int s_minLog2N = 10;
constexpr int s_maxLog2N = 20;
constexpr int s_minR = 1;
constexpr int s_maxR = 16;
constexpr int s_minP = 1;
constexpr int s_maxP = 4;

// OpenSSL refuses to run scrypt when 128 * r * (N + 2) + 128 * r * p exceeds maxmem; its default of
// 32 MiB is just too small for N = 2^15, r = 8 (32 MiB + 257 KiB). Stored hashes needing more are refused.
constexpr quint64 s_maxMemBytes = quint64(256) * 1024 * 1024;

/** The memory OpenSSL's scrypt allocates for these parameters (the formula of its maxmem check). */
constexpr quint64 memoryNeeded(int log2N, int r, int p)
{
    return quint64(128) * quint64(r) * ((quint64(1) << log2N) + 2) + quint64(128) * quint64(r) * quint64(p);
}
static_assert(memoryNeeded(15, 8, 1) <= s_maxMemBytes, "the default parameters must fit");

constexpr auto s_base64Options = QByteArray::OmitTrailingEquals;

struct Decoded
{
    PasswordHasher::Params params;
    QByteArray salt;
    QByteArray hash;
};

bool inBounds(const PasswordHasher::Params& p)
{
    return p.log2N >= s_minLog2N && p.log2N <= s_maxLog2N && p.r >= s_minR && p.r <= s_maxR && p.p >= s_minP
        && p.p <= s_maxP && memoryNeeded(p.log2N, p.r, p.p) <= s_maxMemBytes;
}

/** Standard base64 without padding; only the canonical encoding of some byte string is accepted. */
std::optional<QByteArray> decodeBase64(QStringView text)
{
    const QByteArray ascii = text.toLatin1();
    const auto result
        = QByteArray::fromBase64Encoding(ascii, s_base64Options | QByteArray::AbortOnBase64DecodingErrors);
    if (!result || result.decoded.toBase64(s_base64Options) != ascii)
        return std::nullopt;
    return result.decoded;
}

/** Parses "$scrypt$ln=<n>,r=<n>,p=<n>$<salt>$<hash>" strictly; nullopt for anything else. */
std::optional<Decoded> parse(const QString& encoded)
{
    // \A and \z: unlike ^ and $, they do not let a trailing newline through.
    static const QRegularExpression pattern(QStringLiteral(
        R"(\A\$scrypt\$ln=([1-9][0-9]?),r=([1-9][0-9]?),p=([1-9][0-9]?)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)\z)"));
    const QRegularExpressionMatch m = pattern.match(encoded);
    if (!m.hasMatch())
        return std::nullopt;

    Decoded d;
    d.params.log2N = m.capturedView(1).toInt();
    d.params.r = m.capturedView(2).toInt();
    d.params.p = m.capturedView(3).toInt();
    if (!inBounds(d.params))
        return std::nullopt;

    std::optional<QByteArray> salt = decodeBase64(m.capturedView(4));
    std::optional<QByteArray> hash = decodeBase64(m.capturedView(5));
    if (!salt || !hash || salt->size() < s_saltBytes || salt->size() > s_maxSaltBytes || hash->size() != s_hashBytes)
        return std::nullopt;
    d.salt = std::move(*salt);
    d.hash = std::move(*hash);
    return d;
}

Result<QByteArray> derive(const QString& password, const QByteArray& salt, const PasswordHasher::Params& params)
{
    QByteArray utf8 = password.toUtf8();
    Result<QByteArray> out = PasswordHasher::scrypt(utf8, salt, quint64(1) << params.log2N, quint32(params.r),
                                                    quint32(params.p), s_hashBytes);
    OPENSSL_cleanse(utf8.data(), size_t(utf8.size()));
    return out;
}
} // namespace

Result<QByteArray> PasswordHasher::scrypt(QByteArrayView password, QByteArrayView salt, quint64 n, quint32 r, quint32 p,
                                          int length)
{
    if (length <= 0)
        return Error::invalid(QStringLiteral("scrypt output length must be positive"));
    if (n < 2 || (n & (n - 1)) != 0)
        return Error::invalid(QStringLiteral("scrypt N must be a power of two greater than 1"));
    if (r == 0 || p == 0)
        return Error::invalid(QStringLiteral("scrypt r and p must be positive"));

    // Fetched once: the algorithm object is immutable and may be shared between threads.
    static EVP_KDF* const kdf = EVP_KDF_fetch(nullptr, "SCRYPT", nullptr);
    if (!kdf)
        return Error::internal(QStringLiteral("scrypt is not available in this OpenSSL build"));
    std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> ctx(EVP_KDF_CTX_new(kdf), &EVP_KDF_CTX_free);
    if (!ctx)
        return Error::internal(QStringLiteral("scrypt: cannot create a context"));

    // OpenSSL copies the octet strings; it wants non-null pointers even for empty ones.
    static const char empty[1] = {0};
    uint64_t nParam = n;
    uint32_t rParam = r;
    uint32_t pParam = p;
    uint64_t maxMem = s_maxMemBytes;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
                                          const_cast<char*>(password.isEmpty() ? empty : password.data()),
                                          size_t(password.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.isEmpty() ? empty : salt.data()),
                                          size_t(salt.size())),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &nParam),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &rParam),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &pParam),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxMem),
        OSSL_PARAM_construct_end(),
    };

    QByteArray out(length, Qt::Uninitialized);
    if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), size_t(length), params) != 1)
        return Error::internal(
            QStringLiteral("scrypt failed (N=%1, r=%2, p=%3): parameters out of range or too much memory")
                .arg(n)
                .arg(r)
                .arg(p));
    return out;
}

QString PasswordHasher::hash(const QString& password, Params params)
{
    if (!inBounds(params)) {
        qCWarning(lcSecurity, "refusing to hash a password with scrypt parameters ln=%d, r=%d, p=%d", params.log2N,
                  params.r, params.p);
        return {};
    }
    const QByteArray salt = SecureRandom::bytes(s_saltBytes);
    const Result<QByteArray> key = derive(password, salt, params);
    if (!key) {
        qCWarning(lcSecurity, "password hashing failed: %s", qUtf8Printable(key.error().message));
        return {};
    }
    return QStringLiteral("$scrypt$ln=%1,r=%2,p=%3$").arg(params.log2N).arg(params.r).arg(params.p)
        + QString::fromLatin1(salt.toBase64(s_base64Options)) + u'$'
        + QString::fromLatin1(key.value().toBase64(s_base64Options));
}

bool PasswordHasher::verify(const QString& password, const QString& encoded)
{
    const std::optional<Decoded> stored = parse(encoded);
    if (!stored)
        return false;
    const Result<QByteArray> key = derive(password, stored->salt, stored->params);
    if (!key)
        return false;
    return ConstantTime::equals(key.value(), stored->hash);
}

bool PasswordHasher::needsRehash(const QString& encoded, Params params)
{
    const std::optional<Decoded> stored = parse(encoded);
    if (!stored)
        return true;
    const Params& s = stored->params;
    return s.log2N < params.log2N || s.r < params.r || s.p < params.p;
}
