#include "SecureRandom.h"

#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

QByteArray SecureRandom::bytes(int count)
{
    QByteArray out(count, Qt::Uninitialized);
    if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), count) != 1) {
        std::fputs("aigw: fatal: the system random number generator failed\n", stderr);
        std::abort();
    }
    return out;
}

QString SecureRandom::token(int length, const QString& alphabet)
{
    const int n = int(alphabet.size());
    Q_ASSERT(n > 0 && n <= 256);
    // Reject bytes >= the largest multiple of n so every character is equally likely.
    const int limit = 256 - (256 % n);
    QString out;
    out.reserve(length);
    while (out.size() < length) {
        const QByteArray chunk = bytes(length * 2);
        for (char c : chunk) {
            const int v = static_cast<unsigned char>(c);
            if (v < limit) {
                out.append(alphabet.at(v % n));
                if (out.size() == length)
                    break;
            }
        }
    }
    return out;
}

QString SecureRandom::uuid()
{
    QByteArray b = bytes(16);
    b[6] = char((b[6] & 0x0f) | 0x40); // version 4
    b[8] = char((b[8] & 0x3f) | 0x80); // RFC 4122 variant
    const QByteArray h = b.toHex();
    return QString::fromLatin1(h.mid(0, 8) + '-' + h.mid(8, 4) + '-' + h.mid(12, 4) + '-' + h.mid(16, 4) + '-'
                               + h.mid(20, 12));
}
