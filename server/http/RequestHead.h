#pragma once

#include "HttpHeaders.h"

#include <QByteArray>
#include <QtGlobal>

/**
 * One request's head as RequestFramer parsed it: the request line as sent, the headers, and the framing
 * (so HttpConnection can enforce limits and close on `Connection: close` / HTTP/1.0, qt64-notes L4).
 */
struct RequestHead
{
    QByteArray method; ///< as sent, e.g. "POST"
    QByteArray target; ///< request-target as sent, e.g. "/v1/chat/completions?x=1"
    int httpMinor = 1; ///< 0 for HTTP/1.0, 1 for HTTP/1.1
    HttpHeaders headers;
    qint64 contentLength = -1; ///< -1 when absent
    bool chunked = false; ///< Transfer-Encoding: chunked
    bool keepAlive = true; ///< false for HTTP/1.0 and for `Connection: close`
    bool expectContinue = false; ///< `Expect: 100-continue` on a request that has a body
    qint64 startedAtNs = 0; ///< monotonic time (ns) the first byte of this request arrived
};
