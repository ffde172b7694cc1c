#include "AccountingStage.h"

#include "accounting/RequestLogWriter.h"
#include "domain/Money.h"
#include "gateway/GatewayMetrics.h"
#include "pipeline/RequestContext.h"
#include "pricing/PriceTable.h"
#include "providers/RawJsonObject.h"
#include "ratelimit/KeyRateLimiter.h"
#include "util/Clock.h"
#include "util/LogCategories.h"

#include <QJsonObject>

#include <cstring>

namespace {
/** 10^15 micro-dollars: 15 significant digits, which a double keeps exactly through the division. */
constexpr qint64 LargestExactAmount = 1'000'000'000'000'000LL;

/** Writes n (0 <= n) in decimal at to; returns the end. */
char* writeInteger(char* to, qint64 n)
{
    char digits[20];
    int length = 0;
    do {
        digits[length++] = char('0' + n % 10);
        n /= 10;
    } while (n > 0);
    while (length > 0)
        *to++ = digits[--length];
    return to;
}

/**
 * Writes Money::toDollars(micros) as QJsonDocument writes that double; returns the end (at most 24 bytes).
 * Amounts from 0 to LargestExactAmount are worked out from the integer's digits, others go through Qt.
 *
 * Up to 15 significant digits a decimal and its nearest double name each other, so the shortest text of
 * micros / 10^6 is the integer's digits with the point moved six places and trailing zeros dropped. Of the two
 * 'g' forms Qt writes (FloatingPointShortest, exponent of at least two digits) the decimal one unless the
 * exponent one is shorter. Measured against Qt in TestCostJson for every amount up to $1.5 and every digit
 * pattern at every magnitude.
 */
/** Writes what RawJsonObject::appendNumber writes for value (at most 24 bytes), for amounts out of that range. */
char* writeQtNumber(char* to, double value)
{
    QByteArray text;
    RawJsonObject::appendNumber(text, value);
    std::memcpy(to, text.constData(), size_t(text.size()));
    return to + text.size();
}

char* writeDollars(char* to, qint64 micros)
{
    if (micros < 0 || micros > LargestExactAmount)
        return writeQtNumber(to, Money::toDollars(micros));
    if (micros % Money::MicrosPerDollar == 0) // QJsonValue keeps a whole number as an integer and writes it so
        return writeInteger(to, micros / Money::MicrosPerDollar);
    char all[20];
    const int length = int(writeInteger(all, micros) - all);
    int digitCount = length;
    while (all[digitCount - 1] == '0')
        --digitCount;
    const int decpt = length - 6; // value = 0.d1d2... x 10^decpt, and not a whole number
    const auto put = [&to](const char* from, int n) {
        std::memcpy(to, from, size_t(n));
        to += n;
    };
    if (decpt > 0) {
        // At least a dollar: the point falls inside the digits, and the decimal form is never the longer.
        put(all, decpt);
        *to++ = '.';
        put(all + decpt, digitCount - decpt);
        return to;
    }
    // Below a dollar the decimal form is "0." and -decpt zeros, the exponent form adds "e-0N" and, after more
    // than one digit, a point: the decimal one wins ties.
    if (-decpt <= (digitCount == 1 ? 2 : 3)) {
        put("0.000", 2 - decpt);
        put(all, digitCount);
        return to;
    }
    *to++ = all[0];
    if (digitCount > 1) {
        *to++ = '.';
        put(all + 1, digitCount - 1);
    }
    put("e-0", 3); // 10^-5 and 10^-6: one exponent digit
    *to++ = char('0' + (1 - decpt));
    return to;
}
} // namespace

QJsonValue AccountingStage::costJson(const PriceTable& prices, const QString& model, const Usage& usage)
{
    const auto cost = prices.cost(model, usage);
    if (!cost)
        return QJsonValue(QJsonValue::Null);
    // Dollars with six decimals as in the original, computed from exact integers.
    return QJsonObject{{QStringLiteral("input"), Money::toDollars(cost->inputMicros)},
                       {QStringLiteral("output"), Money::toDollars(cost->outputMicros)},
                       {QStringLiteral("total"), Money::toDollars(cost->totalMicros())},
                       {QStringLiteral("total_micros"), double(cost->totalMicros())},
                       {QStringLiteral("currency"), QStringLiteral("USD")}};
}

QByteArray AccountingStage::costJsonText(const PriceTable& prices, const QString& model, const Usage& usage)
{
    const auto cost = prices.cost(model, usage);
    if (!cost)
        return QByteArrayLiteral("null");
    // costJson()'s members in QJsonObject's order (by key). Building the object and serialising it cost a
    // non-streaming answer more than reading the provider's.
    const qint64 total = cost->totalMicros();
    char text[192]; // 62 bytes of names and punctuation, four numbers of at most 24
    char* to = text;
    const auto put = [&to](const char* literal) {
        const size_t n = std::strlen(literal);
        std::memcpy(to, literal, n);
        to += n;
    };
    put(R"({"currency":"USD","input":)");
    to = writeDollars(to, cost->inputMicros);
    put(R"(,"output":)");
    to = writeDollars(to, cost->outputMicros);
    put(R"(,"total":)");
    to = writeDollars(to, total);
    put(R"(,"total_micros":)");
    to = total >= 0 && total <= LargestExactAmount ? writeInteger(to, total) : writeQtNumber(to, double(total));
    *to++ = '}';
    return QByteArray(text, to - text);
}

void AccountingStage::appendDollars(QByteArray& out, qint64 micros)
{
    char text[32];
    out.append(text, writeDollars(text, micros) - text);
}

void AccountingStage::record(const RequestContext& ctx, const std::optional<GatewayError>& error,
                             const QStringList& attemptTrail, const PriceTable& prices, KeyRateLimiter& limiter,
                             RequestLogWriter& writer, GatewayMetrics* metrics, int retries, int failovers)
{
    RequestRecord r;
    r.id = ctx.requestId;
    r.projectId = ctx.project.id;
    r.apiKeyId = ctx.key.id;
    r.provider = ctx.provider;
    r.model = ctx.model;
    r.capability = ctx.plan.capability.isEmpty() && ctx.request ? ctx.request->capability() : ctx.plan.capability;
    r.stream = ctx.request && ctx.request->isStream();
    r.createdAt = ctx.receivedAtMs;
    r.latencyMs = int(ctx.elapsed.elapsed());
    r.ttftMs = ctx.ttftMs;
    r.attempts = qMax(1, ctx.attempts);
    r.inputTokens = ctx.usage.promptTokens;
    r.cachedTokens = ctx.usage.cachedTokens;
    r.outputTokens = ctx.usage.completionTokens;
    r.reasoningTokens = ctx.usage.reasoningTokens;
    r.usageEstimated = ctx.usageEstimated;
    r.holdId = ctx.budgetHoldId;
    r.holdTokens = ctx.budgetHoldTokens;
    r.holdCostMicros = ctx.budgetHoldCostMicros;
    if (error) {
        r.status = error->logStatus.isEmpty() ? QStringLiteral("error") : error->logStatus;
        r.httpStatus = error->status;
        r.errorCode = error->code.isEmpty() ? error->type : error->code;
        r.errorMessage = error->message.left(2000);
    } else {
        r.status = QStringLiteral("success");
        r.httpStatus = 200;
    }
    if (!attemptTrail.isEmpty() && r.attempts > 1) {
        const QString trail = QStringLiteral("failed attempts: ") + attemptTrail.join(QStringLiteral("; "));
        r.errorMessage = r.errorMessage.isEmpty() ? trail.left(2000)
                                                  : QString(r.errorMessage + QStringLiteral(" | ") + trail).left(2000);
    }
    if (r.inputTokens > 0 || r.outputTokens > 0) {
        if (const auto cost = prices.cost(r.model, ctx.usage)) {
            r.costMicros = cost->totalMicros();
        } else {
            qCWarning(lcAccounting) << "no price for model" << r.model << "- request" << r.id
                                    << "logged with cost unknown";
        }
    } else {
        r.costMicros = 0;
    }
    if (ctx.key.rateLimitTpm)
        limiter.chargeTokens(ctx.key.id, *ctx.key.rateLimitTpm, r.inputTokens + r.outputTokens,
                             Clock::instance().nowMs());
    if (metrics) {
        GatewayMetrics::Outcome o;
        o.provider = r.provider;
        o.model = r.model;
        o.status = r.status;
        o.errorCode = r.errorCode;
        o.inputTokens = r.inputTokens;
        o.outputTokens = r.outputTokens;
        o.costMicros = r.costMicros;
        const qint64 totalNs = ctx.elapsed.isValid() ? ctx.elapsed.nsecsElapsed() : 0;
        o.overheadNs = ctx.upstreamStartNs >= 0 ? ctx.upstreamStartNs : totalNs;
        if (ctx.upstreamStartNs >= 0)
            o.upstreamNs = qMax<qint64>(0, totalNs - ctx.upstreamStartNs);
        o.ttftMs = r.ttftMs;
        o.retries = retries;
        o.failovers = failovers;
        metrics->record(o);
    }
    writer.enqueue(std::move(r));
}
