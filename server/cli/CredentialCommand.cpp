#include "CredentialCommand.h"

#include "CliArguments.h"
#include "CliContext.h"
#include "CliOutput.h"
#include "SecretInput.h"
#include "domain/JsonCodec.h"
#include "security/CredentialCipher.h"
#include "services/CredentialService.h"
#include "services/ProjectService.h"
#include "util/Clock.h"

#include <QJsonArray>

QString CredentialCommand::summary() const
{
    return QStringLiteral("store, list and delete a project's provider API keys (encrypted)");
}

QString CredentialCommand::usage() const
{
    return QStringLiteral(
        "usage: aigw credential set PROJECT PROVIDER [--base-url URL] [--json]   the API key is read from stdin\n"
        "       aigw credential list PROJECT [--json]                            keys are shown masked\n"
        "       aigw credential delete PROJECT PROVIDER\n"
        "\n"
        "PROVIDER is gemini, openai or anthropic. --base-url points the provider at another endpoint,\n"
        "e.g. any OpenAI-compatible server (vLLM, Ollama, llama.cpp) for the openai provider.\n");
}

Result<int> CredentialCommand::run(CliContext& ctx, const QStringList& args)
{
    const QString action = args.value(0);
    if (action.isEmpty())
        return Error::invalid(QStringLiteral("missing action: set, list or delete"));
    auto parsed = CliArguments::parse(args.mid(1), {QStringLiteral("base-url")}, {QStringLiteral("json")});
    if (!parsed)
        return parsed.error();
    const CliArguments& a = parsed.value();
    const bool json = a.flag(QStringLiteral("json"));
    if (action != QLatin1String("set") && a.has(QStringLiteral("base-url")))
        return Error::invalid(QStringLiteral("%1 takes no --base-url").arg(action), QStringLiteral("base-url"));

    if (action == QLatin1String("set")) {
        if (auto e = a.expectPositionals({QStringLiteral("PROJECT"), QStringLiteral("PROVIDER")}); !e)
            return e.error();
        // Validate everything we can before asking for the secret.
        const QString provider = a.positional(1).trimmed().toLower();
        if (auto v = CredentialService::validate(provider, QStringLiteral("x"), a.value(QStringLiteral("base-url")));
            !v)
            return v.error();
    } else if (action == QLatin1String("list")) {
        if (auto e = a.expectPositionals({QStringLiteral("PROJECT")}); !e)
            return e.error();
    } else if (action == QLatin1String("delete")) {
        if (auto e = a.expectPositionals({QStringLiteral("PROJECT"), QStringLiteral("PROVIDER")}); !e)
            return e.error();
    } else {
        return Error::invalid(QStringLiteral("unknown action '%1'; expected set, list or delete").arg(action));
    }

    auto db = ctx.database();
    if (!db)
        return db.error();
    auto project = ProjectService(*db.value()).resolve(a.positional(0));
    if (!project)
        return project.error();
    auto secrets = ctx.secrets();
    if (!secrets)
        return secrets.error();
    CredentialService credentials(*db.value(), CredentialCipher(secrets.value()->encryptionKeys()));

    if (action == QLatin1String("set")) {
        auto key = SecretInput::read(QStringLiteral("%1 API key: ").arg(a.positional(1)), QStringLiteral("api_key"));
        if (!key)
            return key.error();
        auto stored
            = credentials.set(project.value().id, a.positional(1), key.value(), a.value(QStringLiteral("base-url")));
        if (!stored)
            return stored.error();
        if (json)
            CliOutput::json(ctx.out(), JsonCodec::toJson(stored.value()));
        else
            ctx.out() << stored.value().provider << " credential stored for project " << project.value().id << " ("
                      << stored.value().maskedKey() << ")\n";
        return 0;
    }
    if (action == QLatin1String("list")) {
        auto list = credentials.list(project.value().id);
        if (!list)
            return list.error();
        if (json) {
            QJsonArray arr;
            for (const ProviderCredential& c : list.value())
                arr << JsonCodec::toJson(c);
            CliOutput::json(ctx.out(), arr);
            return 0;
        }
        QList<QStringList> rows;
        for (const ProviderCredential& c : list.value())
            rows << QStringList{c.provider, c.maskedKey(),
                                c.baseUrl.isEmpty() ? QStringLiteral("(default)") : c.baseUrl,
                                Clock::isoUtc(c.updatedAt)};
        CliOutput::table(
            ctx.out(),
            {QStringLiteral("PROVIDER"), QStringLiteral("KEY"), QStringLiteral("BASE URL"), QStringLiteral("UPDATED")},
            rows);
        return 0;
    }
    if (auto r = credentials.remove(project.value().id, a.positional(1)); !r)
        return r.error();
    ctx.out() << a.positional(1).toLower() << " credential deleted from project " << project.value().id << '\n';
    return 0;
}
