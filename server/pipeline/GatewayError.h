#pragma once

#include "http/HttpHeaders.h"

#include <QString>

/** An answer in the OpenAI error envelope, as a pipeline stage decides it. */
struct GatewayError
{
    int status = 500;
    QString type; ///< invalid_request_error, authentication_error, rate_limit_error, insufficient_quota, ...
    QString message;
    QString param;
    QString code;
    HttpHeaders headers; ///< e.g. Retry-After, x-ratelimit-*
    QString logStatus = QStringLiteral("rejected"); ///< requests.status: rejected | error | cancelled

    static GatewayError invalid(const QString& message, const QString& param = {}, const QString& code = {})
    {
        return {400, QStringLiteral("invalid_request_error"), message, param, code, {}, QStringLiteral("rejected")};
    }
};
