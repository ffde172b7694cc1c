#pragma once

#include "pipeline/GatewayError.h"

#include <QJsonValue>
#include <QStringList>

#include <optional>

class GatewayMetrics;
class KeyRateLimiter;
class PriceTable;
class RequestLogWriter;
struct Usage;
struct RequestContext;

/**
 * Pipeline stage 6: exactly one request-log row for every request that presented a valid key — success,
 * upstream error, rate-limit or budget rejection, cancellation — with the model that answered, its usage
 * (flagged when estimated), its cost in micro-dollars (NULL with a warning when the model has no price),
 * latency, time to first token and attempts. Also charges the key's tokens-per-minute bucket. The row goes
 * to the RequestLogWriter, which releases the budget hold in the same transaction.
 */
class AccountingStage
{
public:
    static void record(const RequestContext& context, const std::optional<GatewayError>& error,
                       const QStringList& attemptTrail, const PriceTable& prices, KeyRateLimiter& limiter,
                       RequestLogWriter& writer, GatewayMetrics* metrics = nullptr, int retries = 0, int failovers = 0);
    /** The response's `cost` object {input, output, total, currency}, or null without a price. */
    static QJsonValue costJson(const PriceTable& prices, const QString& model, const Usage& usage);
    /** costJson() as compact JSON text, the same bytes RawJsonObject::serialize() gives, written directly. */
    static QByteArray costJsonText(const PriceTable& prices, const QString& model, const Usage& usage);
    /**
     * Appends Money::toDollars(micros) as QJsonDocument writes that double (the shortest text that reads back
     * as it, in 'g' form: "0.000587", "5e-05"; whole dollars as integers), worked out from the integer's
     * digits for amounts from 0 to 10^15 micro-dollars; anything else goes through Qt's double formatting.
     */
    static void appendDollars(QByteArray& out, qint64 micros);
};
