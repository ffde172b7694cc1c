#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QObject>
#include <QString>

/**
 * How one upstream exchange ended; delivered exactly once by UpstreamCall::finished().
 *
 * `Completed` only means that the HTTP exchange ended cleanly: look at httpStatus for 4xx/5xx. A stream
 * whose body is close-delimited (no Content-Length, no chunking) and is cut by the upstream also looks
 * Completed here; the SSE layer must check for its terminator (field notes §9 rows 8 and 11).
 */
struct UpstreamResult
{
    Q_GADGET

public:
    enum class Outcome {
        Completed, ///< the response ended cleanly (any HTTP status)
        ConnectFailed, ///< DNS failure or connection refused / unreachable; nothing was sent
        ConnectionReset, ///< the connection broke: before headers (httpStatus 0) or mid-body (stream cut)
        Timeout, ///< see `timeout` for which limit fired
        Cancelled, ///< abort() was called (or the CurlMulti was destroyed)
        TlsError, ///< handshake failure, certificate or host-name verification failure
        ProtocolError, ///< malformed response, bad request spec, or maxResponseBytes exceeded
    };
    Q_ENUM(Outcome)

    enum class TimeoutKind {
        None,
        Connect, ///< Timeouts::connectMs
        FirstByte, ///< Timeouts::firstByteMs (no complete header block in time)
        Idle, ///< Timeouts::idleMs (gap between body bytes)
        Total, ///< Timeouts::totalMs
    };
    Q_ENUM(TimeoutKind)

    Outcome outcome = Outcome::ProtocolError;
    TimeoutKind timeout = TimeoutKind::None;
    /** Final HTTP status, 0 when no complete response header block arrived. */
    int httpStatus = 0;
    /** Human-readable cause for anything but Completed (libcurl's message or ours). */
    QString errorText;
    /** True once any response body byte was delivered through dataReceived (not retryable then). */
    bool anyBodyBytes = false;
    qint64 bodyBytes = 0;
    /** The whole body when UpstreamRequestSpec::bufferBody was set. */
    QByteArray body;
    /** The raw CURLcode, for logs (0 for outcomes decided by the client itself). */
    int curlCode = 0;
    /** True when the request went over a connection kept alive from an earlier exchange. */
    bool connectionReused = false;
    /** 10, 11, 20 or 30 for HTTP/1.0, 1.1, 2, 3; 0 when unknown. */
    int httpVersion = 0;

    /** Phase durations in milliseconds, -1 when the phase was not reached. On a reused connection
     *  dns/connect/tls are 0. ttfb counts from start() to the first response byte. */
    double dnsMs = -1;
    double connectMs = -1;
    double tlsMs = -1;
    double ttfbMs = -1;
    /** From start() to finished(), always set. */
    double totalMs = 0;

    bool ok() const { return outcome == Outcome::Completed; }
    static QString outcomeName(Outcome outcome);
    static QString timeoutName(TimeoutKind kind);
    /** One line for logs: outcome, status, error text and timings. */
    QString describe() const;
};

Q_DECLARE_METATYPE(UpstreamResult)
