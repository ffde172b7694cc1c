#pragma once

#include "HttpHeaders.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

class QObject;
class ResponseSink;

/**
 * The one way a route handler answers a request. A cheap, copyable handle (shared ownership of the
 * request's ResponseSink): keep a copy for as long as the answer is pending, e.g. captured in the lambda
 * that receives the upstream reply.
 *
 * Every call is safe at any time, also after the client disconnected (qt64-notes L1): writes then do
 * nothing and return false. Exactly one of send()/sendJson()/sendError() or beginStream()...endStream()
 * makes a complete response; further calls return false. If every copy is dropped before the response is
 * complete, the front answers 500 (nothing sent yet) or closes the connection (unfinished stream).
 *
 * `Connection: close` is added, and the connection closed after the response, when the request asked for
 * it, was HTTP/1.0, or the server is shutting down. Content-Length / Transfer-Encoding are always set by the
 * front; such headers in @p extra are ignored, as are headers with CR/LF in them.
 *
 * Threading: use it only on the worker thread that called the handler (all Qt objects of a request live
 * there). To answer from another thread, post back to that thread first (QMetaObject::invokeMethod on a
 * QObject created by the route factory).
 */
class HttpResponder
{
public:
    HttpResponder() = default;
    explicit HttpResponder(std::shared_ptr<ResponseSink> sink);

    /** False for a default-constructed handle. */
    bool isValid() const { return m_sink != nullptr; }
    /** The client is still there and the connection is not being closed. */
    bool isConnected() const;
    /** A complete response has been written (or handed to the kernel). */
    bool isFinished() const;
    /** beginStream() was called and endStream() not yet. */
    bool isStreaming() const;
    /** Bytes accepted but not yet written to the kernel: grows when a streaming client reads slowly. */
    qint64 bytesToWrite() const;

    /** A complete response with `Content-Type: application/json`. */
    bool sendJson(int status, const QByteArray& json, const HttpHeaders& extra = HttpHeaders());
    /**
     * A complete error response in the OpenAI envelope
     * `{"error":{"message":...,"type":...,"param":...,"code":...}}`; a null @p param / @p code becomes JSON
     * null.
     */
    bool sendError(int status, const QString& type, const QString& message, const QString& param = QString(),
                   const QString& code = QString(), const HttpHeaders& extra = HttpHeaders());
    /** A complete response with any content type (empty @p contentType: no Content-Type header). */
    bool send(int status, const QByteArray& contentType, const QByteArray& body,
              const HttpHeaders& extra = HttpHeaders());

    /**
     * Starts a streamed response: status line, `Content-Type: text/event-stream` (unless @p extra has a
     * Content-Type), `Cache-Control: no-cache`, `X-Accel-Buffering: no` and `Transfer-Encoding: chunked`
     * (for an HTTP/1.0 client: no chunking, the body ends when the connection closes).
     */
    bool beginStream(int status = 200, const HttpHeaders& extra = HttpHeaders());
    /** Writes @p data as one chunk and flushes it to the kernel at once. Empty data writes nothing. */
    bool writeChunk(const QByteArray& data);
    /** Ends the stream (`0\r\n\r\n`). */
    bool endStream();

    /**
     * Calls @p callback once, asynchronously on @p context's thread, if the client disconnects before the
     * response is complete: cancel upstream work there. Not called once the response is finished or if
     * @p context is destroyed first. If the client is already gone, the callback is queued at once.
     * The callback may capture this HttpResponder; the front drops the callback when it fires or when the
     * response completes, which breaks the cycle.
     */
    void onDisconnected(QObject* context, std::function<void()> callback) const;

private:
    std::shared_ptr<ResponseSink> m_sink;
};
