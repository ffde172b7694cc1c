#include "SecureRandom.h"

#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <pthread.h>

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

namespace {
/**
 * Random bytes for request ids, drawn from RAND_bytes 640 at a time: one call per request was 7k
 * instructions and a getpid(2) (OpenSSL's fork check), a system call on every request. Per thread, so no
 * lock; a forked child starts with an empty pool (pthread_atfork), or parent and child would hand out the
 * same ids.
 */
struct RandomPool
{
    static constexpr int kSize = 640;
    unsigned char bytes[kSize];
    int used = kSize;

    void take(unsigned char* out, int count)
    {
        if (used + count > kSize) {
            if (RAND_bytes(bytes, kSize) != 1) {
                std::fputs("aigw: fatal: the system random number generator failed\n", stderr);
                std::abort();
            }
            used = 0;
        }
        std::memcpy(out, bytes + used, size_t(count));
        std::memset(bytes + used, 0, size_t(count)); // handed out once, not kept
        used += count;
    }
};

thread_local RandomPool t_pool;

RandomPool& pool()
{
    static std::once_flag registered;
    std::call_once(registered, [] { pthread_atfork(nullptr, nullptr, [] { t_pool.used = RandomPool::kSize; }); });
    return t_pool;
}
} // namespace

QString SecureRandom::timeOrderedUuid(qint64 unixMs)
{
    QByteArray b(16, Qt::Uninitialized);
    pool().take(reinterpret_cast<unsigned char*>(b.data()) + 6, 10);
    const auto ms = static_cast<quint64>(qMax<qint64>(unixMs, 0));
    for (int i = 0; i < 6; ++i)
        b[i] = char((ms >> (40 - 8 * i)) & 0xff); // big-endian 48-bit milliseconds
    b[6] = char((b[6] & 0x0f) | 0x70); // version 7
    b[8] = char((b[8] & 0x3f) | 0x80); // RFC 9562 variant
    return formatUuid(b);
}
