#include "HttpRouter.h"

#include "util/LogCategories.h"

#include <QStringList>

#include <tuple>

HttpRouter::HttpRouter(int workerIndex, QObject* context)
    : m_workerIndex(workerIndex)
    , m_context(context)
{ }

void HttpRouter::addRoute(const QByteArray& method, const QString& pattern, Handler handler)
{
    add(method, pattern, std::move(handler), false);
}

void HttpRouter::addPrefixRoute(const QByteArray& method, const QString& pattern, Handler handler)
{
    add(method, pattern, std::move(handler), true);
}

void HttpRouter::add(const QByteArray& method, const QString& pattern, Handler handler, bool prefix)
{
    if (!pattern.startsWith(u'/') || !handler) {
        qCWarning(lcServer) << "ignoring invalid route" << method << pattern;
        return;
    }
    Route route;
    route.method = method.toUpper();
    route.prefix = prefix;
    route.handler = std::move(handler);
    QStringList parts = pattern.mid(1).split(u'/');
    if (prefix && !parts.isEmpty() && parts.last().isEmpty())
        parts.removeLast(); // "/a/{id}/" as a prefix means "/a/{id}"
    if (parts.size() == 1 && parts.first().isEmpty())
        parts.clear(); // "/"
    for (const QString& part : parts) {
        Segment segment;
        if (part.size() >= 2 && part.startsWith(u'{') && part.endsWith(u'}')) {
            segment.capture = true;
            segment.text = part.mid(1, part.size() - 2);
        } else {
            segment.text = part;
            ++route.literalCount;
        }
        route.segments.append(segment);
    }
    if (!prefix && route.literalCount == route.segments.size())
        m_literalPaths[QByteArray('/' + parts.join(u'/').toUtf8())].append({route.method, m_routes.size()});
    m_routes.append(std::move(route));
}

HttpRouter::Match HttpRouter::match(const QByteArray& method, const QByteArray& rawPath) const
{
    Match result;
    if (!rawPath.startsWith('/'))
        return result;
    // The same answer as the search below when an all-literal route has exactly these bytes for its path: the
    // first such route added for this method or for any ("*"), as the search keeps the first of equal scores.
    if (const auto literal = m_literalPaths.constFind(rawPath); literal != m_literalPaths.cend()) {
        for (const auto& [routeMethod, index] : *literal) {
            if (routeMethod == method || routeMethod == "*") {
                result.kind = Match::Kind::Found;
                result.handler = &m_routes[index].handler;
                return result;
            }
        }
    }

    const QList<QByteArray> rawSegments = rawPath.size() == 1 ? QList<QByteArray>() : rawPath.mid(1).split('/');
    QStringList decoded;
    decoded.reserve(rawSegments.size());
    for (const QByteArray& raw : rawSegments)
        decoded.append(QString::fromUtf8(QByteArray::fromPercentEncoding(raw)));

    using Score = std::tuple<int, int, int>; // full match, literal segments, pattern length
    const Route* best = nullptr;
    Score bestScore{-1, -1, -1};
    for (const Route& route : m_routes) {
        const qsizetype n = route.segments.size();
        if (route.prefix ? decoded.size() < n : decoded.size() != n)
            continue;
        bool ok = true;
        for (qsizetype i = 0; i < n && ok; ++i) {
            const Segment& segment = route.segments[i];
            ok = segment.capture ? !decoded[i].isEmpty() : segment.text == decoded[i];
        }
        if (!ok)
            continue;
        if (route.method != "*" && route.method != method) {
            if (!result.allowedMethods.contains(route.method))
                result.allowedMethods.append(route.method);
            continue;
        }
        const Score score{route.prefix ? 0 : 1, route.literalCount, int(n)};
        if (!best || score > bestScore) {
            best = &route;
            bestScore = score;
        }
    }

    if (!best) {
        result.kind = result.allowedMethods.isEmpty() ? Match::Kind::NotFound : Match::Kind::MethodNotAllowed;
        return result;
    }
    result.kind = Match::Kind::Found;
    result.allowedMethods.clear();
    result.handler = &best->handler;
    for (qsizetype i = 0; i < best->segments.size(); ++i) {
        if (best->segments[i].capture)
            result.params.insert(best->segments[i].text, decoded[i]);
    }
    if (best->prefix && rawSegments.size() > best->segments.size())
        result.rest = rawSegments.mid(best->segments.size()).join('/');
    return result;
}
