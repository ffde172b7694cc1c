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

namespace {
QString formatUuid(const QByteArray& b)
{
    static constexpr char kHex[] = "0123456789abcdef";
    QString out(36, Qt::Uninitialized);
    QChar* o = out.data();
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *o++ = QLatin1Char('-');
        const auto v = static_cast<unsigned char>(b[i]);
        *o++ = QLatin1Char(kHex[v >> 4]);
        *o++ = QLatin1Char(kHex[v & 0x0f]);
    }
    return out;
}
} // namespace

QString SecureRandom::uuid()
{
    QByteArray b = bytes(16);
    b[6] = char((b[6] & 0x0f) | 0x40); // version 4
    b[8] = char((b[8] & 0x3f) | 0x80); // RFC 4122 variant
    return formatUuid(b);
}

QString SecureRandom::timeOrderedUuid(qint64 unixMs)
{
    QByteArray b = bytes(16);
    const auto ms = static_cast<quint64>(qMax<qint64>(unixMs, 0));
    for (int i = 0; i < 6; ++i)
        b[i] = char((ms >> (40 - 8 * i)) & 0xff); // big-endian 48-bit milliseconds
    b[6] = char((b[6] & 0x0f) | 0x70); // version 7
    b[8] = char((b[8] & 0x3f) | 0x80); // RFC 9562 variant
    return formatUuid(b);
}
