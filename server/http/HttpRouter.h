#pragma once

#include "HttpRequest.h"
#include "HttpResponder.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>

class QObject;

/**
 * The route table of one worker thread. HttpFrontend calls the route factory once per worker, on that
 * worker's thread, with a fresh HttpRouter, so every worker builds its own handler objects: nothing
 * QObject-based is shared between threads. Parent such objects to context(); it lives on the worker thread
 * and is destroyed there when the worker stops (after all of its connections are gone).
 *
 * Patterns are paths whose segments are literals or `{name}` captures:
 * - addRoute("POST", "/v1/chat/completions", h) matches exactly that path;
 * - addRoute("GET", "/v1/models/{model}", h) captures one segment (request.pathParam("model"));
 * - addPrefixRoute("GET", "/api/v1/projects/{id}", h) also matches "/api/v1/projects/7/keys/3"; the rest
 *   after the prefix ("keys/3") is request.pathRest().
 * Segments are compared after percent-decoding, so "%2F" inside a segment never splits it. Method "*"
 * matches any method. A full match wins over a prefix match, then the route with more literal segments,
 * then the longer pattern, then the one registered first. A path no route matches gets 404, a path that
 * only routes with other methods match gets 405 with an Allow header, both in the JSON error envelope.
 */
class HttpRouter
{
public:
    /** What a handler receives: its own copy of the request and the handle to answer it. */
    using Handler = std::function<void(const HttpRequest& request, HttpResponder responder)>;

    HttpRouter(int workerIndex, QObject* context);

    void addRoute(const QByteArray& method, const QString& pattern, Handler handler);
    void addPrefixRoute(const QByteArray& method, const QString& pattern, Handler handler);

    /** The worker this router belongs to (0-based). */
    int workerIndex() const { return m_workerIndex; }
    /** A QObject on this worker's thread that outlives every request of the worker. */
    QObject* context() const { return m_context; }

    /** Result of match(). */
    struct Match
    {
        enum class Kind { Found, NotFound, MethodNotAllowed };
        Kind kind = Kind::NotFound;
        const Handler* handler = nullptr;
        QHash<QString, QString> params;
        QByteArray rest;
        QByteArrayList allowedMethods; ///< for MethodNotAllowed
    };
    Match match(const QByteArray& method, const QByteArray& rawPath) const;

private:
    struct Segment
    {
        QString text; ///< literal text, or the capture name
        bool capture = false;
    };
    struct Route
    {
        QByteArray method;
        QList<Segment> segments;
        bool prefix = false;
        int literalCount = 0;
        Handler handler;
    };

    void add(const QByteArray& method, const QString& pattern, Handler handler, bool prefix);

    int m_workerIndex;
    QObject* m_context;
    QList<Route> m_routes;
    /**
     * The routes whose every segment is literal (not prefix routes), by their path's bytes, as (method, index
     * in m_routes) in the order they were added. A request path with exactly these bytes matches nothing better
     * (every segment literal is the highest score), so match() answers it without splitting and decoding the
     * path and comparing it with every route.
     */
    QHash<QByteArray, QList<QPair<QByteArray, qsizetype>>> m_literalPaths;
};
