#pragma once

#include "admin/LoginThrottle.h"

#include <QByteArray>
#include <QList>

struct GatewayServices;

/** What the admin routes of every worker share: the gateway services, the secrets and the login throttle. */
struct AdminContext
{
    AdminContext(GatewayServices& gatewayServices, QByteArray jwt, QList<QByteArray> encryption)
        : services(gatewayServices)
        , jwtSecret(std::move(jwt))
        , encryptionKeys(std::move(encryption))
    { }

    GatewayServices& services;
    const QByteArray jwtSecret;
    const QList<QByteArray> encryptionKeys;
    qint64 tokenTtlSeconds = 24 * 3600;
    /** 5 failures per account, 20 per client address; then 30 s, doubling per failure, at most 15 min. */
    LoginThrottle accountThrottle{5, 30000, 15 * 60000};
    LoginThrottle addressThrottle{20, 30000, 15 * 60000};
};
