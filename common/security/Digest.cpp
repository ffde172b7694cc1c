#include "Digest.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <memory>

QByteArray Digest::sha256(QByteArrayView data)
{
    // Fetched once (EVP_sha256() makes every EVP_Digest look the implementation up again); immutable.
    static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (!sha256)
        return {};
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(data.data(), size_t(data.size()), md, &len, sha256, nullptr) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char*>(md), int(len));
}

QByteArray Digest::hmacSha256(QByteArrayView key, QByteArrayView data)
{
    // Fetched once: EVP_MAC_fetch is comparatively expensive and the object is immutable.
    static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (!mac)
        return {};
    std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(EVP_MAC_CTX_new(mac), &EVP_MAC_CTX_free);
    if (!ctx)
        return {};
    char digestName[] = "SHA256";
    OSSL_PARAM params[]
        = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digestName, 0), OSSL_PARAM_construct_end()};
    // An empty key is legal for HMAC; OpenSSL wants a non-null pointer for it.
    static const unsigned char emptyKey[1] = {0};
    const auto* keyData = key.isEmpty() ? emptyKey : reinterpret_cast<const unsigned char*>(key.data());
    unsigned char out[EVP_MAX_MD_SIZE];
    size_t outLen = 0;
    if (EVP_MAC_init(ctx.get(), keyData, size_t(key.size()), params) != 1
        || EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(data.data()), size_t(data.size())) != 1
        || EVP_MAC_final(ctx.get(), out, &outLen, sizeof(out)) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char*>(out), int(outLen));
}
