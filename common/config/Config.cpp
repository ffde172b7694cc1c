#include "Config.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

Config Config::fromEnvironment(const QProcessEnvironment& env)
{
    Config c;
    c.m_env = env;
    return c;
}

Result<Config> Config::load(const QString& explicitPath, const QProcessEnvironment& env)
{
    Config c = fromEnvironment(env);
    QString path = explicitPath;
    bool required = !path.isEmpty();
    if (path.isEmpty()) {
        path = env.value(QStringLiteral("AIGW_CONFIG"));
        required = !path.isEmpty();
    }
    if (path.isEmpty()) {
        QString base = env.value(QStringLiteral("XDG_CONFIG_HOME"));
        if (base.isEmpty())
            base = env.value(QStringLiteral("HOME"), QDir::homePath()) + QStringLiteral("/.config");
        path = base + QStringLiteral("/aigw/aigw.conf");
    }
    const QFileInfo info(path);
    if (!info.exists()) {
        if (required)
            return Error::invalid(QStringLiteral("config file %1 does not exist").arg(path), QStringLiteral("config"));
        return c;
    }
    if (!info.isReadable())
        return Error::invalid(QStringLiteral("config file %1 is not readable").arg(path), QStringLiteral("config"));
    QSettings settings(path, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError)
        return Error::invalid(QStringLiteral("config file %1 is not valid INI").arg(path), QStringLiteral("config"));
    const QStringList keys = settings.allKeys();
    for (const QString& key : keys) {
        // QSettings splits an unquoted value at commas into a QStringList, which toString() turns into "".
        const QVariant v = settings.value(key);
        c.m_file.insert(key,
                        v.typeId() == QMetaType::QStringList ? v.toStringList().join(QLatin1Char(',')) : v.toString());
    }
    c.m_filePath = info.absoluteFilePath();
    return c;
}

QString Config::value(const QString& key, const QStringList& envNames, const QString& fallback) const
{
    const QString o = m_overrides.value(key);
    if (!o.isEmpty())
        return o;
    for (const QString& name : envNames) {
        const QString v = m_env.value(name);
        if (!v.isEmpty())
            return v;
    }
    const QString f = m_file.value(key);
    if (!f.isEmpty())
        return f;
    return fallback;
}

Result<qint64> Config::integer(const QString& key, const QStringList& envNames, qint64 fallback) const
{
    const QString v = value(key, envNames);
    if (v.isEmpty())
        return fallback;
    bool ok = false;
    const qint64 n = v.trimmed().toLongLong(&ok);
    if (!ok)
        return Error::invalid(QStringLiteral("%1 must be an integer, got '%2'").arg(key, v), key);
    return n;
}

void Config::set(const QString& key, const QString& value)
{
    m_overrides.insert(key, value);
}
