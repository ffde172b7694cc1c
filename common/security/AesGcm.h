#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QByteArrayView>

/** AES-256-GCM through OpenSSL 3 EVP: 32-byte key, 12-byte nonce, 16-byte tag appended to the ciphertext. */
class AesGcm
{
public:
    static constexpr int KeySize = 32;
    static constexpr int NonceSize = 12;
    static constexpr int TagSize = 16;

    /** Returns ciphertext || tag. */
    static Result<QByteArray> seal(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad,
                                   QByteArrayView plaintext);
    /** Takes ciphertext || tag; fails on a wrong key, nonce, AAD or any tampering. */
    static Result<QByteArray> open(QByteArrayView key, QByteArrayView nonce, QByteArrayView aad,
                                   QByteArrayView ciphertextAndTag);
};
