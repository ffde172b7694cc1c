#include "StatsController.h"

#include "admin/AdminContext.h"
#include "admin/AdminGuard.h"
#include "admin/AdminHttp.h"
#include "domain/JsonCodec.h"
#include "domain/Money.h"
#include "gateway/GatewayServices.h"
#include "services/ProjectService.h"
#include "storage/Database.h"
#include "storage/ProjectRepository.h"
#include "storage/RequestLogRepository.h"
#include "storage/RequestStatsRepository.h"
#include "storage/UsageRepository.h"
#include "util/Clock.h"

#include <QDateTime>
#include <QJsonArray>
#include <QMap>

#include <cmath>

namespace {
constexpr qint64 kDayMs = 86400000;

struct Sums
{
    qint64 requests = 0;
    qint64 errors = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 costMicros = 0;

    QJsonObject json() const
    {
        return QJsonObject{{QStringLiteral("requests"), double(requests)},
                           {QStringLiteral("errors"), double(errors)},
                           {QStringLiteral("input_tokens"), double(inputTokens)},
                           {QStringLiteral("output_tokens"), double(outputTokens)},
                           {QStringLiteral("tokens"), double(inputTokens + outputTokens)},
                           {QStringLiteral("cost"), Money::toDollars(costMicros)},
                           {QStringLiteral("cost_micros"), double(costMicros)}};
    }
    void add(const Sums& o)
    {
        requests += o.requests;
        errors += o.errors;
        inputTokens += o.inputTokens;
        outputTokens += o.outputTokens;
        costMicros += o.costMicros;
    }
};

/** Sums over requests created in [fromMs, toMs), grouped by up to two expressions (empty: none). */
Result<QList<QPair<QStringList, Sums>>> aggregate(const Database& db, qint64 fromMs, qint64 toMs,
                                                  const QString& projectId, const QStringList& groupBy)
{
    QString sql = QStringLiteral("SELECT ");
    for (const QString& g : groupBy)
        sql += g + QStringLiteral(", ");
    sql += QStringLiteral("COUNT(*), SUM(CASE WHEN status <> 'success' THEN 1 ELSE 0 END), SUM(input_tokens), "
                          "SUM(output_tokens), SUM(COALESCE(cost_micros, 0)) FROM requests "
                          "WHERE created_at >= ? AND created_at < ?");
    QVariantList binds{fromMs, toMs};
    if (!projectId.isEmpty()) {
        sql += QStringLiteral(" AND project_id = ?");
        binds << projectId;
    }
    if (!groupBy.isEmpty()) {
        QStringList positions;
        for (int i = 1; i <= groupBy.size(); ++i)
            positions << QString::number(i);
        sql += QStringLiteral(" GROUP BY ") + positions.join(QStringLiteral(", "));
    }
    auto r = db.exec(sql, binds);
    if (!r)
        return r.error();
    QList<QPair<QStringList, Sums>> out;
    QSqlQuery& q = r.value();
    const int n = int(groupBy.size());
    while (q.next()) {
        QStringList keys;
        for (int i = 0; i < n; ++i)
            keys << q.value(i).toString();
        Sums s;
        s.requests = q.value(n).toLongLong();
        s.errors = q.value(n + 1).toLongLong();
        s.inputTokens = q.value(n + 2).toLongLong();
        s.outputTokens = q.value(n + 3).toLongLong();
        s.costMicros = q.value(n + 4).toLongLong();
        if (s.requests > 0)
            out.append({keys, s});
    }
    return out;
}

Sums total(const QList<QPair<QStringList, Sums>>& rows)
{
    Sums s;
    for (const auto& r : rows)
        s.add(r.second);
    return s;
}

/** ISO 8601 (date or date-time) or epoch milliseconds. */
std::optional<qint64> parseTime(const QString& text)
{
    bool ok = false;
    const qint64 ms = text.toLongLong(&ok);
    if (ok)
        return ms;
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid()) {
        const QDate d = QDate::fromString(text, Qt::ISODate);
        if (!d.isValid())
            return std::nullopt;
        t = QDateTime(d, QTime(0, 0), Qt::UTC);
    }
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeSpec(Qt::UTC);
    return t.toMSecsSinceEpoch();
}

QJsonValue percent(qint64 used, const std::optional<qint64>& limit)
{
    if (!limit)
        return QJsonValue(QJsonValue::Null);
    if (*limit == 0)
        return used > 0 ? 100.0 : 0.0;
    return std::round(double(used) * 10000.0 / double(*limit)) / 100.0;
}

QJsonObject tokenLimit(qint64 used, const std::optional<qint64>& limit)
{
    return QJsonObject{{QStringLiteral("limit"), limit ? QJsonValue(double(*limit)) : QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("used"), double(used)},
                       {QStringLiteral("remaining"),
                        limit ? QJsonValue(double(qMax<qint64>(0, *limit - used))) : QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("percent"), percent(used, limit)}};
}

QJsonObject costLimit(qint64 usedMicros, const std::optional<qint64>& limitMicros)
{
    const bool limited = limitMicros.has_value();
    const qint64 limit = limitMicros.value_or(0);
    const qint64 remaining = qMax<qint64>(0, limit - usedMicros);
    const QJsonValue null(QJsonValue::Null);
    return QJsonObject{{QStringLiteral("limit"), limited ? QJsonValue(Money::toDollars(limit)) : null},
                       {QStringLiteral("limit_micros"), limited ? QJsonValue(double(limit)) : null},
                       {QStringLiteral("used"), Money::toDollars(usedMicros)},
                       {QStringLiteral("used_micros"), double(usedMicros)},
                       {QStringLiteral("remaining"), limited ? QJsonValue(Money::toDollars(remaining)) : null},
                       {QStringLiteral("remaining_micros"), limited ? QJsonValue(double(remaining)) : null},
                       {QStringLiteral("percent"), percent(usedMicros, limitMicros)}};
}

QJsonObject usageJson(const UsageTotals& t)
{
    return QJsonObject{{QStringLiteral("period"), t.period},
                       {QStringLiteral("requests"), double(t.requestCount)},
                       {QStringLiteral("errors"), double(t.errorCount)},
                       {QStringLiteral("input_tokens"), double(t.inputTokens)},
                       {QStringLiteral("output_tokens"), double(t.outputTokens)},
                       {QStringLiteral("tokens"), double(t.totalTokens)},
                       {QStringLiteral("cost"), Money::toDollars(t.costMicros)},
                       {QStringLiteral("cost_micros"), double(t.costMicros)}};
}

/** The project named by ?project=, checked to exist; empty when not given. */
Result<QString> projectParam(const Database& db, const HttpRequest& request)
{
    const QString id = request.queryItem(QStringLiteral("project"));
    if (id.isEmpty())
        return QString();
    auto p = ProjectRepository(db).findById(id);
    if (!p)
        return p.error();
    return p.value().id;
}
} // namespace

void StatsController::install(HttpRouter& router, AdminContext& context)
{
    AdminContext* ctx = &context;
    const auto get = [&router, &context](const QString& path, AdminGuard::Handler h) {
        router.addRoute("GET", path, AdminGuard::wrap(context, AdminGuard::Access::Read, std::move(h)));
    };

    get(QStringLiteral("/api/v1/stats/overview"),
        [ctx](const HttpRequest&, HttpResponder& responder, const AdminPrincipal&) {
            const Database& db = ctx->services.db;
            const qint64 now = Clock::instance().nowMs();
            const qint64 dayStart = Clock::startOfUtcDay(now);
            const qint64 monthStart = Clock::startOfUtcMonth(now);
            auto today = aggregate(db, dayStart, Clock::startOfNextUtcDay(now), {}, {});
            auto month = aggregate(db, monthStart, Clock::startOfNextUtcMonth(now), {}, {});
            auto projects = ProjectService(db).list(false);
            if (!today || !month || !projects)
                return AdminHttp::sendError(responder,
                                            !today ? today.error() : (!month ? month.error() : projects.error()));
            const Sums t = total(today.value());
            const Sums m = total(month.value());
            const auto rate = [](const Sums& s) {
                return s.requests ? std::round(double(s.errors) * 10000.0 / double(s.requests)) / 10000.0 : 0.0;
            };
            AdminHttp::sendJson(responder, 200,
                                QJsonObject{{QStringLiteral("date"), Clock::utcDay(now).toString(Qt::ISODate)},
                                            {QStringLiteral("requests_today"), double(t.requests)},
                                            {QStringLiteral("requests_month"), double(m.requests)},
                                            {QStringLiteral("errors_today"), double(t.errors)},
                                            {QStringLiteral("errors_month"), double(m.errors)},
                                            {QStringLiteral("error_rate_today"), rate(t)},
                                            {QStringLiteral("error_rate_month"), rate(m)},
                                            {QStringLiteral("tokens_today"), double(t.inputTokens + t.outputTokens)},
                                            {QStringLiteral("tokens_month"), double(m.inputTokens + m.outputTokens)},
                                            {QStringLiteral("cost_today"), Money::toDollars(t.costMicros)},
                                            {QStringLiteral("cost_today_micros"), double(t.costMicros)},
                                            {QStringLiteral("cost_month"), Money::toDollars(m.costMicros)},
                                            {QStringLiteral("cost_month_micros"), double(m.costMicros)},
                                            {QStringLiteral("active_projects"), double(projects.value().size())}});
        });

    get(QStringLiteral("/api/v1/stats/daily"),
        [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal&) {
            auto days = AdminHttp::queryInt(request, QStringLiteral("days"), 30, 1, 366);
            if (!days)
                return AdminHttp::sendError(responder, days.error());
            auto project = projectParam(ctx->services.db, request);
            if (!project)
                return AdminHttp::sendError(responder, project.error());
            const qint64 now = Clock::instance().nowMs();
            const qint64 end = Clock::startOfNextUtcDay(now);
            const qint64 start = end - qint64(days.value()) * kDayMs;
            auto rows = aggregate(ctx->services.db, start, end, project.value(),
                                  {QStringLiteral("created_at / 86400000"), QStringLiteral("provider")});
            if (!rows)
                return AdminHttp::sendError(responder, rows.error());
            QHash<qint64, QMap<QString, Sums>> byDay;
            for (const auto& r : rows.value())
                byDay[r.first.value(0).toLongLong()][r.first.value(1)].add(r.second);
            QJsonArray out;
            for (qint64 dayStart = start; dayStart < end; dayStart += kDayMs) {
                const QMap<QString, Sums> providers = byDay.value(dayStart / kDayMs);
                Sums sum;
                QJsonArray perProvider;
                for (auto it = providers.cbegin(); it != providers.cend(); ++it) {
                    sum.add(it.value());
                    QJsonObject o = it.value().json();
                    o.insert(QStringLiteral("provider"), it.key());
                    perProvider.append(o);
                }
                QJsonObject day = sum.json();
                day.insert(QStringLiteral("date"), Clock::utcDay(dayStart).toString(Qt::ISODate));
                day.insert(QStringLiteral("providers"), perProvider);
                out.append(day);
            }
            AdminHttp::sendJson(responder, 200, out);
        });

    get(QStringLiteral("/api/v1/stats/providers"),
        [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal&) {
            auto days = AdminHttp::queryInt(request, QStringLiteral("days"), 30, 1, 366);
            if (!days)
                return AdminHttp::sendError(responder, days.error());
            const qint64 end = Clock::startOfNextUtcDay(Clock::instance().nowMs());
            const qint64 start = end - qint64(days.value()) * kDayMs;
            auto rows = aggregate(ctx->services.db, start, end, {}, {QStringLiteral("provider")});
            auto latency = RequestStatsRepository(ctx->services.db).latencyByProvider(start, end);
            if (!rows || !latency)
                return AdminHttp::sendError(responder, !rows ? rows.error() : latency.error());
            QMap<QString, Sums> sorted;
            for (const auto& r : rows.value())
                sorted[r.first.value(0)].add(r.second);
            QJsonArray out;
            for (auto it = sorted.cbegin(); it != sorted.cend(); ++it) {
                QJsonObject o{{QStringLiteral("provider"), it.key()},
                              {QStringLiteral("request_count"), double(it->requests)},
                              {QStringLiteral("error_count"), double(it->errors)},
                              {QStringLiteral("total_tokens"), double(it->inputTokens + it->outputTokens)},
                              {QStringLiteral("total_cost"), Money::toDollars(it->costMicros)},
                              {QStringLiteral("total_cost_micros"), double(it->costMicros)}};
                for (const auto& l : latency.value())
                    if (l.provider == it.key()) {
                        o.insert(QStringLiteral("latency_p50_ms"), l.p50);
                        o.insert(QStringLiteral("latency_p95_ms"), l.p95);
                        o.insert(QStringLiteral("latency_p99_ms"), l.p99);
                    }
                out.append(o);
            }
            AdminHttp::sendJson(responder, 200, out);
        });

    get(QStringLiteral("/api/v1/stats/models"),
        [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal&) {
            auto days = AdminHttp::queryInt(request, QStringLiteral("days"), 30, 1, 366);
            if (!days)
                return AdminHttp::sendError(responder, days.error());
            const qint64 end = Clock::startOfNextUtcDay(Clock::instance().nowMs());
            const qint64 start = end - qint64(days.value()) * kDayMs;
            auto rows
                = aggregate(ctx->services.db, start, end, {}, {QStringLiteral("provider"), QStringLiteral("model")});
            if (!rows)
                return AdminHttp::sendError(responder, rows.error());
            auto list = rows.value();
            std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
                if (a.second.costMicros != b.second.costMicros)
                    return a.second.costMicros > b.second.costMicros;
                return a.first < b.first;
            });
            QJsonArray out;
            for (const auto& r : list)
                out.append(
                    QJsonObject{{QStringLiteral("provider"), r.first.value(0)},
                                {QStringLiteral("model"), r.first.value(1)},
                                {QStringLiteral("request_count"), double(r.second.requests)},
                                {QStringLiteral("error_count"), double(r.second.errors)},
                                {QStringLiteral("total_tokens"), double(r.second.inputTokens + r.second.outputTokens)},
                                {QStringLiteral("total_cost"), Money::toDollars(r.second.costMicros)},
                                {QStringLiteral("total_cost_micros"), double(r.second.costMicros)}});
            AdminHttp::sendJson(responder, 200, out);
        });

    get(QStringLiteral("/api/v1/stats/recent"),
        [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal&) {
            const QString text = request.queryItem(QStringLiteral("limit"));
            bool ok = true;
            int limit = text.isNull() ? 50 : text.toInt(&ok);
            if (!ok || limit < 1)
                return AdminHttp::sendError(
                    responder, Error::invalid(QStringLiteral("limit must be a positive integer"), "limit"));
            limit = qMin(limit, 200); // capped: the original had no cap
            auto rows = RequestLogRepository(ctx->services.db).list({}, limit, 0);
            if (!rows)
                return AdminHttp::sendError(responder, rows.error());
            QJsonArray out;
            for (const RequestRecord& r : rows.value())
                out.append(JsonCodec::toJson(r));
            AdminHttp::sendJson(responder, 200, out);
        });

    get(QStringLiteral("/api/v1/projects/{id}/usage"),
        [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal&) {
            auto p = ProjectRepository(ctx->services.db).findById(request.pathParam(QStringLiteral("id")));
            if (!p)
                return AdminHttp::sendError(responder, p.error());
            const Project& project = p.value();
            const QDate today = Clock::utcDay(Clock::instance().nowMs());
            UsageRepository usage(ctx->services.db);
            auto day = usage.projectDay(project.id, today);
            auto month = usage.projectMonth(project.id, today);
            if (!day || !month)
                return AdminHttp::sendError(responder, !day ? day.error() : month.error());
            const UsageTotals& d = day.value();
            const UsageTotals& m = month.value();
            AdminHttp::sendJson(
                responder, 200,
                QJsonObject{
                    {QStringLiteral("project_id"), project.id},
                    {QStringLiteral("date"), today.toString(Qt::ISODate)},
                    {QStringLiteral("today"), usageJson(d)},
                    {QStringLiteral("month"), usageJson(m)},
                    {QStringLiteral("limits"),
                     QJsonObject{
                         {QStringLiteral("daily_tokens"), tokenLimit(d.totalTokens, project.dailyTokenLimit)},
                         {QStringLiteral("monthly_tokens"), tokenLimit(m.totalTokens, project.monthlyTokenLimit)},
                         {QStringLiteral("daily_cost"), costLimit(d.costMicros, project.dailyCostLimitMicros)},
                         {QStringLiteral("monthly_cost"), costLimit(m.costMicros, project.monthlyCostLimitMicros)}}}});
        });

    get(QStringLiteral("/api/v1/requests"),
        [ctx](const HttpRequest& request, HttpResponder& responder, const AdminPrincipal&) {
            RequestLogRepository::Filter f;
            auto project = projectParam(ctx->services.db, request);
            if (!project)
                return AdminHttp::sendError(responder, project.error());
            f.projectId = project.value();
            f.provider = request.queryItem(QStringLiteral("provider"));
            f.model = request.queryItem(QStringLiteral("model"));
            f.status = request.queryItem(QStringLiteral("status"));
            if (!f.status.isEmpty()
                && !QStringList{QStringLiteral("success"), QStringLiteral("error"), QStringLiteral("rejected"),
                                QStringLiteral("cancelled")}
                        .contains(f.status))
                return AdminHttp::sendError(
                    responder,
                    Error::invalid(QStringLiteral("status must be one of: success, error, rejected, cancelled"),
                                   "status"));
            for (const auto& [name, target] :
                 {std::pair{QStringLiteral("from"), &f.fromMs}, std::pair{QStringLiteral("to"), &f.toMs}}) {
                const QString text = request.queryItem(name);
                if (text.isEmpty())
                    continue;
                const auto t = parseTime(text);
                if (!t || *t <= 0)
                    return AdminHttp::sendError(
                        responder,
                        Error::invalid(QStringLiteral("%1 must be an ISO 8601 time or epoch milliseconds").arg(name),
                                       name));
                *target = *t;
            }
            auto limit = AdminHttp::queryInt(request, QStringLiteral("limit"), 50, 1, 1000);
            if (!limit)
                return AdminHttp::sendError(responder, limit.error());
            auto offset = AdminHttp::queryInt(request, QStringLiteral("offset"), 0, 0, 100000000);
            if (!offset)
                return AdminHttp::sendError(responder, offset.error());
            RequestLogRepository log(ctx->services.db);
            auto rows = log.list(f, limit.value(), offset.value());
            auto count = log.count(f);
            if (!rows || !count)
                return AdminHttp::sendError(responder, !rows ? rows.error() : count.error());
            QJsonArray data;
            for (const RequestRecord& r : rows.value())
                data.append(JsonCodec::toJson(r));
            AdminHttp::sendJson(responder, 200,
                                QJsonObject{{QStringLiteral("data"), data},
                                            {QStringLiteral("total"), double(count.value())},
                                            {QStringLiteral("limit"), limit.value()},
                                            {QStringLiteral("offset"), offset.value()}});
        });
}
