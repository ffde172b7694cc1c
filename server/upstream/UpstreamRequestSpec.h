#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

/** HTTP header fields in wire order, names as sent or received (no case folding). */
using UpstreamHeaders = QList<QPair<QByteArray, QByteArray>>;

/**
 * One HTTP exchange with an upstream provider, as passed to UpstreamCall::start().
 *
 * `http://` URLs go through the built-in HTTP/1.1 client (Http1Connection), `https://` ones through libcurl
 * (see `client`); both send the same request. The client adds Host, Content-Length and a catch-all Accept
 * (unless given here), and never sends libcurl's default `Content-Type: application/x-www-form-urlencoded`
 * or `Expect: 100-continue`.
 * Content-Length, Transfer-Encoding and Connection given in `headers` are ignored because the client owns
 * the framing. No redirects are followed, no environment proxy is used, and the body is passed through
 * undecoded (set Accept-Encoding yourself only if you decode the body yourself).
 */
struct UpstreamRequestSpec
{
    /** Which HTTP client carries the exchange. */
    enum class Client {
        /** Plain http: the built-in HTTP/1.1 client, which writes the request in one go and keeps its
         *  connections alive per thread (libcurl's request building was a third of the gateway's
         *  instructions per request). https, and URLs with user info: libcurl. */
        Automatic,
        /** libcurl for every URL (tests run the same cases through both clients). */
        Libcurl,
    };

    /** Time limits in milliseconds; 0 switches a limit off. */
    struct Timeouts
    {
        /** DNS + TCP connect + TLS handshake (CURLOPT_CONNECTTIMEOUT_MS). 0 means libcurl's 300 s (none for the
         *  built-in client; the total limit still applies). */
        int connectMs = 10'000;
        /** From start() to the end of the final response header block. Non-streaming LLM calls send their
         *  headers only when generation is done, so keep this generous for them. */
        int firstByteMs = 120'000;
        /** Longest gap between received body bytes once the headers are in (a stalled stream). */
        int idleMs = 60'000;
        /** The whole exchange, connect to last byte (CURLOPT_TIMEOUT_MS, or a timer of UpstreamCall). */
        int totalMs = 600'000;
    };

    /** Request method, e.g. "GET" or "POST" (sent as given; must be an HTTP token). */
    QByteArray method = QByteArrayLiteral("GET");
    /** http or https URL. Anything else finishes with ProtocolError. */
    QUrl url;
    /** Request headers. A header with an empty value is sent as `Name:` with no value. */
    UpstreamHeaders headers;
    /** Request body; sent with Content-Length when non-empty or when the method is not GET/HEAD. */
    QByteArray body;
    Timeouts timeouts;

    /** Also collect the response body in UpstreamResult::body (non-streaming use). dataReceived is
     *  emitted either way. */
    bool bufferBody = false;
    /** Abort with ProtocolError once the response body would exceed this many bytes (checked against
     *  Content-Length up front and against the bytes received); 0 = no cap. Set it for buffered bodies. */
    qint64 maxResponseBytes = 0;
    /** Offer HTTP/2 through ALPN on https URLs (CURL_HTTP_VERSION_2TLS); plain http is always HTTP/1.1. */
    bool allowHttp2 = true;
    Client client = Client::Automatic;
    /** PEM bundle of trusted CAs instead of the system store (for private upstreams and tests).
     *  Peer and host verification stay on either way. */
    QString caBundlePath;
};
