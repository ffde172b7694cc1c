#include "KeyCommand.h"

#include "CliArguments.h"
#include "CliContext.h"
#include "CliOutput.h"
#include "domain/JsonCodec.h"
#include "services/ApiKeyService.h"
#include "services/ProjectService.h"
#include "util/Clock.h"

#include <QJsonArray>

namespace {
const QString kWarning = QStringLiteral("Copy this key now. It will not be shown again.");

Result<std::optional<qint64>> positive(const CliArguments& a, const QString& option)
{
    if (!a.has(option))
        return std::optional<qint64>();
    bool ok = false;
    const qint64 n = a.value(option).toLongLong(&ok);
    if (!ok || n <= 0)
        return Error::invalid(
            QStringLiteral("--%1 must be a positive whole number, got '%2'").arg(option, a.value(option)), option);
    return std::optional<qint64>(n);
}
} // namespace

QString KeyCommand::summary() const
{
    return QStringLiteral("create, list and revoke gateway keys (gw_...)");
}

QString KeyCommand::usage() const
{
    return QStringLiteral(
        "usage: aigw key create PROJECT [--name NAME] [--rpm N] [--tpm N] [--models m1,m2] [--json]\n"
        "       aigw key list PROJECT [--all] [--json]        --all includes revoked keys\n"
        "       aigw key revoke KEY_ID\n"
        "\n"
        "create prints the new key on standard output exactly once; only its hash is stored.\n"
        "  --rpm N      requests per minute for this key (default: the gateway's configured default)\n"
        "  --tpm N      tokens per minute for this key (default: no token limit)\n"
        "  --models     the only models this key may use (default: every model)\n");
}

Result<int> KeyCommand::run(CliContext& ctx, const QStringList& args)
{
    const QString action = args.value(0);
    if (action.isEmpty())
        return Error::invalid(QStringLiteral("missing action: create, list or revoke"));
    auto parsed = CliArguments::parse(
        args.mid(1), {QStringLiteral("name"), QStringLiteral("rpm"), QStringLiteral("tpm"), QStringLiteral("models")},
        {QStringLiteral("json"), QStringLiteral("all")});
    if (!parsed)
        return parsed.error();
    const CliArguments& a = parsed.value();
    const bool json = a.flag(QStringLiteral("json"));
    if (action != QLatin1String("create")) {
        for (const QString& o :
             {QStringLiteral("name"), QStringLiteral("rpm"), QStringLiteral("tpm"), QStringLiteral("models")})
            if (a.has(o))
                return Error::invalid(QStringLiteral("%1 takes no --%2").arg(action, o), o);
    }
    auto db = ctx.database();
    if (!db)
        return db.error();
    ApiKeyService keys(*db.value());
    ProjectService projects(*db.value());

    if (action == QLatin1String("create")) {
        if (auto e = a.expectPositionals({QStringLiteral("PROJECT")}); !e)
            return e.error();
        auto project = projects.resolve(a.positional(0));
        if (!project)
            return project.error();
        ApiKeyService::Options options;
        options.name = a.value(QStringLiteral("name"));
        auto rpm = positive(a, QStringLiteral("rpm"));
        if (!rpm)
            return rpm.error();
        if (rpm.value()) {
            if (*rpm.value() > 1000000)
                return Error::invalid(QStringLiteral("--rpm must be at most 1000000"), QStringLiteral("rpm"));
            options.rateLimitRpm = int(*rpm.value());
        }
        auto tpm = positive(a, QStringLiteral("tpm"));
        if (!tpm)
            return tpm.error();
        options.rateLimitTpm = tpm.value();
        if (a.has(QStringLiteral("models"))) {
            QStringList models = a.value(QStringLiteral("models")).split(QLatin1Char(','), Qt::SkipEmptyParts);
            for (QString& m : models)
                m = m.trimmed();
            if (models.isEmpty())
                return Error::invalid(QStringLiteral("--models needs at least one model id"), QStringLiteral("models"));
            options.allowedModels = models;
        }
        auto issued = keys.create(project.value().id, options);
        if (!issued)
            return issued.error();
        if (json) {
            QJsonObject o = JsonCodec::toJson(issued.value().key);
            o.insert(QStringLiteral("key"), issued.value().plaintext);
            o.insert(QStringLiteral("warning"), kWarning);
            CliOutput::json(ctx.out(), o);
        } else {
            ctx.out() << issued.value().plaintext << '\n';
            ctx.out().flush();
            ctx.err() << kWarning << '\n';
        }
        return 0;
    }
    if (action == QLatin1String("list")) {
        if (auto e = a.expectPositionals({QStringLiteral("PROJECT")}); !e)
            return e.error();
        auto project = projects.resolve(a.positional(0));
        if (!project)
            return project.error();
        auto list = keys.list(project.value().id, a.flag(QStringLiteral("all")));
        if (!list)
            return list.error();
        if (json) {
            QJsonArray arr;
            for (const ApiKey& k : list.value())
                arr << JsonCodec::toJson(k);
            CliOutput::json(ctx.out(), arr);
            return 0;
        }
        QList<QStringList> rows;
        for (const ApiKey& k : list.value())
            rows << QStringList{k.id,
                                k.keyPrefix + QStringLiteral("..."),
                                k.name.isEmpty() ? QStringLiteral("-") : k.name,
                                k.rateLimitRpm ? QString::number(*k.rateLimitRpm) : QStringLiteral("default"),
                                k.active ? QStringLiteral("active") : QStringLiteral("revoked"),
                                Clock::isoUtc(k.createdAt),
                                k.lastUsedAt ? Clock::isoUtc(*k.lastUsedAt) : QStringLiteral("never")};
        CliOutput::table(ctx.out(),
                         {QStringLiteral("ID"), QStringLiteral("KEY"), QStringLiteral("NAME"), QStringLiteral("RPM"),
                          QStringLiteral("STATE"), QStringLiteral("CREATED"), QStringLiteral("LAST USED")},
                         rows);
        return 0;
    }
    if (action == QLatin1String("revoke")) {
        if (auto e = a.expectPositionals({QStringLiteral("KEY_ID")}); !e)
            return e.error();
        if (auto r = keys.revoke(a.positional(0)); !r)
            return r.error();
        ctx.out() << "key " << a.positional(0).toLower() << " revoked\n";
        return 0;
    }
    return Error::invalid(QStringLiteral("unknown action '%1'; expected create, list or revoke").arg(action));
}
