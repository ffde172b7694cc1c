#pragma once

#include "util/Result.h"

#include <QHostAddress>
#include <QString>

/**
 * The `--listen HOST:PORT` value of `aigw serve`.
 *
 * Accepted forms: `127.0.0.1:8080`, `[::1]:8080`, `localhost:8080` (127.0.0.1), `0.0.0.0:8080`,
 * `*:8080` or `:8080` (all IPv4 interfaces), `[::]:8080` (all interfaces, dual-stack). The port is 0-65535;
 * 0 asks the kernel for a free port (HttpFrontend::port() reports the bound one). Host names other than
 * localhost are rejected: the gateway does not resolve names at start-up.
 */
class ListenAddress
{
public:
    ListenAddress() = default;
    ListenAddress(QHostAddress host, quint16 port);

    static Result<ListenAddress> parse(const QString& text);

    QHostAddress host() const { return m_host; }
    quint16 port() const { return m_port; }
    /** "127.0.0.1:8080" / "[::1]:8080". */
    QString toString() const;

private:
    QHostAddress m_host{QHostAddress::LocalHost};
    quint16 m_port = 0;
};
