#pragma once

#include "HttpHeaders.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QString>
#include <QUrlQuery>

/**
 * Everything a route handler gets to know about a request, built by RequestDispatcher once the request's
 * last byte has arrived. Cheap to copy (implicitly shared members); safe to keep after the handler returns
 * and to move to another thread.
 */
class HttpRequest
{
public:
    HttpRequest() = default;
    /** Builds a request from its parts; @p target is the request-target as sent ("/p?q=1"). */
    HttpRequest(QByteArray method, QByteArray target, HttpHeaders headers, QByteArray body);

    /** The method as sent, e.g. "POST". */
    const QByteArray& method() const { return m_method; }
    /** The request-target as sent, e.g. "/v1/models?limit=5". */
    const QByteArray& target() const { return m_target; }
    /** The path part of the target, still percent-encoded ("/v1/models"). Routes match on it. */
    const QByteArray& rawPath() const { return m_rawPath; }
    /** The path, percent-decoded as UTF-8. */
    QString path() const;
    /** The query string without '?', still encoded (empty if none). */
    const QByteArray& rawQuery() const { return m_rawQuery; }
    QUrlQuery query() const;
    /** A decoded query parameter, or a null QString. */
    QString queryItem(const QString& key) const;

    const HttpHeaders& headers() const { return m_headers; }
    /** Header value by case-insensitive name; repeated fields joined with ", "; null if absent. */
    QByteArray header(const QByteArray& name) const { return m_headers.value(name); }
    const QByteArray& body() const { return m_body; }

    QHostAddress remoteAddress() const { return m_remoteAddress; }
    quint16 remotePort() const { return m_remotePort; }
    /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
    int httpMinorVersion() const { return m_httpMinor; }

    /** Monotonic time (std::chrono::steady_clock, ns) at which the first byte of the request arrived. */
    qint64 startedAtNs() const { return m_startedAtNs; }
    /** Monotonic time (ns) at which the complete request was handed to the router. */
    qint64 receivedAtNs() const { return m_receivedAtNs; }

    /** Per-process unique id: worker index in the top 16 bits, a per-worker sequence below. */
    quint64 id() const { return m_id; }
    /** The worker thread that received the request (0-based). */
    int workerIndex() const { return m_workerIndex; }

    /** A `{name}` segment captured by the matched route (percent-decoded), or a null QString. */
    QString pathParam(const QString& name) const { return m_pathParams.value(name); }
    const QHash<QString, QString>& pathParams() const { return m_pathParams; }
    /** For prefix routes: the rest of the path after the prefix, still encoded, without leading '/'. */
    const QByteArray& pathRest() const { return m_pathRest; }

    // Filled in by the front (and by tests that call handlers directly).
    void setRemote(const QHostAddress& address, quint16 port);
    void setHttpMinorVersion(int minor) { m_httpMinor = minor; }
    void setTimes(qint64 startedAtNs, qint64 receivedAtNs);
    void setId(quint64 id, int workerIndex);
    void setPathMatch(QHash<QString, QString> params, QByteArray rest);

private:
    QByteArray m_method;
    QByteArray m_target;
    QByteArray m_rawPath;
    QByteArray m_rawQuery;
    HttpHeaders m_headers;
    QByteArray m_body;
    QHostAddress m_remoteAddress;
    quint16 m_remotePort = 0;
    int m_httpMinor = 1;
    qint64 m_startedAtNs = 0;
    qint64 m_receivedAtNs = 0;
    quint64 m_id = 0;
    int m_workerIndex = 0;
    QHash<QString, QString> m_pathParams;
    QByteArray m_pathRest;
};
