#include "UpstreamRequest.h"

#include "providers/HeaderList.h"

#include <QHash>

QByteArray UpstreamRequest::header(QByteArrayView name) const
{
    return HeaderList::value(headers, name);
}

QUrl UpstreamRequest::parseUrl(const QString& text)
{
    thread_local QHash<QString, QUrl> cache;
    if (const auto it = cache.constFind(text); it != cache.cend())
        return *it;
    if (cache.size() >= 64) // a bound for many models' URLs (Gemini puts the model in the path)
        cache.clear();
    const QUrl url(text);
    cache.insert(text, url);
    return url;
}
