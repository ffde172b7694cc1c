#include "UpstreamError.h"

QString UpstreamError::className(Class errorClass)
{
    switch (errorClass) {
    case Class::RateLimited:
        return QStringLiteral("rate_limited");
    case Class::QuotaExceeded:
        return QStringLiteral("quota_exceeded");
    case Class::Overloaded:
        return QStringLiteral("overloaded");
    case Class::ServerError:
        return QStringLiteral("server_error");
    case Class::Authentication:
        return QStringLiteral("authentication");
    case Class::ContextLength:
        return QStringLiteral("context_length");
    case Class::ContentPolicy:
        return QStringLiteral("content_policy");
    case Class::BadRequest:
        return QStringLiteral("bad_request");
    case Class::NotFound:
        return QStringLiteral("not_found");
    case Class::Other:
        break;
    }
    return QStringLiteral("other");
}

QJsonObject UpstreamError::toOpenAiJson() const
{
    return QJsonObject{{QStringLiteral("error"),
                        QJsonObject{
                            {QStringLiteral("message"), message},
                            {QStringLiteral("type"), type},
                            {QStringLiteral("param"), QJsonValue::Null},
                            {QStringLiteral("code"), code.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(code)},
                        }}};
}
