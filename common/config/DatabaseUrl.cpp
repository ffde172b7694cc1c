#include "DatabaseUrl.h"

#include "DataPaths.h"

#include <QDir>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace {
// libpq keywords that may be passed through from the URL query string.
const QStringList kAllowedOptions = {QStringLiteral("sslmode"),
                                     QStringLiteral("sslrootcert"),
                                     QStringLiteral("sslcert"),
                                     QStringLiteral("sslkey"),
                                     QStringLiteral("connect_timeout"),
                                     QStringLiteral("application_name"),
                                     QStringLiteral("target_session_attrs")};
} // namespace

DatabaseUrl DatabaseUrl::sqlite(const QString& path)
{
    DatabaseUrl u;
    u.m_dialect = SqlDialect::SQLite;
    u.m_path = QDir::cleanPath(QDir::current().absoluteFilePath(path));
    return u;
}

Result<DatabaseUrl> DatabaseUrl::parse(const QString& text)
{
    const QString s = text.trimmed();
    if (s.startsWith(QLatin1String("sqlite:"), Qt::CaseInsensitive)) {
        QString path = s.mid(7);
        if (path.startsWith(QLatin1String("//")))
            path = path.mid(2); // sqlite:///abs/path and sqlite://relative both accepted
        if (path.isEmpty())
            return Error::invalid(QStringLiteral("database URL '%1' names no file; expected sqlite:PATH").arg(s),
                                  QStringLiteral("database"));
        if (path.startsWith(QLatin1String("~/")))
            path = QDir::homePath() + path.mid(1);
        return sqlite(path);
    }
    if (s.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive)
        || s.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive)) {
        const QUrl url(s, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty())
            return Error::invalid(
                QStringLiteral("malformed PostgreSQL URL; expected postgresql://user:password@host:port/database"),
                QStringLiteral("database"));
        DatabaseUrl u;
        u.m_dialect = SqlDialect::PostgreSQL;
        u.m_host = url.host();
        u.m_port = url.port(5432);
        if (u.m_port <= 0 || u.m_port > 65535)
            return Error::invalid(QStringLiteral("database URL has an invalid port"), QStringLiteral("database"));
        u.m_database = url.path().mid(1);
        if (u.m_database.isEmpty() || u.m_database.contains(QLatin1Char('/')))
            return Error::invalid(QStringLiteral("database URL names no database; expected .../DATABASE"),
                                  QStringLiteral("database"));
        u.m_user = url.userName(QUrl::FullyDecoded);
        u.m_password = url.password(QUrl::FullyDecoded);
        QStringList options;
        bool hasTimeout = false;
        const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
        for (const auto& [key, value] : items) {
            if (!kAllowedOptions.contains(key))
                return Error::invalid(QStringLiteral("unsupported database URL option '%1'").arg(key),
                                      QStringLiteral("database"));
            // QPSQL turns ';' into ' ' and appends the options unquoted to the libpq conninfo string, so a
            // separator, quote or backslash in a value (or an empty value) would smuggle in other keywords.
            if (value.isEmpty() || std::any_of(value.cbegin(), value.cend(), [](QChar c) {
                    return c.isSpace() || c == QLatin1Char(';') || c == QLatin1Char('\'') || c == QLatin1Char('\\');
                }))
                return Error::invalid(
                    QStringLiteral("database URL option '%1' must have a value without spaces, quotes, backslashes "
                                   "or semicolons")
                        .arg(key),
                    QStringLiteral("database"));
            hasTimeout = hasTimeout || key == QLatin1String("connect_timeout");
            options << key + QLatin1Char('=') + value;
        }
        if (!hasTimeout)
            options << QStringLiteral("connect_timeout=5");
        u.m_options = options.join(QLatin1Char(';'));
        return u;
    }
    return Error::invalid(
        QStringLiteral("unsupported database URL '%1'; expected sqlite:PATH or postgresql://user:pass@host:port/db")
            .arg(s.section(QLatin1Char(':'), 0, 0)),
        QStringLiteral("database"));
}

Result<DatabaseUrl> DatabaseUrl::resolve(const QString& explicitUrl, const QProcessEnvironment& env)
{
    if (!explicitUrl.isEmpty())
        return parse(explicitUrl);
    const QString fromEnv = env.value(QStringLiteral("AIGW_DATABASE_URL"));
    if (!fromEnv.isEmpty())
        return parse(fromEnv);
    if (!env.value(QStringLiteral("DB_HOST")).isEmpty()) {
        // The original project's variables, with the defaults of its application.yml: ${DB_PORT:5432},
        // ${DB_NAME:ai_gateway}, ${DB_USER:postgres}, ${DB_PASSWORD:postgres}. Set but empty (docker-compose's value
        // for a variable missing from .env) counts as unset.
        const auto envOr = [&env](const char* name, const QString& fallback) {
            const QString v = env.value(QLatin1String(name));
            return v.isEmpty() ? fallback : v;
        };
        DatabaseUrl u;
        u.m_dialect = SqlDialect::PostgreSQL;
        u.m_host = env.value(QStringLiteral("DB_HOST"));
        bool ok = false;
        u.m_port = envOr("DB_PORT", QStringLiteral("5432")).toInt(&ok);
        if (!ok || u.m_port <= 0 || u.m_port > 65535)
            return Error::invalid(QStringLiteral("DB_PORT is not a valid port"), QStringLiteral("DB_PORT"));
        u.m_database = envOr("DB_NAME", QStringLiteral("ai_gateway"));
        u.m_user = envOr("DB_USER", QStringLiteral("postgres"));
        u.m_password = envOr("DB_PASSWORD", QStringLiteral("postgres"));
        u.m_options = QStringLiteral("connect_timeout=5");
        return u;
    }
    DatabaseUrl u = sqlite(DataPaths::defaultDatabasePath(env));
    u.m_embeddedDefault = true;
    return u;
}

QString DatabaseUrl::toString() const
{
    if (isSqlite())
        return QStringLiteral("sqlite:") + m_path;
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setHost(m_host);
    url.setPort(m_port);
    url.setUserName(m_user);
    url.setPassword(m_password);
    url.setPath(QLatin1Char('/') + m_database);
    // The connection options too, or a URL handed on (to a child process, say) would lose sslmode.
    QUrlQuery query;
    const QStringList options = m_options.split(QLatin1Char(';'), Qt::SkipEmptyParts);
    for (const QString& option : options)
        query.addQueryItem(option.section(QLatin1Char('='), 0, 0), option.section(QLatin1Char('='), 1));
    url.setQuery(query);
    return url.toString();
}

QString DatabaseUrl::redacted() const
{
    if (isSqlite())
        return toString();
    QString userPart = m_user;
    if (!m_password.isEmpty())
        userPart += QStringLiteral(":***");
    return QStringLiteral("postgresql://%1%2%3:%4/%5")
        .arg(userPart, userPart.isEmpty() ? QString() : QStringLiteral("@"), m_host)
        .arg(m_port)
        .arg(m_database);
}
