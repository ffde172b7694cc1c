#include "AesGcm.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <climits>
#include <cstring>
#include <memory>
#include <optional>

namespace {
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* bytesOf(QByteArrayView v)
{
    return reinterpret_cast<const unsigned char*>(v.data());
}

/** Argument checks shared by seal() and open(); nullopt when the arguments are acceptable. */
std::optional<Error> checkArguments(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad,
                                    QByteArrayView payload)
{
    if (key.size() != AesGcm::KeySize)
        return Error::invalid(
            QStringLiteral("AES-256-GCM key must be %1 bytes, got %2").arg(AesGcm::KeySize).arg(key.size()),
            QStringLiteral("key"));
    if (nonce.size() != AesGcm::NonceSize)
        return Error::invalid(
            QStringLiteral("AES-GCM nonce must be %1 bytes, got %2").arg(AesGcm::NonceSize).arg(nonce.size()),
            QStringLiteral("nonce"));
    // EVP lengths are ints; leave room for the tag.
    if (aad.size() > INT_MAX || payload.size() > INT_MAX - AesGcm::TagSize)
        return Error::invalid(QStringLiteral("AES-GCM input too large"));
    return std::nullopt;
}
} // namespace

Result<QByteArray> AesGcm::seal(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad, QByteArrayView plaintext)
{
    if (auto error = checkArguments(key, nonce, aad, plaintext))
        return *error;

    CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!ctx || EVP_EncryptInit_ex2(ctx.get(), EVP_aes_256_gcm(), bytesOf(key), bytesOf(nonce), nullptr) != 1)
        return Error::internal(QStringLiteral("AES-GCM: cannot initialise the cipher"));

    int len = 0;
    if (!aad.isEmpty() && EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytesOf(aad), int(aad.size())) != 1)
        return Error::internal(QStringLiteral("AES-GCM: cannot process the associated data"));

    QByteArray out(plaintext.size() + TagSize, Qt::Uninitialized);
    auto* dst = reinterpret_cast<unsigned char*>(out.data());
    int written = 0;
    if (!plaintext.isEmpty()) {
        if (EVP_EncryptUpdate(ctx.get(), dst, &len, bytesOf(plaintext), int(plaintext.size())) != 1)
            return Error::internal(QStringLiteral("AES-GCM: encryption failed"));
        written = len;
    }
    if (EVP_EncryptFinal_ex(ctx.get(), dst + written, &len) != 1)
        return Error::internal(QStringLiteral("AES-GCM: encryption failed"));
    written += len;
    if (written != plaintext.size())
        return Error::internal(QStringLiteral("AES-GCM: unexpected ciphertext length"));

    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, TagSize, dst + written) != 1)
        return Error::internal(QStringLiteral("AES-GCM: cannot read the tag"));
    return out;
}

Result<QByteArray> AesGcm::open(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad,
                                QByteArrayView ciphertextAndTag)
{
    if (auto error = checkArguments(key, nonce, aad, ciphertextAndTag))
        return *error;
    if (ciphertextAndTag.size() < TagSize)
        return Error::invalid(QStringLiteral("AES-GCM ciphertext is shorter than its %1-byte tag").arg(TagSize));

    const QByteArrayView ciphertext = ciphertextAndTag.first(ciphertextAndTag.size() - TagSize);
    // EVP_CTRL_GCM_SET_TAG takes a non-const pointer.
    unsigned char tag[TagSize];
    std::memcpy(tag, ciphertextAndTag.data() + ciphertext.size(), TagSize);

    CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!ctx || EVP_DecryptInit_ex2(ctx.get(), EVP_aes_256_gcm(), bytesOf(key), bytesOf(nonce), nullptr) != 1)
        return Error::internal(QStringLiteral("AES-GCM: cannot initialise the cipher"));

    int len = 0;
    if (!aad.isEmpty() && EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytesOf(aad), int(aad.size())) != 1)
        return Error::internal(QStringLiteral("AES-GCM: cannot process the associated data"));

    QByteArray out(ciphertext.size(), Qt::Uninitialized);
    auto* dst = reinterpret_cast<unsigned char*>(out.data());
    int written = 0;
    if (!ciphertext.isEmpty()) {
        if (EVP_DecryptUpdate(ctx.get(), dst, &len, bytesOf(ciphertext), int(ciphertext.size())) != 1)
            return Error::internal(QStringLiteral("AES-GCM: decryption failed"));
        written = len;
    }
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, TagSize, tag) != 1)
        return Error::internal(QStringLiteral("AES-GCM: cannot set the tag"));
    // The tag is checked here; on failure nothing of the (unauthenticated) plaintext leaves this function.
    if (EVP_DecryptFinal_ex(ctx.get(), dst + written, &len) != 1) {
        OPENSSL_cleanse(out.data(), size_t(out.size()));
        return Error::invalid(QStringLiteral(
            "AES-GCM authentication failed: wrong key, nonce or associated data, or the ciphertext was altered"));
    }
    written += len;
    if (written != ciphertext.size())
        return Error::internal(QStringLiteral("AES-GCM: unexpected plaintext length"));
    return out;
}
