#pragma once

#include <QString>

/** Where the tests find the source tree, the build tree and the shared provider fixtures. */
class TestPaths
{
public:
    static QString sourceDir();
    static QString binaryDir();
    /** tests/fixtures: recorded provider responses (copied from shared/fixtures, sources in its READMEs). */
    static QString fixturesDir();
    static QByteArray readFixture(const QString& relativePath);
};
