#include "ListenAddress.h"

ListenAddress::ListenAddress(QHostAddress host, quint16 port)
    : m_host(std::move(host))
    , m_port(port)
{ }

Result<ListenAddress> ListenAddress::parse(const QString& text)
{
    const QString field = QStringLiteral("listen");
    const QString input = text.trimmed();
    QString hostPart;
    QString portPart;
    if (input.startsWith(u'[')) {
        const qsizetype close = input.indexOf(u']');
        if (close < 0 || close + 1 >= input.size() || input.at(close + 1) != u':')
            return Error::invalid(QStringLiteral("expected [IPv6]:PORT, got \"%1\"").arg(text), field);
        hostPart = input.mid(1, close - 1);
        portPart = input.mid(close + 2);
        QHostAddress address;
        if (!address.setAddress(hostPart) || address.protocol() != QAbstractSocket::IPv6Protocol)
            return Error::invalid(QStringLiteral("\"%1\" is not an IPv6 address").arg(hostPart), field);
    } else {
        const qsizetype colon = input.lastIndexOf(u':');
        if (colon < 0)
            return Error::invalid(QStringLiteral("expected HOST:PORT, got \"%1\"").arg(text), field);
        hostPart = input.left(colon);
        portPart = input.mid(colon + 1);
        if (hostPart.contains(u':'))
            return Error::invalid(QStringLiteral("write IPv6 addresses in brackets: [%1]:PORT").arg(hostPart), field);
    }

    if (portPart.isEmpty())
        return Error::invalid(QStringLiteral("missing port in \"%1\"").arg(text), field);
    for (const QChar c : portPart) {
        if (c < u'0' || c > u'9')
            return Error::invalid(QStringLiteral("invalid port \"%1\"").arg(portPart), field);
    }
    bool ok = false;
    const uint port = portPart.toUInt(&ok);
    if (!ok || port > 65535 || portPart.size() > 5)
        return Error::invalid(QStringLiteral("port %1 is out of range (0-65535)").arg(portPart), field);

    QHostAddress host;
    if (input.startsWith(u'[')) {
        host.setAddress(hostPart);
    } else if (hostPart.isEmpty() || hostPart == u"*") {
        host = QHostAddress(QHostAddress::AnyIPv4);
    } else if (hostPart.compare(u"localhost", Qt::CaseInsensitive) == 0) {
        host = QHostAddress(QHostAddress::LocalHost);
    } else if (!host.setAddress(hostPart) || host.protocol() != QAbstractSocket::IPv4Protocol) {
        return Error::invalid(QStringLiteral("\"%1\" is not an IPv4 address (use [..] for IPv6)").arg(hostPart), field);
    }
    return ListenAddress(host, quint16(port));
}

QString ListenAddress::toString() const
{
    if (m_host.protocol() == QAbstractSocket::IPv6Protocol)
        return QStringLiteral("[%1]:%2").arg(m_host.toString()).arg(m_port);
    return QStringLiteral("%1:%2").arg(m_host.toString()).arg(m_port);
}
