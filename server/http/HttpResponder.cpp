#include "HttpResponder.h"

#include "HttpWire.h"
#include "ResponseSink.h"

HttpResponder::HttpResponder(std::shared_ptr<ResponseSink> sink)
    : m_sink(std::move(sink))
{ }

bool HttpResponder::isConnected() const
{
    return m_sink && m_sink->isConnected();
}

bool HttpResponder::isFinished() const
{
    return m_sink && m_sink->isFinished();
}

bool HttpResponder::isStreaming() const
{
    return m_sink && m_sink->isStreaming();
}

qint64 HttpResponder::bytesToWrite() const
{
    return m_sink ? m_sink->bytesToWrite() : 0;
}

bool HttpResponder::sendJson(int status, const QByteArray& json, const HttpHeaders& extra)
{
    return m_sink && m_sink->send(status, "application/json", json, extra);
}

bool HttpResponder::sendError(int status, const QString& type, const QString& message, const QString& param,
                              const QString& code, const HttpHeaders& extra)
{
    return m_sink && m_sink->send(status, "application/json", HttpWire::errorBody(type, message, param, code), extra);
}

bool HttpResponder::send(int status, const QByteArray& contentType, const QByteArray& body, const HttpHeaders& extra)
{
    return m_sink && m_sink->send(status, contentType, body, extra);
}

bool HttpResponder::beginStream(int status, const HttpHeaders& extra)
{
    return m_sink && m_sink->beginStream(status, extra);
}

bool HttpResponder::writeChunk(const QByteArray& data)
{
    return m_sink && m_sink->writeChunk(data);
}

bool HttpResponder::endStream()
{
    return m_sink && m_sink->endStream();
}

void HttpResponder::onDisconnected(QObject* context, std::function<void()> callback) const
{
    if (m_sink)
        m_sink->onDisconnected(context, std::move(callback));
}
