#include "SecretInput.h"

#include <QFile>

#include <cstdio>
#include <iostream>
#include <string>
#include <termios.h>
#include <unistd.h>

Result<QString> SecretInput::read(const QString& prompt, const QString& what)
{
    QByteArray bytes;
    if (::isatty(STDIN_FILENO)) {
        std::fputs(prompt.toLocal8Bit().constData(), stderr);
        std::fflush(stderr);
        termios old{};
        const bool haveTerm = ::tcgetattr(STDIN_FILENO, &old) == 0;
        if (haveTerm) {
            termios silent = old;
            silent.c_lflag &= ~tcflag_t(ECHO);
            ::tcsetattr(STDIN_FILENO, TCSANOW, &silent);
        }
        std::string line;
        std::getline(std::cin, line);
        if (haveTerm)
            ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::fputs("\n", stderr);
        bytes = QByteArray::fromStdString(line);
    } else {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return Error::invalid(QStringLiteral("cannot read %1 from standard input").arg(what));
        bytes = in.read(64 * 1024);
    }
    if (bytes.endsWith('\n'))
        bytes.chop(1);
    if (bytes.endsWith('\r'))
        bytes.chop(1);
    const QString value = QString::fromUtf8(bytes);
    if (value.isEmpty())
        return Error::invalid(QStringLiteral("no %1 given on standard input").arg(what), what);
    return value;
}
