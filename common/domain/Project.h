#pragma once

#include <QString>
#include <QStringList>

#include <optional>

/** A tenant: typically one per customer, with its own keys, provider credentials and limits. */
struct Project
{
    QString id;
    QString name;
    QString description;
    std::optional<qint64> dailyTokenLimit; ///< unset: no limit
    std::optional<qint64> monthlyTokenLimit;
    std::optional<qint64> dailyCostLimitMicros; ///< micro-dollars
    std::optional<qint64> monthlyCostLimitMicros;
    QString defaultProvider; ///< empty: the system order
    QString defaultCapability = QStringLiteral("balanced");
    QStringList fallbacks; ///< "provider/model", tried in order when the chosen model fails
    bool active = true;
    qint64 createdAt = 0; ///< ms since the epoch, UTC
    qint64 updatedAt = 0;
};
