#include "HttpRequest.h"

HttpRequest::HttpRequest(QByteArray method, QByteArray target, HttpHeaders headers, QByteArray body)
    : m_method(std::move(method))
    , m_target(std::move(target))
    , m_headers(std::move(headers))
    , m_body(std::move(body))
{
    QByteArray pathAndQuery = m_target;
    if (!pathAndQuery.startsWith('/') && pathAndQuery != "*") {
        // absolute-form: scheme://authority/path?query
        const qsizetype scheme = pathAndQuery.indexOf("://");
        if (scheme > 0) {
            qsizetype end = scheme + 3;
            while (end < pathAndQuery.size() && pathAndQuery[end] != '/' && pathAndQuery[end] != '?'
                   && pathAndQuery[end] != '#')
                ++end;
            pathAndQuery = pathAndQuery.mid(end);
            if (!pathAndQuery.startsWith('/'))
                pathAndQuery.prepend('/');
        }
    }
    const qsizetype fragment = pathAndQuery.indexOf('#');
    if (fragment >= 0)
        pathAndQuery.truncate(fragment);
    const qsizetype question = pathAndQuery.indexOf('?');
    if (question < 0) {
        m_rawPath = pathAndQuery;
    } else {
        m_rawPath = pathAndQuery.first(question);
        m_rawQuery = pathAndQuery.sliced(question + 1);
    }
}

QString HttpRequest::path() const
{
    return QString::fromUtf8(QByteArray::fromPercentEncoding(m_rawPath));
}

QUrlQuery HttpRequest::query() const
{
    return QUrlQuery(QString::fromUtf8(m_rawQuery));
}

QString HttpRequest::queryItem(const QString& key) const
{
    const QUrlQuery q = query();
    if (!q.hasQueryItem(key))
        return QString();
    return q.queryItemValue(key, QUrl::FullyDecoded);
}

void HttpRequest::setRemote(const QHostAddress& address, quint16 port)
{
    m_remoteAddress = address;
    m_remotePort = port;
}

void HttpRequest::setTimes(qint64 startedAtNs, qint64 receivedAtNs)
{
    m_startedAtNs = startedAtNs;
    m_receivedAtNs = receivedAtNs;
}

void HttpRequest::setId(quint64 id, int workerIndex)
{
    m_id = id;
    m_workerIndex = workerIndex;
}

void HttpRequest::setPathMatch(QHash<QString, QString> params, QByteArray rest)
{
    m_pathParams = std::move(params);
    m_pathRest = std::move(rest);
}
