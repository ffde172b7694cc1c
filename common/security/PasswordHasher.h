#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QString>

/**
 * Password hashing with scrypt (RFC 7914). Hash strings carry their own parameters:
 *     $scrypt$ln=15,r=8,p=1$<base64 salt>$<base64 hash>
 * so parameters can be raised later without invalidating stored hashes.
 */
class PasswordHasher
{
public:
    struct Params
    {
        int log2N = 15;
        int r = 8;
        int p = 1;
    };

    static QString hash(const QString& password, Params params);
    static QString hash(const QString& password) { return hash(password, Params{}); }
    /** Constant-time check; false for malformed strings or parameters outside sane bounds. */
    static bool verify(const QString& password, const QString& encoded);
    /** True when encoded uses weaker parameters than params. */
    static bool needsRehash(const QString& encoded, Params params);

    /** Raw scrypt, exposed for the known-answer tests. */
    static Result<QByteArray> scrypt(QByteArrayView password, QByteArrayView salt, quint64 n, quint32 r, quint32 p,
                                     int length);
};
