#pragma once

#include <QProcessEnvironment>
#include <QString>

/** The per-user data directory: AIGW_DATA_DIR, else $XDG_DATA_HOME/aigw, else ~/.local/share/aigw. */
class DataPaths
{
public:
    static QString dataDir(const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());
    static QString defaultDatabasePath(const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());
    /** Creates the directory (mode 0700) if needed; false if that is impossible. */
    static bool ensureDir(const QString& path, QString* error = nullptr);
};
