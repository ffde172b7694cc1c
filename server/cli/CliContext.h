#pragma once

#include "config/Config.h"
#include "config/DatabaseUrl.h"
#include "config/Secrets.h"
#include "storage/Database.h"
#include "util/Result.h"

#include <QTextStream>

#include <memory>
#include <optional>

/**
 * What every sub-command shares: the configuration (global --config and --database), the database
 * (opened and migrated on first use), the secrets, and the output streams.
 */
class CliContext
{
public:
    CliContext(QTextStream& out, QTextStream& err);

    Result<void> configure(const QString& configPath, const QString& databaseUrl);

    const Config& config() const { return m_config; }
    const DatabaseUrl& databaseUrl() const { return m_url; }
    /** Opens the database and applies pending migrations. */
    Result<const Database*> database();
    Result<const Secrets*> secrets();

    QTextStream& out() { return m_out; }
    QTextStream& err() { return m_err; }

private:
    QTextStream& m_out;
    QTextStream& m_err;
    Config m_config;
    DatabaseUrl m_url;
    std::unique_ptr<Database> m_db;
    std::optional<Secrets> m_secrets;
};
