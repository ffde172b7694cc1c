#pragma once

#include "UpstreamCall.h"

#include <QElapsedTimer>
#include <QList>
#include <QPointer>

#include <functional>

/**
 * Test helper: records everything one UpstreamCall emits (headers, chunks with arrival times, the result)
 * and checks the signal order as it goes. It does not own the call.
 */
class CallRecorder
{
public:
    explicit CallRecorder(UpstreamCall* call)
        : m_call(call)
    {
        m_clock.start();
        QObject::connect(call, &UpstreamCall::headersReceived, call,
                         [this](int status, const UpstreamHeaders& headers) {
                             ++headersCount;
                             orderOk = orderOk && finishedCount == 0 && chunks.isEmpty();
                             this->status = status;
                             this->headers = headers;
                         });
        QObject::connect(call, &UpstreamCall::dataReceived, call, [this](const QByteArray& chunk) {
            orderOk = orderOk && headersCount == 1 && finishedCount == 0;
            chunks.append(chunk);
            chunkTimesMs.append(m_clock.elapsed());
            if (onData) {
                onData(chunk);
            }
        });
        QObject::connect(call, &UpstreamCall::finished, call, [this](const UpstreamResult& result) {
            ++finishedCount;
            this->result = result;
            finishedAtMs = m_clock.elapsed();
            if (onFinished) {
                onFinished(result);
            }
        });
    }

    QByteArray body() const
    {
        QByteArray all;
        for (const QByteArray& chunk : chunks) {
            all += chunk;
        }
        return all;
    }

    QByteArray header(const QByteArray& name) const
    {
        for (const auto& [key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0) {
                return value;
            }
        }
        return {};
    }

    bool done() const { return finishedCount > 0; }

    int headersCount = 0;
    int status = 0;
    UpstreamHeaders headers;
    QList<QByteArray> chunks;
    QList<qint64> chunkTimesMs;
    int finishedCount = 0;
    qint64 finishedAtMs = -1;
    UpstreamResult result;
    bool orderOk = true;
    std::function<void(const QByteArray&)> onData;
    std::function<void(const UpstreamResult&)> onFinished;

private:
    QPointer<UpstreamCall> m_call;
    QElapsedTimer m_clock;
};
