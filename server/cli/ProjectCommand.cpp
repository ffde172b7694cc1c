#include "ProjectCommand.h"

#include "CliArguments.h"
#include "CliContext.h"
#include "CliOutput.h"
#include "domain/JsonCodec.h"
#include "domain/Money.h"
#include "services/ProjectService.h"
#include "storage/UsageRepository.h"
#include "util/Clock.h"

#include <QJsonArray>

namespace {
const QStringList kSettingOptions = {QStringLiteral("name"),
                                     QStringLiteral("description"),
                                     QStringLiteral("daily-cost-limit"),
                                     QStringLiteral("monthly-cost-limit"),
                                     QStringLiteral("daily-token-limit"),
                                     QStringLiteral("monthly-token-limit"),
                                     QStringLiteral("default-provider"),
                                     QStringLiteral("default-capability"),
                                     QStringLiteral("fallbacks")};

bool isNone(const QString& v)
{
    return v.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0;
}

Result<std::optional<qint64>> tokenLimit(const QString& value, const QString& option)
{
    if (isNone(value))
        return std::optional<qint64>();
    bool ok = false;
    const qint64 n = value.toLongLong(&ok);
    if (!ok || n < 0)
        return Error::invalid(
            QStringLiteral("--%1 must be a whole number of tokens or 'none', got '%2'").arg(option, value), option);
    return std::optional<qint64>(n);
}

Result<std::optional<qint64>> costLimit(const QString& value, const QString& option)
{
    if (isNone(value))
        return std::optional<qint64>();
    const auto micros = Money::parseUsd(value);
    if (!micros)
        return Error::invalid(
            QStringLiteral(
                "--%1 must be an amount in USD with at most 6 decimals (e.g. 10 or 2.50) or 'none', got '%2'")
                .arg(option, value),
            option);
    return std::optional<qint64>(*micros);
}

/** Applies the options given on the command line to p; untouched fields keep their value. */
Result<void> applyOptions(const CliArguments& a, Project& p)
{
    if (a.has(QStringLiteral("name")))
        p.name = a.value(QStringLiteral("name"));
    if (a.has(QStringLiteral("description")))
        p.description = a.value(QStringLiteral("description"));
    struct Limit
    {
        const char* option;
        std::optional<qint64>* field;
        bool money;
    };
    const Limit limits[] = {{"daily-cost-limit", &p.dailyCostLimitMicros, true},
                            {"monthly-cost-limit", &p.monthlyCostLimitMicros, true},
                            {"daily-token-limit", &p.dailyTokenLimit, false},
                            {"monthly-token-limit", &p.monthlyTokenLimit, false}};
    for (const Limit& l : limits) {
        const QString option = QString::fromLatin1(l.option);
        if (!a.has(option))
            continue;
        auto v = l.money ? costLimit(a.value(option), option) : tokenLimit(a.value(option), option);
        if (!v)
            return v.error();
        *l.field = v.value();
    }
    if (a.has(QStringLiteral("default-provider"))) {
        const QString v = a.value(QStringLiteral("default-provider")).trimmed().toLower();
        p.defaultProvider = isNone(v) ? QString() : v;
    }
    if (a.has(QStringLiteral("default-capability")))
        p.defaultCapability = a.value(QStringLiteral("default-capability")).trimmed().toLower();
    if (a.has(QStringLiteral("fallbacks"))) {
        const QString v = a.value(QStringLiteral("fallbacks"));
        p.fallbacks = isNone(v) ? QStringList() : v.split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (QString& f : p.fallbacks)
            f = f.trimmed();
    }
    return {};
}

QString limitText(const std::optional<qint64>& v, bool money)
{
    if (!v)
        return QStringLiteral("-");
    return money ? QLatin1Char('$') + Money::formatUsd(*v, true) : QString::number(*v);
}

QList<QPair<QString, QString>> describe(const Project& p)
{
    return {
        {QStringLiteral("id"), p.id},
        {QStringLiteral("name"), p.name},
        {QStringLiteral("description"), p.description},
        {QStringLiteral("active"), p.active ? QStringLiteral("yes") : QStringLiteral("no")},
        {QStringLiteral("daily cost limit"), limitText(p.dailyCostLimitMicros, true)},
        {QStringLiteral("monthly cost limit"), limitText(p.monthlyCostLimitMicros, true)},
        {QStringLiteral("daily token limit"), limitText(p.dailyTokenLimit, false)},
        {QStringLiteral("monthly token limit"), limitText(p.monthlyTokenLimit, false)},
        {QStringLiteral("default provider"), p.defaultProvider.isEmpty() ? QStringLiteral("auto") : p.defaultProvider},
        {QStringLiteral("default capability"), p.defaultCapability},
        {QStringLiteral("fallbacks"),
         p.fallbacks.isEmpty() ? QStringLiteral("-") : p.fallbacks.join(QStringLiteral(", "))},
        {QStringLiteral("created"), Clock::isoUtc(p.createdAt)},
        {QStringLiteral("updated"), Clock::isoUtc(p.updatedAt)}};
}
} // namespace

QString ProjectCommand::summary() const
{
    return QStringLiteral("create, list, show, update and deactivate projects");
}

QString ProjectCommand::usage() const
{
    return QStringLiteral(
        "usage: aigw project create NAME [SETTINGS] [--json]       prints the new project's id\n"
        "       aigw project list [--all] [--json]                 --all includes deactivated projects\n"
        "       aigw project show PROJECT [--json]\n"
        "       aigw project update PROJECT [SETTINGS] [--json]\n"
        "       aigw project deactivate PROJECT\n"
        "       aigw project activate PROJECT\n"
        "\n"
        "PROJECT is a project id or a unique project name.\n"
        "SETTINGS:\n"
        "  --name NAME  --description TEXT\n"
        "  --daily-cost-limit USD  --monthly-cost-limit USD          e.g. 10 or 2.50; 'none' removes the limit\n"
        "  --daily-token-limit N  --monthly-token-limit N            'none' removes the limit\n"
        "  --default-provider gemini|openai|anthropic|none\n"
        "  --default-capability fast|balanced|thinking|best\n"
        "  --fallbacks provider/model,...                           tried in order when a model fails; 'none' "
        "clears\n");
}

Result<int> ProjectCommand::run(CliContext& ctx, const QStringList& args)
{
    const QString action = args.value(0);
    const QStringList rest = args.mid(1);
    if (action.isEmpty())
        return Error::invalid(QStringLiteral("missing action: create, list, show, update, deactivate or activate"));
    auto parsed = CliArguments::parse(rest, kSettingOptions, {QStringLiteral("json"), QStringLiteral("all")});
    if (!parsed)
        return parsed.error();
    const CliArguments& a = parsed.value();
    const bool json = a.flag(QStringLiteral("json"));
    auto db = ctx.database();
    if (!db)
        return db.error();
    ProjectService projects(*db.value());

    if (action == QLatin1String("create")) {
        if (auto e = a.expectPositionals({QStringLiteral("NAME")}); !e)
            return e.error();
        if (a.has(QStringLiteral("name")))
            return Error::invalid(QStringLiteral("give the name as the argument, not as --name"),
                                  QStringLiteral("name"));
        Project p;
        p.name = a.positional(0);
        if (auto r = applyOptions(a, p); !r)
            return r.error();
        auto created = projects.create(p);
        if (!created)
            return created.error();
        if (json)
            CliOutput::json(ctx.out(), JsonCodec::toJson(created.value()));
        else
            ctx.out() << created.value().id << '\n';
        return 0;
    }
    if (action == QLatin1String("list")) {
        if (auto e = a.expectPositionals({}); !e)
            return e.error();
        auto list = projects.list(a.flag(QStringLiteral("all")));
        if (!list)
            return list.error();
        if (json) {
            QJsonArray arr;
            for (const Project& p : list.value())
                arr << JsonCodec::toJson(p);
            CliOutput::json(ctx.out(), arr);
            return 0;
        }
        QList<QStringList> rows;
        for (const Project& p : list.value())
            rows << QStringList{p.id,
                                p.name,
                                p.active ? QStringLiteral("yes") : QStringLiteral("no"),
                                limitText(p.dailyCostLimitMicros, true),
                                limitText(p.monthlyCostLimitMicros, true),
                                limitText(p.dailyTokenLimit, false),
                                limitText(p.monthlyTokenLimit, false),
                                p.defaultProvider.isEmpty() ? QStringLiteral("auto") : p.defaultProvider,
                                p.defaultCapability};
        CliOutput::table(ctx.out(),
                         {QStringLiteral("ID"), QStringLiteral("NAME"), QStringLiteral("ACTIVE"),
                          QStringLiteral("DAILY $"), QStringLiteral("MONTHLY $"), QStringLiteral("DAILY TOKENS"),
                          QStringLiteral("MONTHLY TOKENS"), QStringLiteral("PROVIDER"), QStringLiteral("CAPABILITY")},
                         rows);
        return 0;
    }
    if (action == QLatin1String("show") || action == QLatin1String("update") || action == QLatin1String("deactivate")
        || action == QLatin1String("activate")) {
        if (auto e = a.expectPositionals({QStringLiteral("PROJECT")}); !e)
            return e.error();
        if (action != QLatin1String("update") && action != QLatin1String("show"))
            for (const QString& option : kSettingOptions)
                if (a.has(option))
                    return Error::invalid(QStringLiteral("%1 takes no --%2").arg(action, option), option);
        auto project = projects.resolve(a.positional(0));
        if (!project)
            return project.error();
        Project p = project.value();
        if (action == QLatin1String("update")) {
            if (auto r = applyOptions(a, p); !r)
                return r.error();
            auto updated = projects.update(p);
            if (!updated)
                return updated.error();
            p = updated.value();
        } else if (action == QLatin1String("deactivate") || action == QLatin1String("activate")) {
            p.active = action == QLatin1String("activate");
            auto updated = projects.update(p);
            if (!updated)
                return updated.error();
            ctx.out() << "project " << p.id << (p.active ? " activated" : " deactivated") << '\n';
            return 0;
        } else {
            for (const QString& option : kSettingOptions)
                if (a.has(option))
                    return Error::invalid(QStringLiteral("show takes no --%1; use update").arg(option), option);
        }
        const QDate today = Clock::utcDay(Clock::instance().nowMs());
        UsageRepository usage(*db.value());
        auto day = usage.projectDay(p.id, today);
        auto month = usage.projectMonth(p.id, today);
        if (json) {
            QJsonObject o = JsonCodec::toJson(p);
            if (day && month)
                o.insert(QStringLiteral("usage"),
                         QJsonObject{{QStringLiteral("today"), JsonCodec::toJson(day.value())},
                                     {QStringLiteral("month"), JsonCodec::toJson(month.value())}});
            CliOutput::json(ctx.out(), o);
            return 0;
        }
        auto fields = describe(p);
        if (day && month) {
            fields << qMakePair(QStringLiteral("today (UTC)"),
                                QStringLiteral("%1 requests, %2 tokens, $%3")
                                    .arg(day.value().requestCount)
                                    .arg(day.value().totalTokens)
                                    .arg(Money::formatUsd(day.value().costMicros)));
            fields << qMakePair(QStringLiteral("this month"),
                                QStringLiteral("%1 requests, %2 tokens, $%3")
                                    .arg(month.value().requestCount)
                                    .arg(month.value().totalTokens)
                                    .arg(Money::formatUsd(month.value().costMicros)));
        }
        CliOutput::fields(ctx.out(), fields);
        return 0;
    }
    return Error::invalid(
        QStringLiteral("unknown action '%1'; expected create, list, show, update, deactivate or activate").arg(action));
}
