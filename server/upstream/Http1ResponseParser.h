#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

/**
 * Reads one HTTP/1.x response at a time from the bytes of a connection: the header lines (interim 1xx
 * blocks included, as they arrive), then the body with its framing removed (Content-Length, chunked, or up
 * to the end of the connection), then whether the connection can carry another exchange.
 *
 * Pull style, so that the caller can stop or be deleted between two pieces: put received bytes in with
 * receiveBuffer() and received(), then call next() until it says NeedMore. The views that next() returns
 * point into the parser's buffer and stay valid until the next receiveBuffer() or reset().
 *
 * Lenient where libcurl is (bare LF line ends, obsolete header folding passed through), strict where a
 * mistake would mix up two responses on a kept-alive connection (status line, Content-Length, chunk sizes).
 */
class Http1ResponseParser
{
public:
    enum class Kind {
        NeedMore, ///< everything received so far has been handed out
        HeaderLine, ///< a status line, a header field line, or the empty line that ends a header block
        Body, ///< response body bytes (framing removed)
        Complete, ///< the response is over; see keepAlive() and surplus()
        Malformed, ///< not a valid HTTP/1.x response; see errorText(); the connection is unusable
        Truncated, ///< the connection ended before the response did; see errorText()
    };

    struct Piece
    {
        Kind kind = Kind::NeedMore;
        /** The line without its line end (HeaderLine) or the body bytes (Body). */
        QByteArrayView data;
    };

    /** Largest header section (all header blocks of one response) accepted: 100 KiB, like libcurl. */
    static constexpr qsizetype MaxHeaderBytes = 100 * 1024;

    /** Starts a new response. @p headRequest: the request was HEAD, so no body follows the headers. */
    void reset(bool headRequest);

    /** Space for at least @p bytes more input; write into it, then call received(). */
    char* receiveBuffer(qsizetype bytes);
    /** @p bytes of the space from receiveBuffer() now hold input. */
    void received(qsizetype bytes);
    /** The connection was closed by the peer: no more input. */
    void endOfInput();

    /** The next piece of the response. Call again after Body and HeaderLine. */
    Piece next();

    /** Input of this response has arrived (for telling a dead kept-alive connection from a failed response). */
    bool anyInput() const { return m_anyInput; }
    /** After Complete: the connection may carry the next exchange (HTTP/1.1, no Connection: close, framed body).
     *  HTTP/1.0 connections are never kept. */
    bool keepAlive() const;
    /** After Complete: bytes arrived beyond the end of the response. */
    bool surplus() const { return m_pos < m_buffer.size(); }
    /** 10 or 11 once a status line was read, else 0. */
    int httpVersion() const { return m_version; }
    QString errorText() const { return m_error; }

private:
    enum class State {
        StatusLine,
        HeaderLines,
        FixedBody,
        UntilClose,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Done,
        Failed,
    };

    /** Takes the next line (without its line end) into @p line; false if none is complete yet. */
    bool takeLine(QByteArrayView* line);
    Piece statusLine(QByteArrayView line);
    Piece headerLine(QByteArrayView line);
    Piece endOfHeaders();
    Piece bodyBytes(State next);
    Piece fail(Kind kind, const QString& error);

    QByteArray m_buffer;
    qsizetype m_pos = 0;
    bool m_eof = false;
    bool m_anyInput = false;
    bool m_head = false;
    State m_state = State::StatusLine;
    qsizetype m_headerBytes = 0;

    int m_version = 0;
    int m_status = 0;
    /** Content-Length of the current block, -1 when none was given. */
    qint64 m_contentLength = -1;
    bool m_chunked = false;
    bool m_anyTransferEncoding = false;
    bool m_connectionClose = false;
    /** Bytes left in a Content-Length body or in the current chunk. */
    qint64 m_remaining = 0;
    QString m_error;
};
