#include "MetricsEndpoint.h"

#include "accounting/RequestLogWriter.h"
#include "gateway/GatewayServices.h"
#include "http/HttpRouter.h"
#include "security/ConstantTime.h"
#include "util/Clock.h"

#include <QStringList>

namespace {
void gauge(QByteArray& out, const char* name, const char* type, const char* help, qint64 value)
{
    out += QByteArray("# HELP ") + name + ' ' + help + '\n';
    out += QByteArray("# TYPE ") + name + ' ' + type + '\n';
    out += QByteArray(name) + ' ' + QByteArray::number(value) + '\n';
}
} // namespace

void MetricsEndpoint::install(HttpRouter& router, GatewayServices& services)
{
    GatewayServices* s = &services;
    router.addRoute("GET", QStringLiteral("/metrics"), [s](const HttpRequest& request, HttpResponder responder) {
        if (!s->config.metricsToken.isEmpty()) {
            const QByteArray expected = "Bearer " + s->config.metricsToken.toUtf8();
            if (!ConstantTime::equals(request.header("Authorization").trimmed(), expected)) {
                responder.sendError(401, QStringLiteral("authentication_error"),
                                    QStringLiteral("the metrics endpoint requires its bearer token"), QString(),
                                    QStringLiteral("unauthenticated"), HttpHeaders{{"WWW-Authenticate", "Bearer"}});
                return;
            }
        }
        QByteArray out = s->metrics.render();
        out += "# HELP aigw_circuit_breaker_state Circuit breaker per upstream: 0 closed, 1 half-open, 2 open.\n"
               "# TYPE aigw_circuit_breaker_state gauge\n";
        const auto states = s->breakers.states(Clock::instance().nowMs());
        QStringList upstreams = states.keys();
        upstreams.sort();
        for (const QString& u : upstreams) {
            const auto st = states.value(u);
            const int v = st == CircuitBreakerRegistry::State::Open ? 2
                : st == CircuitBreakerRegistry::State::HalfOpen     ? 1
                                                                    : 0;
            out += "aigw_circuit_breaker_state{upstream=\"" + GatewayMetrics::escapeLabel(u) + "\"} "
                + QByteArray::number(v) + '\n';
        }
        const RequestLogWriter& w = s->logWriter;
        gauge(out, "aigw_request_log_queue_depth", "gauge", "Request-log rows waiting for the writer.", w.queued());
        gauge(out, "aigw_request_log_written_total", "counter", "Request-log rows written to the database.",
              w.written());
        gauge(out, "aigw_request_log_spooled_total", "counter",
              "Request-log rows spooled to disk while the database was unavailable.", w.spooled());
        gauge(out, "aigw_request_log_spool_pending", "gauge", "Spooled rows not yet replayed.", w.pendingSpool());
        gauge(out, "aigw_request_log_overflow_total", "counter",
              "Request-log rows that did not fit the in-memory queue.", w.overflows());
        gauge(out, "aigw_request_log_batches_total", "counter", "Request-log batches committed.", w.batches());
        const BudgetLeasePool& leases = s->budgetLeases;
        gauge(out, "aigw_budget_leases_total", "counter", "Budget leases taken from the database.",
              leases.leasesTaken());
        gauge(out, "aigw_budget_lease_waits_total", "counter",
              "Requests that waited for a budget lease on the worker (no prefetched lease could take them).",
              leases.leasesWaitedFor());
        if (const SharedRequestLimiter* shared = s->sharedRateLimiter.get()) {
            gauge(out, "aigw_rate_limit_leases_total", "counter",
                  "Request-token leases taken from the shared (PostgreSQL) rate limit buckets.", shared->leases());
            gauge(out, "aigw_rate_limit_lease_waits_total", "counter",
                  "Of those, the ones a request waited for on its worker thread.", shared->waits());
        }
        responder.send(200, "text/plain; version=0.0.4; charset=utf-8", out);
    });
}
