#include "ResponseSink.h"

#include "HttpConnection.h"
#include "HttpWire.h"

#include "util/ByteSink.h"
#include "util/LogCategories.h"

#include <QThread>

std::shared_ptr<ResponseSink> ResponseSink::create(HttpConnection* connection, const Params& params,
                                                   std::shared_ptr<HttpServerCounters> counters)
{
    std::shared_ptr<ResponseSink> sink(new ResponseSink(connection, params, std::move(counters)));
    sink->wire();
    return sink;
}

ResponseSink::ResponseSink(HttpConnection* connection, const Params& params,
                           std::shared_ptr<HttpServerCounters> counters)
    : m_connection(connection)
    , m_params(params)
    , m_counters(std::move(counters))
    , m_thread(QThread::currentThread())
{
    m_counters->inFlightRequests.fetch_add(1, std::memory_order_relaxed);
}

ResponseSink::~ResponseSink()
{
    if (m_state == State::Fresh && isConnected()) {
        qCWarning(lcServer) << "request" << m_params.requestId << "was dropped by its handler without a response";
        const QByteArray body = HttpWire::errorBody(QStringLiteral("server_error"),
                                                    QStringLiteral("The server did not produce a response."), QString(),
                                                    QStringLiteral("internal_error"));
        send(500, "application/json", body, HttpHeaders());
    } else if (m_state == State::Streaming) {
        qCWarning(lcServer) << "stream of request" << m_params.requestId << "was dropped without endStream()";
        m_state = State::Finished;
        complete();
        if (m_connection)
            m_connection->responseFinished(true); // the client sees the stream end without its terminator
    }
    complete();
    unwire();
}

void ResponseSink::wire()
{
    if (!m_connection)
        return;
    std::weak_ptr<ResponseSink> weak = weak_from_this();
    m_disconnectedConnection
        = QObject::connect(m_connection.data(), &HttpConnection::disconnected, m_connection.data(), [weak] {
              if (auto self = weak.lock())
                  self->handleClientGone();
          });
    m_destroyedConnection = QObject::connect(m_connection.data(), &QObject::destroyed, m_connection.data(), [weak] {
        if (auto self = weak.lock())
            self->handleClientGone();
    });
}

void ResponseSink::unwire()
{
    QObject::disconnect(m_disconnectedConnection);
    QObject::disconnect(m_destroyedConnection);
    m_disconnectedConnection = {};
    m_destroyedConnection = {};
}

bool ResponseSink::isConnected() const
{
    return m_state != State::Gone && m_connection && !m_connection->isClosing();
}

qint64 ResponseSink::bytesToWrite() const
{
    return m_connection ? m_connection->bytesToWrite() : 0;
}

void ResponseSink::handleClientGone()
{
    unwire();
    if (m_state == State::Finished || m_state == State::Gone)
        return;
    m_state = State::Gone;
    complete();
    const auto callbacks = std::exchange(m_disconnectCallbacks, {});
    for (const auto& [context, callback] : callbacks) {
        if (context)
            QMetaObject::invokeMethod(context.data(), callback, Qt::QueuedConnection);
    }
}

void ResponseSink::onDisconnected(QObject* context, std::function<void()> callback)
{
    if (!onOwnThread("onDisconnected()"))
        return;
    if (!context || !callback) {
        qCWarning(lcServer) << "onDisconnected needs a context object and a callback";
        return;
    }
    switch (m_state) {
    case State::Fresh:
    case State::Streaming:
        if (!m_connection || !m_connection->isOpen()) {
            // Gone, but the disconnected signal has not been delivered to us yet.
            QMetaObject::invokeMethod(context, std::move(callback), Qt::QueuedConnection);
            return;
        }
        m_disconnectCallbacks.append({QPointer<QObject>(context), std::move(callback)});
        return;
    case State::Gone:
        QMetaObject::invokeMethod(context, std::move(callback), Qt::QueuedConnection);
        return;
    case State::Finished:
        return;
    }
}

void ResponseSink::complete()
{
    if (m_completed)
        return;
    m_completed = true;
    m_counters->inFlightRequests.fetch_sub(1, std::memory_order_relaxed);
}

void ResponseSink::finish()
{
    m_state = State::Finished;
    m_disconnectCallbacks.clear(); // breaks handle <-> callback cycles
    unwire();
    complete();
    if (m_connection)
        m_connection->responseFinished(m_closeAfter);
}

bool ResponseSink::onOwnThread(const char* what) const
{
    if (QThread::currentThread() == m_thread)
        return true;
    qCCritical(lcServer) << what << "called from another thread for request" << m_params.requestId
                         << "- refused; post to the worker thread first";
    return false;
}

bool ResponseSink::writeRaw(const QByteArray& bytes)
{
    if (!isConnected())
        return false;
    // Straight to the kernel when it takes it: an SSE event must not wait for the next event-loop pass.
    return m_connection->write(bytes);
}

QByteArray ResponseSink::headerBlock(int status, const QByteArray& contentType, const HttpHeaders& extra,
                                     qint64 contentLength, bool stream, QByteArrayView body)
{
    m_closeAfter = !m_params.keepAlive || m_params.httpMinor == 0 || !m_connection || m_connection->isDraining();
    // Reserved for the whole, then written through a pointer: QByteArray::append() is an out-of-line call per
    // piece, and this runs for every response.
    qsizetype size = 160 + contentType.size() + body.size(); // the status line and our own fields
    for (const auto& [name, value] : extra.fields())
        size += name.size() + value.size() + 4;
    QByteArray out;
    out.reserve(size);
    {
        ByteSink sink(out); // gives out its final size when it goes
        sink.append("HTTP/1.1 ");
        sink.appendNumber(status);
        sink.append(' ');
        sink.append(HttpWire::reasonPhrase(status));
        sink.append("\r\n");
        bool haveContentType = false;
        bool haveCacheControl = false;
        for (const auto& [name, value] : extra.fields()) {
            if (!HttpHeaders::isValidName(name) || !HttpHeaders::isValidValue(value)) {
                qCWarning(lcServer) << "dropping invalid response header" << name;
                continue;
            }
            if (HttpHeaders::sameName(name, "content-length") || HttpHeaders::sameName(name, "transfer-encoding")) {
                continue; // framing is ours
            }
            if (HttpHeaders::sameName(name, "connection")) {
                if (value.trimmed().compare("close", Qt::CaseInsensitive) == 0)
                    m_closeAfter = true;
                continue;
            }
            if (HttpHeaders::sameName(name, "content-type"))
                haveContentType = true;
            if (HttpHeaders::sameName(name, "cache-control"))
                haveCacheControl = true;
            sink.append(name);
            sink.append(": ");
            sink.append(value);
            sink.append("\r\n");
        }
        if (stream && m_params.httpMinor == 0)
            m_closeAfter = true; // HTTP/1.0 has no chunked encoding: the body ends when the connection does
        if (!haveContentType && !contentType.isEmpty()) {
            sink.append("Content-Type: ");
            sink.append(contentType);
            sink.append("\r\n");
        }
        if (stream) {
            if (!haveCacheControl)
                sink.append("Cache-Control: no-cache\r\n");
            sink.append("X-Accel-Buffering: no\r\n");
            if (m_params.httpMinor >= 1)
                sink.append("Transfer-Encoding: chunked\r\n");
        } else {
            sink.append("Content-Length: ");
            sink.appendNumber(contentLength);
            sink.append("\r\n");
        }
        if (m_closeAfter)
            sink.append("Connection: close\r\n");
        sink.append("\r\n");
        sink.append(body);
    }
    return out;
}

bool ResponseSink::send(int status, const QByteArray& contentType, const QByteArray& body, const HttpHeaders& extra)
{
    if (!onOwnThread("send()"))
        return false;
    if (m_state != State::Fresh) {
        if (m_state != State::Gone)
            qCWarning(lcServer) << "request" << m_params.requestId << "already has a response; send() ignored";
        return false;
    }
    if (!isConnected())
        return false;
    const QByteArray out
        = headerBlock(status, contentType, extra, body.size(), false, m_params.headRequest ? QByteArrayView() : body);
    m_state = State::Finished;
    const bool ok = writeRaw(out);
    finish();
    return ok;
}

bool ResponseSink::beginStream(int status, const HttpHeaders& extra)
{
    if (!onOwnThread("beginStream()"))
        return false;
    if (m_state != State::Fresh) {
        if (m_state != State::Gone)
            qCWarning(lcServer) << "request" << m_params.requestId << "already has a response; beginStream() ignored";
        return false;
    }
    if (!isConnected())
        return false;
    const QByteArray out = headerBlock(status, "text/event-stream", extra, -1, true);
    m_state = State::Streaming;
    return writeRaw(out);
}

bool ResponseSink::writeChunk(QByteArrayView data)
{
    if (!onOwnThread("writeChunk()"))
        return false;
    if (m_state != State::Streaming)
        return false;
    if (data.isEmpty())
        return isConnected(); // an empty chunk would end the stream
    QByteArray out;
    if (m_params.httpMinor >= 1) {
        out.reserve(data.size() + 16);
        out += QByteArray::number(data.size(), 16);
        out += "\r\n";
        out += data;
        out += "\r\n";
    } else {
        out = data.toByteArray();
    }
    return writeRaw(out);
}

bool ResponseSink::endStream()
{
    if (!onOwnThread("endStream()"))
        return false;
    if (m_state != State::Streaming)
        return false;
    bool ok = true;
    if (m_params.httpMinor >= 1)
        ok = writeRaw(QByteArrayLiteral("0\r\n\r\n"));
    else
        ok = isConnected();
    if (m_state == State::Gone)
        return false;
    finish();
    return ok;
}
