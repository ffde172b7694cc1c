#include "RawHttpClient.h"

#include <QDeadlineTimer>
#include <QHostAddress>

RawHttpClient::RawHttpClient()
{
    m_clock.start();
}

bool RawHttpClient::connectTo(quint16 port, int timeoutMs)
{
    m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    return m_socket.waitForConnected(timeoutMs);
}

bool RawHttpClient::send(const QByteArray& bytes)
{
    m_clock.restart();
    return sendMore(bytes);
}

bool RawHttpClient::sendMore(const QByteArray& bytes)
{
    if (m_socket.state() != QAbstractSocket::ConnectedState)
        return false;
    if (m_socket.write(bytes) != bytes.size())
        return false;
    while (m_socket.bytesToWrite() > 0) {
        if (!m_socket.waitForBytesWritten(3000))
            return false;
    }
    return true;
}

QByteArray RawHttpClient::get(const QByteArray& target, const QByteArray& extraHeaders)
{
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
}

QByteArray RawHttpClient::post(const QByteArray& target, const QByteArray& body, const QByteArray& extraHeaders)
{
    return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n" + extraHeaders + "\r\n" + body;
}

bool RawHttpClient::fill(int timeoutMs)
{
    if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(timeoutMs))
        return false;
    m_buffer += m_socket.readAll();
    return true;
}

RawHttpClient::Parse RawHttpClient::tryParse(Response& response, bool eof, int stopAfterChunks)
{
    if (!m_haveHead) {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return Parse::NeedMore;
        const QList<QByteArray> lines = m_buffer.left(end).split('\n');
        response.statusLine = lines.value(0).trimmed();
        const QList<QByteArray> parts = response.statusLine.split(' ');
        if (parts.size() < 2 || !parts[0].startsWith("HTTP/1."))
            return Parse::Error;
        response.status = parts[1].toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                response.headers.append(line.left(colon).trimmed(), line.mid(colon + 1).trimmed());
        }
        m_buffer.remove(0, end + 4);
        m_haveHead = true;
        m_bodyPos = 0;
        response.headersArrivalMs = m_clock.elapsed();
        response.chunked = response.headers.value("transfer-encoding").toLower() == "chunked";
        const QByteArray length = response.headers.value("content-length");
        m_contentLength = length.isNull() ? -1 : length.toLongLong();
        if (response.status < 200 || response.status == 204 || response.status == 304) {
            m_contentLength = 0;
            response.chunked = false;
        }
    }
    if (response.chunked) {
        for (;;) {
            const qsizetype lineEnd = m_buffer.indexOf("\r\n");
            if (lineEnd < 0)
                return Parse::NeedMore;
            bool ok = false;
            const qint64 size = m_buffer.left(lineEnd).split(';').value(0).trimmed().toLongLong(&ok, 16);
            if (!ok)
                return Parse::Error;
            if (size == 0) {
                if (m_buffer.size() < lineEnd + 4)
                    return Parse::NeedMore;
                if (m_buffer.mid(lineEnd + 2, 2) != "\r\n")
                    return Parse::Error;
                m_buffer.remove(0, lineEnd + 4);
                response.complete = true;
                return Parse::Done;
            }
            if (m_buffer.size() < lineEnd + 2 + size + 2)
                return Parse::NeedMore;
            const QByteArray data = m_buffer.mid(lineEnd + 2, size);
            if (m_buffer.mid(lineEnd + 2 + size, 2) != "\r\n")
                return Parse::Error;
            response.chunks.append(data);
            response.chunkArrivalMs.append(m_clock.elapsed());
            response.body += data;
            m_buffer.remove(0, lineEnd + 2 + size + 2);
            if (stopAfterChunks > 0 && response.chunks.size() >= stopAfterChunks)
                return Parse::Done;
        }
    }
    if (m_contentLength >= 0) {
        if (m_buffer.size() < m_contentLength)
            return Parse::NeedMore;
        response.body = m_buffer.left(m_contentLength);
        m_buffer.remove(0, m_contentLength);
        response.complete = true;
        return Parse::Done;
    }
    // close-delimited
    if (!eof)
        return Parse::NeedMore;
    response.body = m_buffer;
    m_buffer.clear();
    response.complete = true;
    return Parse::Done;
}

std::optional<RawHttpClient::Response> RawHttpClient::readResponse(int timeoutMs, int stopAfterChunks)
{
    Response response;
    m_haveHead = false;
    m_contentLength = -1;
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        m_buffer += m_socket.readAll();
        const bool eof = m_socket.state() != QAbstractSocket::ConnectedState;
        switch (tryParse(response, eof, stopAfterChunks)) {
        case Parse::Done:
            return response;
        case Parse::Error:
            return std::nullopt;
        case Parse::NeedMore:
            break;
        }
        if (eof || deadline.hasExpired())
            return std::nullopt;
        if (!fill(int(qMax<qint64>(1, qMin<qint64>(deadline.remainingTime(), 50))))) {
            if (m_socket.state() != QAbstractSocket::ConnectedState)
                continue; // one more parse for close-delimited bodies
        }
    }
}

bool RawHttpClient::waitForClosed(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_socket.state() == QAbstractSocket::ConnectedState) {
        if (deadline.hasExpired())
            return false;
        m_socket.waitForReadyRead(int(qMax<qint64>(1, qMin<qint64>(deadline.remainingTime(), 50))));
        m_buffer += m_socket.readAll();
    }
    return true;
}
