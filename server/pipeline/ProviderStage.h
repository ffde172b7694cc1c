#pragma once

#include "http/HttpResponder.h"
#include "pipeline/GatewayError.h"
#include "providers/UpstreamError.h"
#include "upstream/UpstreamResult.h"

#include <QBasicTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

class AdapterRegistry;
class CircuitBreakerRegistry;
class CurlMulti;
class PriceTable;
class ProviderAdapter;
class StreamEncoder;
class StreamTranslator;
class UpstreamCall;
struct GatewayConfig;
struct RequestContext;
struct RouteCandidate;

/**
 * Pipeline stage 5: calls the providers of the route plan until one answers.
 *
 * Per model: retries with exponential backoff and jitter on 429, 5xx, resets and timeouts before the first
 * byte reached the client (honouring the upstream's Retry-After when it fits), up to maxAttemptsPerModel;
 * then it fails over to the next model of the plan. A context-length or content-policy refusal is never
 * retried on the same model; other 4xx are the client's and end the request. A circuit breaker per
 * upstream skips a provider that keeps failing.
 *
 * Streaming: the client's response starts with the first event the upstream sends, so a failure before
 * that still fails over invisibly; after it, a cut, stall or malformed event ends the client's stream with
 * an error event and no [DONE] — a stream is never stitched from two models. A client that disconnects
 * aborts the upstream call.
 *
 * finished() reports the final error when no model answered (the caller sends it) or nothing when the
 * answer — or an error inside an already started stream — was sent.
 */
class ProviderStage : public QObject
{
    Q_OBJECT

public:
    struct Dependencies
    {
        CurlMulti* multi = nullptr;
        const AdapterRegistry* adapters = nullptr;
        CircuitBreakerRegistry* breakers = nullptr;
        const GatewayConfig* config = nullptr;
        /** Prices for the `cost` member (AccountingStage::costJson). */
        const PriceTable* prices = nullptr;
    };
    struct Counters
    {
        int retries = 0;
        int failovers = 0;
    };

    ProviderStage(RequestContext& context, HttpResponder responder, Dependencies deps, QObject* parent = nullptr);
    ~ProviderStage() override;

    void start();
    bool cancelled() const { return m_cancelled; }
    bool streamStarted() const { return m_streamStarted; }
    const Counters& counters() const { return m_counters; }
    /** The failed attempts, one line each ("openai/gpt-4.1: 503 ..."), for the log. */
    const QStringList& attemptTrail() const { return m_trail; }

Q_SIGNALS:
    void finished(std::optional<GatewayError> error);

protected:
    void timerEvent(QTimerEvent* event) override;

private:
    enum class Failure { None, Retry, NextModel, Final };

    void startAttempt();
    void onHeaders(int status, const QList<QPair<QByteArray, QByteArray>>& headers);
    void onData(const QByteArray& chunk);
    void onFinished(const UpstreamResult& result);
    void handleEvents(const QList<struct StreamEvent>& events);
    void succeedNonStreaming(const QByteArray& body);
    void fail(const UpstreamError& error, bool transport);
    void finishWith(std::optional<GatewayError> error);
    void endStreamWithError(const UpstreamError& error);
    GatewayError finalError(const UpstreamError& error) const;
    UpstreamError transportError(const UpstreamResult& result) const;
    const RouteCandidate& candidate() const;
    void releaseCall();

    RequestContext& m_ctx;
    HttpResponder m_responder;
    Dependencies m_deps;
    const ProviderAdapter* m_adapter = nullptr;
    QPointer<UpstreamCall> m_call;
    std::unique_ptr<StreamTranslator> m_translator;
    std::unique_ptr<StreamEncoder> m_encoder;
    int m_candidate = 0;
    int m_attemptsOnModel = 0;
    int m_attemptSerial = 0; ///< bumped when an attempt ends, so stale callbacks can tell
    int m_status = 0;
    QList<QPair<QByteArray, QByteArray>> m_upstreamHeaders;
    QByteArray m_errorBody;
    bool m_streamStarted = false;
    bool m_cancelled = false;
    bool m_done = false;
    Counters m_counters;
    QStringList m_trail;
    qint64 m_attemptStartNs = 0;
    QBasicTimer m_retryTimer;
    QBasicTimer m_firstEventTimer;
    std::optional<UpstreamError> m_lastError;
};
