#include "TestPaths.h"

#include <QDir>
#include <QFile>

QString TestPaths::sourceDir()
{
    return qEnvironmentVariable("AIGW_SOURCE_DIR", QStringLiteral(AIGW_SOURCE_DIR_DEFAULT));
}

QString TestPaths::binaryDir()
{
    return qEnvironmentVariable("AIGW_BINARY_DIR", QStringLiteral(AIGW_BINARY_DIR_DEFAULT));
}

QString TestPaths::fixturesDir()
{
    return QDir(sourceDir()).absoluteFilePath(QStringLiteral("tests/fixtures"));
}

QByteArray TestPaths::readFixture(const QString& relativePath)
{
    QFile f(QDir(fixturesDir()).absoluteFilePath(relativePath));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read fixture %s", qPrintable(f.fileName()));
    return f.readAll();
}
