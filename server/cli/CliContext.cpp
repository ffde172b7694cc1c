#include "CliContext.h"

#include "storage/Migrator.h"

CliContext::CliContext(QTextStream& out, QTextStream& err)
    : m_out(out)
    , m_err(err)
{ }

Result<void> CliContext::configure(const QString& configPath, const QString& databaseUrl)
{
    const auto env = QProcessEnvironment::systemEnvironment();
    auto config = Config::load(configPath, env);
    if (!config)
        return config.error();
    m_config = config.value();
    // Precedence: --database, AIGW_DATABASE_URL / DB_* (inside resolve), then the config file.
    QString explicitUrl = databaseUrl;
    if (explicitUrl.isEmpty() && env.value(QStringLiteral("AIGW_DATABASE_URL")).isEmpty()
        && env.value(QStringLiteral("DB_HOST")).isEmpty())
        explicitUrl = m_config.value(QStringLiteral("database/url"));
    auto url = DatabaseUrl::resolve(explicitUrl, env);
    if (!url)
        return url.error();
    m_url = url.value();
    return {};
}

Result<const Database*> CliContext::database()
{
    if (m_db)
        return m_db.get();
    auto db = std::make_unique<Database>(m_url);
    auto migrated = Migrator(*db).migrate();
    if (!migrated)
        return migrated.error();
    m_db = std::move(db);
    return m_db.get();
}

Result<const Secrets*> CliContext::secrets()
{
    if (m_secrets)
        return &*m_secrets;
    auto s = Secrets::load(m_config, m_url);
    if (!s)
        return s.error();
    m_secrets = s.value();
    return &*m_secrets;
}
