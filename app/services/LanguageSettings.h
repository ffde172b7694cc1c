#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;

/** The UI language: stored in QSettings, applied at start by installing the matching translator. */
class LanguageSettings
{
public:
    /** "en" or "de"; empty: follow the system locale. */
    static QString current();
    static void setCurrent(const QString& code);
    static QStringList available() { return {QStringLiteral("en"), QStringLiteral("de")}; }
    /** Installs the translator for current() (or the system locale); returns the language in use. */
    static QString install(QCoreApplication& app);
};
