#include "UpstreamResult.h"

#include <QMetaEnum>

QString UpstreamResult::outcomeName(Outcome outcome)
{
    return QString::fromLatin1(QMetaEnum::fromType<Outcome>().valueToKey(static_cast<int>(outcome)));
}

QString UpstreamResult::timeoutName(TimeoutKind kind)
{
    return QString::fromLatin1(QMetaEnum::fromType<TimeoutKind>().valueToKey(static_cast<int>(kind)));
}

QString UpstreamResult::describe() const
{
    QString text = outcomeName(outcome);
    if (outcome == Outcome::Timeout) {
        text += QLatin1Char('(') + timeoutName(timeout) + QLatin1Char(')');
    }
    text += QStringLiteral(" status=%1 body=%2B").arg(httpStatus).arg(bodyBytes);
    if (!errorText.isEmpty()) {
        text += QStringLiteral(" error=\"%1\"").arg(errorText);
    }
    text += QStringLiteral(" dns=%1 connect=%2 tls=%3 ttfb=%4 total=%5 ms%6")
                .arg(dnsMs, 0, 'f', 2)
                .arg(connectMs, 0, 'f', 2)
                .arg(tlsMs, 0, 'f', 2)
                .arg(ttfbMs, 0, 'f', 2)
                .arg(totalMs, 0, 'f', 2)
                .arg(connectionReused ? QStringLiteral(" reused") : QString());
    return text;
}
