#include "RetryAfter.h"

#include <QDateTime>
#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace {

int clampMs(double ms)
{
    if (!std::isfinite(ms) || ms < 0)
        return -1;
    if (ms >= double(std::numeric_limits<int>::max()))
        return std::numeric_limits<int>::max();
    return int(std::llround(ms));
}

/** A non-negative decimal number written with digits and at most one '.', nothing else. */
bool parsePlainNumber(QByteArrayView text, double* out)
{
    if (text.isEmpty())
        return false;
    bool dot = false;
    for (char c : text) {
        if (c == '.' && !dot)
            dot = true;
        else if (c < '0' || c > '9')
            return false;
    }
    bool ok = false;
    *out = text.toByteArray().toDouble(&ok);
    return ok;
}

} // namespace

int RetryAfter::fromHeaders(const HeaderList::List& headers, qint64 nowMs)
{
    double value = 0;
    const QByteArray ms = HeaderList::value(headers, "retry-after-ms");
    if (parsePlainNumber(ms, &value))
        return clampMs(value);

    const QByteArray after = HeaderList::value(headers, "retry-after");
    if (after.isEmpty())
        return -1;
    if (parsePlainNumber(after, &value))
        return clampMs(value * 1000.0);
    const qint64 when = parseHttpDate(after);
    if (when < 0)
        return -1;
    return clampMs(double(qMax<qint64>(0, when - nowMs)));
}

int RetryAfter::fromDuration(QStringView duration)
{
    const QStringView d = duration.trimmed();
    if (!d.endsWith(u's'))
        return -1;
    double seconds = 0;
    if (!parsePlainNumber(d.chopped(1).toLatin1(), &seconds))
        return -1;
    return clampMs(seconds * 1000.0);
}

int RetryAfter::fromMessage(QStringView message)
{
    static const QRegularExpression re(QStringLiteral(R"(try again in ((?:\d+(?:\.\d+)?(?:ms|h|m|s))+))"),
                                       QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression part(QStringLiteral(R"((\d+(?:\.\d+)?)(ms|h|m|s))"));
    const QRegularExpressionMatch match = re.match(message);
    if (!match.hasMatch())
        return -1;
    double total = 0;
    auto it = part.globalMatch(match.capturedView(1));
    while (it.hasNext()) {
        const QRegularExpressionMatch p = it.next();
        const double v = p.capturedView(1).toDouble();
        const QStringView unit = p.capturedView(2);
        if (unit == u"ms")
            total += v;
        else if (unit == u"s")
            total += v * 1000.0;
        else if (unit == u"m")
            total += v * 60000.0;
        else
            total += v * 3600000.0;
    }
    return clampMs(total);
}

qint64 RetryAfter::parseHttpDate(QByteArrayView date)
{
    // Qt's RFC 2822 parser wants a numeric zone; HTTP dates always say GMT.
    QString text = QString::fromLatin1(date).trimmed();
    for (const QLatin1StringView zone :
         {QLatin1StringView(" GMT"), QLatin1StringView(" UTC"), QLatin1StringView(" UT")}) {
        if (text.endsWith(zone, Qt::CaseInsensitive)) {
            text.chop(zone.size());
            text.append(QStringLiteral(" +0000"));
            break;
        }
    }
    const QDateTime parsed = QDateTime::fromString(text, Qt::RFC2822Date);
    return parsed.isValid() ? parsed.toMSecsSinceEpoch() : -1;
}
