#pragma once

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

#include <array>
#include <atomic>
#include <optional>

/**
 * Process-wide counters and histograms for GET /metrics, fed by the pipeline (AccountingStage) from every
 * worker thread. Histograms are lock-free atomics; the per-label counters (provider, model, status) sit
 * behind one mutex held for a hash update only. render() writes the Prometheus text exposition format.
 */
class GatewayMetrics
{
public:
    /** Upper bounds of the latency histogram buckets, in seconds (+Inf is implicit). */
    static constexpr std::array<double, 14> kBuckets
        = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    struct Outcome
    {
        QString provider;
        QString model;
        QString status; ///< success | error | rejected | cancelled
        QString errorCode; ///< rate_limit_exceeded, daily_cost_limit_exceeded, ...
        qint64 inputTokens = 0;
        qint64 outputTokens = 0;
        std::optional<qint64> costMicros;
        qint64 overheadNs = 0; ///< gateway time before the first upstream call (all of it when there was none)
        std::optional<qint64> upstreamNs; ///< first upstream call to the end, when there was one
        std::optional<int> ttftMs;
        int retries = 0;
        int failovers = 0;
    };

    GatewayMetrics() = default;
    Q_DISABLE_COPY_MOVE(GatewayMetrics)

    void record(const Outcome& outcome);

    /** The counters and histograms as Prometheus text (HELP/TYPE lines included). */
    QByteArray render() const;

    /** Escapes a label value for the text format (backslash, double quote, newline). */
    static QByteArray escapeLabel(const QString& value);

private:
    class Histogram
    {
    public:
        void observe(double seconds);
        void render(QByteArray& out, const char* name, const char* help) const;

    private:
        std::array<std::atomic<qint64>, kBuckets.size() + 1> m_buckets{};
        std::atomic<qint64> m_sumNs{0};
        std::atomic<qint64> m_count{0};
    };
    struct LabelCounts
    {
        qint64 requests = 0;
        qint64 inputTokens = 0;
        qint64 outputTokens = 0;
        qint64 costMicros = 0;
    };

    Histogram m_overhead;
    Histogram m_upstream;
    Histogram m_ttft;
    std::atomic<qint64> m_rateLimited{0};
    std::atomic<qint64> m_budgetRejected{0};
    std::atomic<qint64> m_retries{0};
    std::atomic<qint64> m_failovers{0};
    mutable QMutex m_mutex;
    QHash<QString, LabelCounts> m_byLabels; ///< key: provider \x1f model \x1f status
};
