#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

class Http1Connection;

/**
 * The plain-HTTP/1.1 connections of one thread, by upstream host and port: idle ones are kept for the
 * next exchange (most recently used first), busy ones are tracked so that they can be cancelled when the
 * pool goes away.
 *
 * Owned by the thread's CurlMulti, which is the thread's upstream client for both kinds of URL.
 * Destroying the pool closes every connection; an exchange still running finishes with Cancelled from
 * inside the destructor.
 */
class Http1Pool : public QObject
{
    Q_OBJECT

public:
    /** Idle connections kept per host and port; beyond that, the least recently used is closed. */
    static constexpr int MaxIdlePerHost = 256;

    explicit Http1Pool(QObject* parent = nullptr);
    ~Http1Pool() override;

    /**
     * A connection for the next exchange with @p host : @p port (@p key names the pair): the most recently
     * used idle one unless @p fresh, else a new one that connects when it begins. Null once the pool is
     * being destroyed.
     */
    Http1Connection* acquire(const QByteArray& key, const QString& host, quint16 port, bool fresh = false);

    int idleConnections() const;
    int busyConnections() const { return static_cast<int>(m_busy.size()); }

private:
    friend class Http1Connection;

    /** The exchange ended and the connection can carry another one. */
    void release(Http1Connection* connection);
    /** The connection is going away. */
    void forget(Http1Connection* connection);

    QHash<QByteArray, QList<Http1Connection*>> m_idle;
    QSet<Http1Connection*> m_busy;
    bool m_destroying = false;
};
