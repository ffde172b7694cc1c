#pragma once

#include "HttpHeaders.h"

#include <QByteArray>
#include <QtGlobal>

/**
 * What the connection guard learned from one request's head before QHttpServer parsed it: the framing
 * (so it can enforce limits and close on `Connection: close` / HTTP/1.0, qt64-notes L4) and the raw
 * request line, which QHttpServerRequest does not expose.
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
