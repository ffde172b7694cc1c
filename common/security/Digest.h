#pragma once

#include <QByteArray>
#include <QByteArrayView>

/** SHA-256 and HMAC-SHA256 through OpenSSL 3 EVP. Results are raw bytes; call toHex() for text. */
class Digest
{
public:
    static QByteArray sha256(QByteArrayView data);
    static QByteArray hmacSha256(QByteArrayView key, QByteArrayView data);
};
