#include "Http1Pool.h"

#include "Http1Connection.h"

Http1Pool::Http1Pool(QObject* parent)
    : QObject(parent)
{ }

Http1Pool::~Http1Pool()
{
    m_destroying = true;
    const QSet<Http1Connection*> busy = std::exchange(m_busy, {});
    for (Http1Connection* connection : busy)
        connection->shutDown();
    m_idle.clear();
    // The connections are children: QObject's destructor deletes them.
}

Http1Connection* Http1Pool::acquire(const QByteArray& key, const QString& host, quint16 port, bool fresh)
{
    if (m_destroying)
        return nullptr;
    Http1Connection* connection = nullptr;
    if (!fresh) {
        const auto it = m_idle.find(key);
        if (it != m_idle.end() && !it->isEmpty()) {
            connection = it->takeLast();
            if (it->isEmpty())
                m_idle.erase(it);
        }
    }
    if (!connection)
        connection = new Http1Connection(this, key, host, port);
    m_busy.insert(connection);
    return connection;
}

int Http1Pool::idleConnections() const
{
    qsizetype count = 0;
    for (const QList<Http1Connection*>& list : m_idle)
        count += list.size();
    return static_cast<int>(count);
}

void Http1Pool::release(Http1Connection* connection)
{
    m_busy.remove(connection);
    if (m_destroying)
        return;
    QList<Http1Connection*>& idle = m_idle[connection->key()];
    idle.append(connection);
    if (idle.size() > MaxIdlePerHost) {
        Http1Connection* oldest = idle.takeFirst();
        oldest->dispose();
    }
}

void Http1Pool::forget(Http1Connection* connection)
{
    if (m_busy.remove(connection))
        return;
    const auto it = m_idle.find(connection->key());
    if (it != m_idle.end()) {
        it->removeOne(connection);
        if (it->isEmpty())
            m_idle.erase(it);
    }
}
