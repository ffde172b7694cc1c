#pragma once

#include "util/Result.h"

#include <QHash>
#include <QProcessEnvironment>
#include <QString>

/**
 * Settings from, in order of precedence: command-line flags (set by the caller with set()),
 * environment variables, the config file (INI; --config, AIGW_CONFIG, or ~/.config/aigw/aigw.conf when it
 * exists), built-in defaults. Keys are "section/name", e.g. "server/listen"; see
 * resources/aigw.example.conf for every key and the environment variables that override it.
 */
class Config
{
public:
    /** explicitPath empty: AIGW_CONFIG, then ~/.config/aigw/aigw.conf if present, else no file. */
    static Result<Config> load(const QString& explicitPath, const QProcessEnvironment& env);
    static Config fromEnvironment(const QProcessEnvironment& env);

    /** The first non-empty of: a value set(), the environment variables named, the file, fallback. */
    QString value(const QString& key, const QStringList& envNames = {}, const QString& fallback = {}) const;
    /** As value(), parsed as an integer; an unparsable value is an error naming the key. */
    Result<qint64> integer(const QString& key, const QStringList& envNames, qint64 fallback) const;
    void set(const QString& key, const QString& value);

    const QProcessEnvironment& environment() const { return m_env; }
    QString filePath() const { return m_filePath; }

private:
    QProcessEnvironment m_env;
    QString m_filePath;
    QHash<QString, QString> m_file;
    QHash<QString, QString> m_overrides;
};
