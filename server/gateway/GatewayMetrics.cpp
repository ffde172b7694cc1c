#include "GatewayMetrics.h"

#include <QMutexLocker>
#include <QStringList>

namespace {
QByteArray number(double v)
{
    return QByteArray::number(v, 'g', 15);
}
} // namespace

QByteArray GatewayMetrics::escapeLabel(const QString& value)
{
    QByteArray out;
    const QByteArray utf8 = value.toUtf8();
    out.reserve(utf8.size());
    for (char c : utf8) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

void GatewayMetrics::Histogram::observe(double seconds)
{
    size_t i = 0;
    while (i < kBuckets.size() && seconds > kBuckets[i])
        ++i;
    m_buckets[i].fetch_add(1, std::memory_order_relaxed);
    m_sumNs.fetch_add(qint64(seconds * 1e9), std::memory_order_relaxed);
    m_count.fetch_add(1, std::memory_order_relaxed);
}

void GatewayMetrics::Histogram::render(QByteArray& out, const char* name, const char* help) const
{
    out += QByteArray("# HELP ") + name + ' ' + help + '\n';
    out += QByteArray("# TYPE ") + name + " histogram\n";
    qint64 cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += m_buckets[i].load(std::memory_order_relaxed);
        out += QByteArray(name) + "_bucket{le=\"" + number(kBuckets[i]) + "\"} " + QByteArray::number(cumulative)
            + '\n';
    }
    cumulative += m_buckets[kBuckets.size()].load(std::memory_order_relaxed);
    out += QByteArray(name) + "_bucket{le=\"+Inf\"} " + QByteArray::number(cumulative) + '\n';
    out += QByteArray(name) + "_sum " + number(double(m_sumNs.load(std::memory_order_relaxed)) / 1e9) + '\n';
    out += QByteArray(name) + "_count " + QByteArray::number(cumulative) + '\n';
}

void GatewayMetrics::record(const Outcome& o)
{
    m_overhead.observe(double(o.overheadNs) / 1e9);
    if (o.upstreamNs)
        m_upstream.observe(double(*o.upstreamNs) / 1e9);
    if (o.ttftMs)
        m_ttft.observe(double(*o.ttftMs) / 1e3);
    if (o.errorCode.contains(QLatin1String("rate_limit")))
        m_rateLimited.fetch_add(1, std::memory_order_relaxed);
    else if (o.errorCode.endsWith(QLatin1String("_limit_exceeded")))
        m_budgetRejected.fetch_add(1, std::memory_order_relaxed);
    m_retries.fetch_add(o.retries, std::memory_order_relaxed);
    m_failovers.fetch_add(o.failovers, std::memory_order_relaxed);
    const QString key = o.provider + QChar(0x1f) + o.model + QChar(0x1f) + o.status;
    QMutexLocker lock(&m_mutex);
    LabelCounts& c = m_byLabels[key];
    ++c.requests;
    c.inputTokens += o.inputTokens;
    c.outputTokens += o.outputTokens;
    c.costMicros += o.costMicros.value_or(0);
}

QByteArray GatewayMetrics::render() const
{
    QHash<QString, LabelCounts> copy;
    {
        QMutexLocker lock(&m_mutex);
        copy = m_byLabels;
    }
    QStringList keys = copy.keys();
    keys.sort();
    QByteArray out;
    const auto family = [&out](const char* name, const char* type, const char* help) {
        out += QByteArray("# HELP ") + name + ' ' + help + '\n';
        out += QByteArray("# TYPE ") + name + ' ' + type + '\n';
    };
    const auto labels = [](const QString& key, bool withStatus) {
        const QStringList parts = key.split(QChar(0x1f));
        QByteArray l = "provider=\"" + escapeLabel(parts.value(0)) + "\",model=\"" + escapeLabel(parts.value(1)) + '"';
        if (withStatus)
            l += ",status=\"" + escapeLabel(parts.value(2)) + '"';
        return l;
    };
    family("aigw_requests_total", "counter", "Gateway requests by provider, model and outcome.");
    for (const QString& k : keys)
        out += "aigw_requests_total{" + labels(k, true) + "} " + QByteArray::number(copy.value(k).requests) + '\n';
    // Tokens and cost per provider and model, summed over the statuses.
    QHash<QString, LabelCounts> byModel;
    QStringList modelKeys;
    for (const QString& k : keys) {
        const QString mk = k.section(QChar(0x1f), 0, 1);
        if (!byModel.contains(mk))
            modelKeys << mk;
        LabelCounts& m = byModel[mk];
        const LabelCounts& c = copy.value(k);
        m.inputTokens += c.inputTokens;
        m.outputTokens += c.outputTokens;
        m.costMicros += c.costMicros;
    }
    family("aigw_tokens_total", "counter", "Tokens by provider, model and direction.");
    for (const QString& k : modelKeys) {
        out += "aigw_tokens_total{" + labels(k, false) + ",type=\"input\"} "
            + QByteArray::number(byModel.value(k).inputTokens) + '\n';
        out += "aigw_tokens_total{" + labels(k, false) + ",type=\"output\"} "
            + QByteArray::number(byModel.value(k).outputTokens) + '\n';
    }
    family("aigw_cost_usd_total", "counter", "Cost in US dollars by provider and model.");
    for (const QString& k : modelKeys)
        out += "aigw_cost_usd_total{" + labels(k, false) + "} " + number(double(byModel.value(k).costMicros) / 1e6)
            + '\n';
    family("aigw_rejections_total", "counter", "Requests rejected before the upstream call, by reason.");
    out += "aigw_rejections_total{reason=\"rate_limit\"} " + QByteArray::number(m_rateLimited.load()) + '\n';
    out += "aigw_rejections_total{reason=\"budget\"} " + QByteArray::number(m_budgetRejected.load()) + '\n';
    family("aigw_upstream_retries_total", "counter", "Upstream attempts retried on the same model.");
    out += "aigw_upstream_retries_total " + QByteArray::number(m_retries.load()) + '\n';
    family("aigw_upstream_failovers_total", "counter", "Fail-overs to the next model of the chain.");
    out += "aigw_upstream_failovers_total " + QByteArray::number(m_failovers.load()) + '\n';
    m_overhead.render(out, "aigw_gateway_overhead_seconds", "Gateway time before the first upstream call.");
    m_upstream.render(out, "aigw_upstream_latency_seconds", "Time from the first upstream call to the end.");
    m_ttft.render(out, "aigw_time_to_first_token_seconds", "Time to the first streamed token.");
    return out;
}
