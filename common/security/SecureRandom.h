#pragma once

#include <QByteArray>
#include <QString>

/** Cryptographically secure randomness from OpenSSL's RAND_bytes (CSPRNG seeded by the kernel). */
class SecureRandom
{
public:
    /** count random bytes. Aborts the process if the CSPRNG fails: there is no safe fallback. */
    static QByteArray bytes(int count);
    /** A string of `length` characters drawn uniformly (rejection sampling, no modulo bias) from alphabet. */
    static QString token(int length, const QString& alphabet);
    /** A random (version 4) UUID in lower-case 8-4-4-4-12 form. */
    static QString uuid();
    /**
     * A time-ordered (version 7, RFC 9562) UUID: the first 48 bits are unixMs, the rest random (74 bits).
     * Ids made one after another sort by time, so a table keyed by them grows at one end of its index
     * instead of touching a random page for every row. The random bits come from RAND_bytes through a
     * per-thread pool (one call per 64 ids), emptied in a forked child.
     */
    static QString timeOrderedUuid(qint64 unixMs);
};
