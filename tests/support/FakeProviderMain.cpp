// aigw-fake-provider: the fake of the three providers (FakeProvider) as a stand-alone process, for tests
// that drive the gateway from outside (the official openai SDK on Node). Prints "port N" and serves until
// killed. Loopback only.

#include "FakeProvider.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    FakeProvider fake;
    if (!fake.listen()) {
        std::fputs("aigw-fake-provider: cannot listen on 127.0.0.1\n", stderr);
        return 1;
    }
    std::printf("port %u\n", unsigned(fake.port()));
    std::fflush(stdout);
    return QCoreApplication::exec();
}
