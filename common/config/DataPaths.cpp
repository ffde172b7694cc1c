#include "DataPaths.h"

#include <QDir>
#include <QFile>

QString DataPaths::dataDir(const QProcessEnvironment& env)
{
    const QString explicitDir = env.value(QStringLiteral("AIGW_DATA_DIR"));
    if (!explicitDir.isEmpty())
        return QDir::cleanPath(explicitDir);
    QString base = env.value(QStringLiteral("XDG_DATA_HOME"));
    if (base.isEmpty())
        base = env.value(QStringLiteral("HOME"), QDir::homePath()) + QStringLiteral("/.local/share");
    return QDir::cleanPath(base + QStringLiteral("/aigw"));
}

QString DataPaths::defaultDatabasePath(const QProcessEnvironment& env)
{
    return dataDir(env) + QStringLiteral("/aigw.db");
}

bool DataPaths::ensureDir(const QString& path, QString* error)
{
    QDir dir(path);
    if (dir.exists())
        return true;
    if (!QDir().mkpath(path)) {
        if (error)
            *error = QStringLiteral("cannot create directory %1").arg(path);
        return false;
    }
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return true;
}
