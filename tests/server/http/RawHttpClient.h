#pragma once

#include "HttpHeaders.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QTcpSocket>

#include <optional>

/**
 * A blocking HTTP/1.1 test client on a raw QTcpSocket, so a test controls every byte it sends (half
 * requests, huge headers, bodies that never come) and sees every byte that comes back. Used from the test
 * thread while the server runs on its worker threads.
 */
class RawHttpClient
{
public:
    struct Response
    {
        int status = 0;
        QByteArray statusLine;
        HttpHeaders headers;
        QByteArray body; ///< decoded (chunks concatenated)
        bool chunked = false;
        QList<QByteArray> chunks; ///< chunk payloads in arrival order
        QList<qint64> chunkArrivalMs; ///< when each chunk was complete, since the request was sent
        qint64 headersArrivalMs = -1;
        bool complete = false; ///< terminator / Content-Length / EOF reached
    };

    RawHttpClient();

    bool connectTo(quint16 port, int timeoutMs = 3000);
    /** Writes @p bytes and waits until they left the socket. Restarts the timing reference. */
    bool send(const QByteArray& bytes);
    /** Writes without restarting the timing reference. */
    bool sendMore(const QByteArray& bytes);
    /**
     * Reads the next response (1xx included) within @p timeoutMs; nullopt on timeout / error. With
     * @p stopAfterChunks > 0, returns as soon as that many chunks of a chunked body arrived (complete=false).
     */
    std::optional<Response> readResponse(int timeoutMs = 5000, int stopAfterChunks = -1);
    /** True if the server closed the connection within @p timeoutMs (any unread data is discarded). */
    bool waitForClosed(int timeoutMs);
    /** Bytes received but not consumed by readResponse(). */
    QByteArray pending() const { return m_buffer; }
    QTcpSocket& socket() { return m_socket; }
    qint64 elapsedMs() const { return m_clock.elapsed(); }
    void abort() { m_socket.abort(); }

    /** Convenience: a GET with Host, optionally extra header lines ("Name: value\r\n..."). */
    static QByteArray get(const QByteArray& target, const QByteArray& extraHeaders = QByteArray());
    static QByteArray post(const QByteArray& target, const QByteArray& body,
                           const QByteArray& extraHeaders = QByteArray());

private:
    enum class Parse { NeedMore, Done, Error };
    Parse tryParse(Response& response, bool eof, int stopAfterChunks);
    bool fill(int timeoutMs);

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QElapsedTimer m_clock;

    // parse state of the response in progress
    bool m_haveHead = false;
    qint64 m_contentLength = -1;
    qsizetype m_bodyPos = 0;
};
