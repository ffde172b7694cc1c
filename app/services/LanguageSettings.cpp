#include "LanguageSettings.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

QString LanguageSettings::current()
{
    return QSettings().value(QStringLiteral("ui/language")).toString();
}

void LanguageSettings::setCurrent(const QString& code)
{
    QSettings().setValue(QStringLiteral("ui/language"), code);
}

QString LanguageSettings::install(QCoreApplication& app)
{
    QString code = current();
    if (code.isEmpty())
        code = QLocale().language() == QLocale::German ? QStringLiteral("de") : QStringLiteral("en");
    if (code == QLatin1String("en"))
        return code;
    const QLocale locale(code);
    auto* own = new QTranslator(&app);
    if (own->load(locale, QStringLiteral("aigw-desktop"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(own);
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    QLocale::setDefault(locale);
    return code;
}
