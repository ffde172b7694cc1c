#pragma once

#include "gateway/GatewaySnapshot.h"

#include <QList>
#include <QString>

/** One model to try, with the credential to call it. */
struct RouteCandidate
{
    QString provider;
    QString model; ///< as sent upstream
    GatewaySnapshot::ProviderAccess access;
    bool fallback = false; ///< not the first choice

    /** The breaker key: provider and endpoint. */
    QString upstreamKey() const { return provider + QLatin1Char('|') + access.baseUrl; }
};

/** The ordered list of models a request may be answered by: the first choice, then its failovers. */
struct RoutePlan
{
    QList<RouteCandidate> candidates;
    QString capability; ///< the capability in force (requested or the project default), empty for direct models
    bool thinking = false; ///< turn on the provider's reasoning feature
};
