#pragma once

#include "providers/HeaderList.h"

#include <QStringView>

/** Reads how long a provider asks us to wait before retrying. Every function returns milliseconds, or -1. */
class RetryAfter
{
public:
    /**
     * `retry-after-ms` (milliseconds, decimals allowed) wins over `retry-after`, which is delta-seconds (decimals
     * tolerated) or an HTTP date (IMF-fixdate or RFC 2822), taken relative to nowMs (0 if already past).
     */
    static int fromHeaders(const HeaderList::List& headers, qint64 nowMs);
    /** A google.protobuf.Duration in JSON form, as in Gemini's RetryInfo.retryDelay: "34.4s" → 34400. */
    static int fromDuration(QStringView duration);
    /**
     * OpenAI's rate-limit message hint "Please try again in 1.378s" / "in 250ms" / "in 1m30s" → milliseconds.
     * Only a fallback for when no header says it.
     */
    static int fromMessage(QStringView message);
    /** An HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT") as epoch milliseconds, or -1. */
    static qint64 parseHttpDate(QByteArrayView date);
};
