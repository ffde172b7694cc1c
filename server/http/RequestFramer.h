#pragma once

#include "HttpServerOptions.h"
#include "RequestHead.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

/**
 * Incremental HTTP/1.x request parsing for HttpConnection: finds where each request's head and body end
 * (Content-Length or chunked), collects the decoded body, enforces the size limits and refuses what a
 * front must not guess about (obs-fold, trailers, conflicting Content-Length, bare CR, ...), so the
 * connection can answer 413/431/400 as soon as the head shows it, before any body is buffered.
 *
 * Leading blank lines before a request line are skipped and head lines may end in CRLF or LF; chunked
 * bodies must use CRLF.
 *
 * Pure logic: no sockets, no timers.
 */
class RequestFramer
{
public:
    /** Why a request is refused; the guard answers with this status and closes the connection. */
    struct Rejection
    {
        int status = 400;
        QString code; ///< machine-readable code for the JSON envelope
        QString message;
    };

    /** A request whose last byte has arrived: its head and its decoded body. */
    struct Request
    {
        RequestHead head;
        QByteArray body; ///< Content-Length bytes, or the chunks' payload joined
    };

    /** What one call to feed() produced. */
    struct FeedResult
    {
        QList<RequestHead> heads; ///< heads completed by these bytes, in order
        int requestsCompleted = 0; ///< requests whose last byte was in these bytes
        QList<Request> requests; ///< those requests, in order (requests.size() == requestsCompleted)
        std::optional<Rejection> rejection; ///< set once; the framer then ignores further input
    };

    explicit RequestFramer(const HttpServerOptions& options = HttpServerOptions());

    /** Consumes @p data. @p nowNs stamps RequestHead::startedAtNs of requests that begin here. */
    FeedResult feed(QByteArrayView data, qint64 nowNs);

    /** True between the first byte of a request and its last one. */
    bool inRequest() const { return m_state != State::BetweenRequests && m_state != State::Failed; }
    /** True while the head of the current request is incomplete. */
    bool inHead() const { return m_state == State::Head; }
    /** startedAtNs of the request in progress (valid while inRequest()). */
    qint64 currentStartNs() const { return m_startedAtNs; }
    bool failed() const { return m_state == State::Failed; }

private:
    enum class State {
        BetweenRequests,
        Head,
        Body,
        ChunkSize,
        ChunkData,
        ChunkDataCr,
        ChunkDataLf,
        LastChunkCr,
        LastChunkLf,
        Failed,
    };

    std::optional<Rejection> processLine(QByteArrayView line, FeedResult& result);
    std::optional<Rejection> parseRequestLine(QByteArrayView line);
    std::optional<Rejection> parseHeaderLine(QByteArrayView line);
    std::optional<Rejection> finishHead(FeedResult& result);
    std::optional<Rejection> parseChunkSize(QByteArrayView line);
    void completeRequest(FeedResult& result);
    static Rejection reject(int status, const char* code, const QString& message);

    HttpServerOptions m_options;
    State m_state = State::BetweenRequests;

    // Current head.
    RequestHead m_head;
    QByteArray m_line; ///< current line (head or chunk-size line) without its terminator
    qint64 m_headBytes = 0;
    int m_headerLines = 0;
    bool m_requestLineDone = false;
    qint64 m_startedAtNs = 0;

    // Current body.
    qint64 m_bodyRemaining = 0; ///< Content-Length bytes or bytes of the current chunk still expected
    qint64 m_bodyDecoded = 0; ///< chunk payload bytes so far
    qint64 m_bodyRaw = 0; ///< chunked body bytes including framing
    QByteArray m_body; ///< decoded body of the current request so far
};
