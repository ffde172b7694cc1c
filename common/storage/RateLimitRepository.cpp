#include "RateLimitRepository.h"

#include "Database.h"
#include "SqlValues.h"

RateLimitRepository::RateLimitRepository(const Database& db)
    : m_db(db)
{ }

Result<RateLimitRepository::Lease> RateLimitRepository::lease(const QString& apiKeyId, qint64 rpm, qint64 want)
{
    if (!m_db.isPostgres())
        return Error::invalid(QStringLiteral("shared rate limit buckets need PostgreSQL"));
    if (!SqlValues::isUuid(apiKeyId) || rpm <= 0 || want <= 0)
        return Error::invalid(QStringLiteral("malformed rate limit lease"));
    const qint64 first = qMin(want, rpm);
    // A new row starts full and hands out `first`. An existing row: refill since updated_ms at EXCLUDED.rpm per
    // minute (capped at EXCLUDED.rpm, so a lowered limit applies at once), then grant min(want, floor(level)).
    // Every SET expression reads the row as it was, under the row lock this statement holds: atomic.
    static const QString sql = QStringLiteral(
        "INSERT INTO rate_limit_buckets AS b (api_key_id, rpm, tokens, updated_ms, granted) "
        "VALUES (?, ?, ?, (extract(epoch FROM clock_timestamp()) * 1000)::bigint, ?) "
        "ON CONFLICT (api_key_id) DO UPDATE SET "
        "granted = LEAST(EXCLUDED.granted, FLOOR(LEAST(EXCLUDED.rpm::double precision, "
        "  b.tokens + GREATEST(0, EXCLUDED.updated_ms - b.updated_ms) * EXCLUDED.rpm / 60000.0)))::bigint, "
        "tokens = LEAST(EXCLUDED.rpm::double precision, "
        "  b.tokens + GREATEST(0, EXCLUDED.updated_ms - b.updated_ms) * EXCLUDED.rpm / 60000.0) "
        "  - LEAST(EXCLUDED.granted, FLOOR(LEAST(EXCLUDED.rpm::double precision, "
        "  b.tokens + GREATEST(0, EXCLUDED.updated_ms - b.updated_ms) * EXCLUDED.rpm / 60000.0))), "
        "rpm = EXCLUDED.rpm, "
        "updated_ms = GREATEST(b.updated_ms, EXCLUDED.updated_ms) "
        "RETURNING granted, tokens");
    auto r = m_db.exec(sql, {apiKeyId, rpm, double(rpm - first), first});
    if (!r)
        return r.error();
    if (!r.value().next())
        return Error::internal(QStringLiteral("rate limit lease returned no row"));
    Lease l;
    l.granted = r.value().value(0).toLongLong();
    l.left = r.value().value(1).toDouble();
    return l;
}
