// aigw-desktop: the admin console and chat client of AIGW.

#include "MainWindow.h"
#include "services/KeychainCredentialStore.h"
#include "services/LanguageSettings.h"
#include "services/Session.h"

#include <QApplication>
#include <QDir>
#include <QStandardPaths>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("aigw"));
    QApplication::setApplicationName(QStringLiteral("aigw-desktop"));
    QApplication::setApplicationDisplayName(QStringLiteral("AIGW Desktop"));
    QApplication::setApplicationVersion(QStringLiteral(AIGW_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("aigw-desktop"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/aigw.png")));
    LanguageSettings::install(app);

    Session session;
    KeychainCredentialStore keychain(QStringLiteral("aigw-desktop"));
    const QString conversations = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                                      .filePath(QStringLiteral("conversations"));
    MainWindow window(&session, &keychain, conversations);
    window.show();
    return QApplication::exec();
}
