#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponder.h"
#include "util/Result.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include <optional>

/** Small helpers shared by the admin controllers: JSON bodies in and out, and errors in the API envelope. */
class AdminHttp
{
public:
    static void sendJson(HttpResponder& responder, int status, const QJsonValue& value,
                         const HttpHeaders& extra = HttpHeaders());
    /** 204 without a body. */
    static void sendNoContent(HttpResponder& responder);
    /** Maps an Error to its status (400/404/409/403/503/500) and names the field as `param`. */
    static void sendError(HttpResponder& responder, const Error& error);
    /** The body as a JSON object; an empty body gives an empty object when @p emptyAllowed. */
    static Result<QJsonObject> parseObject(const HttpRequest& request, bool emptyAllowed = false);
    /** An Error naming the first key of @p object that is not in @p allowed. */
    static Result<void> rejectUnknown(const QJsonObject& object, const QStringList& allowed);
    /** A string field: absent → nullopt; null → empty string when @p nullable; anything else → 400. */
    static Result<std::optional<QString>> stringField(const QJsonObject& object, const QString& name,
                                                      bool nullable = false);
    /** A non-negative integer field; null gives an empty optional inside when @p nullable. */
    static Result<std::optional<std::optional<qint64>>> integerField(const QJsonObject& object, const QString& name,
                                                                     qint64 max, bool nullable);
    /** A dollar amount as number or string ("12.5"), exact to the micro-dollar; null clears. */
    static Result<std::optional<std::optional<qint64>>> moneyField(const QJsonObject& object, const QString& name);
    /** An integer query parameter in [min, max]; absent → @p fallback. */
    static Result<int> queryInt(const HttpRequest& request, const QString& name, int fallback, int min, int max);
};
