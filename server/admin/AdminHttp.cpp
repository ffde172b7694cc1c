#include "AdminHttp.h"

#include "domain/Money.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>

#include <cmath>

void AdminHttp::sendJson(HttpResponder& responder, int status, const QJsonValue& value, const HttpHeaders& extra)
{
    HttpHeaders headers = extra;
    headers.set("Cache-Control", "no-store");
    headers.set("X-Content-Type-Options", "nosniff");
    const QByteArray body = value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                            : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    responder.sendJson(status, body, headers);
}

void AdminHttp::sendNoContent(HttpResponder& responder)
{
    responder.send(204, QByteArray(), QByteArray(), HttpHeaders{{"Cache-Control", "no-store"}});
}

void AdminHttp::sendError(HttpResponder& responder, const Error& error)
{
    int status = 500;
    QString type = QStringLiteral("server_error");
    switch (error.kind) {
    case Error::Kind::InvalidArgument:
        status = 400;
        type = QStringLiteral("invalid_request_error");
        break;
    case Error::Kind::NotFound:
        status = 404;
        type = QStringLiteral("not_found_error");
        break;
    case Error::Kind::Conflict:
        status = 409;
        type = QStringLiteral("conflict_error");
        break;
    case Error::Kind::PermissionDenied:
        status = 403;
        type = QStringLiteral("permission_error");
        break;
    case Error::Kind::Unavailable:
        status = 503;
        break;
    case Error::Kind::Internal:
        break;
    }
    responder.sendError(status, type, error.message, error.field, QString(),
                        HttpHeaders{{"Cache-Control", "no-store"}});
}

Result<QJsonObject> AdminHttp::parseObject(const HttpRequest& request, bool emptyAllowed)
{
    if (request.body().trimmed().isEmpty()) {
        if (emptyAllowed)
            return QJsonObject();
        return Error::invalid(QStringLiteral("a JSON object body is required"));
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body(), &pe);
    if (pe.error != QJsonParseError::NoError)
        return Error::invalid(QStringLiteral("malformed JSON at offset %1: %2").arg(pe.offset).arg(pe.errorString()));
    if (!doc.isObject())
        return Error::invalid(QStringLiteral("the body must be a JSON object"));
    return doc.object();
}

Result<void> AdminHttp::rejectUnknown(const QJsonObject& object, const QStringList& allowed)
{
    for (auto it = object.begin(); it != object.end(); ++it)
        if (!allowed.contains(it.key()))
            return Error::invalid(QStringLiteral("unknown field '%1'").arg(it.key()), it.key());
    return {};
}

Result<std::optional<QString>> AdminHttp::stringField(const QJsonObject& object, const QString& name, bool nullable)
{
    if (!object.contains(name))
        return std::optional<QString>();
    const QJsonValue v = object.value(name);
    if (v.isNull() && nullable)
        return std::optional<QString>(QString());
    if (!v.isString())
        return Error::invalid(QStringLiteral("%1 must be a string").arg(name), name);
    return std::optional<QString>(v.toString());
}

Result<std::optional<std::optional<qint64>>> AdminHttp::integerField(const QJsonObject& object, const QString& name,
                                                                     qint64 max, bool nullable)
{
    using R = std::optional<std::optional<qint64>>;
    if (!object.contains(name))
        return R();
    const QJsonValue v = object.value(name);
    if (v.isNull() && nullable)
        return R(std::optional<qint64>());
    if (!v.isDouble())
        return Error::invalid(QStringLiteral("%1 must be an integer").arg(name), name);
    const double d = v.toDouble();
    if (d != std::floor(d) || d < 0 || d > double(max))
        return Error::invalid(QStringLiteral("%1 must be an integer between 0 and %2").arg(name).arg(max), name);
    return R(std::optional<qint64>(qint64(d)));
}

Result<std::optional<std::optional<qint64>>> AdminHttp::moneyField(const QJsonObject& object, const QString& name)
{
    using R = std::optional<std::optional<qint64>>;
    if (!object.contains(name))
        return R();
    const QJsonValue v = object.value(name);
    if (v.isNull())
        return R(std::optional<qint64>());
    const Error bad = Error::invalid(
        QStringLiteral("%1 must be a non-negative dollar amount with at most six decimals (number or string)")
            .arg(name),
        name);
    if (v.isString()) {
        const auto micros = Money::parseUsd(v.toString());
        if (!micros)
            return bad;
        return R(micros);
    }
    if (!v.isDouble())
        return bad;
    const double d = v.toDouble();
    if (!std::isfinite(d) || d < 0 || d > 1e12)
        return bad;
    // JSON numbers arrive as doubles: take the shortest decimal that round-trips, which is what was sent.
    const auto micros = Money::parseUsd(QString::number(d, 'f', QLocale::FloatingPointShortest));
    if (!micros)
        return bad;
    return R(micros);
}

Result<int> AdminHttp::queryInt(const HttpRequest& request, const QString& name, int fallback, int min, int max)
{
    const QString text = request.queryItem(name);
    if (text.isNull())
        return fallback;
    bool ok = false;
    const int v = text.toInt(&ok);
    if (!ok || v < min || v > max)
        return Error::invalid(QStringLiteral("%1 must be an integer between %2 and %3").arg(name).arg(min).arg(max),
                              name);
    return v;
}
