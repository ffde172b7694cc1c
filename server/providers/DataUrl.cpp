#include "DataUrl.h"

#include <QUrl>

std::optional<DataUrl> DataUrl::parse(const QString& url)
{
    if (!url.startsWith(QLatin1StringView("data:"), Qt::CaseInsensitive))
        return std::nullopt;
    const qsizetype comma = url.indexOf(u',');
    if (comma < 0)
        return std::nullopt;
    const QStringView header = QStringView(url).mid(5, comma - 5);
    if (!header.endsWith(QLatin1StringView(";base64"), Qt::CaseInsensitive))
        return std::nullopt;
    DataUrl result;
    const QStringView mime = header.chopped(7);
    // Parameters such as ";charset=..." are dropped: the providers want a bare MIME type.
    const qsizetype semicolon = mime.indexOf(u';');
    result.m_mimeType = (semicolon < 0 ? mime : mime.left(semicolon)).trimmed().toString().toLower();
    if (result.m_mimeType.isEmpty())
        result.m_mimeType = QStringLiteral("application/octet-stream");
    result.m_data = url.mid(comma + 1).trimmed();
    return result;
}

QString DataUrl::guessMimeType(const QString& url)
{
    QString path = QUrl(url).path().toLower();
    const qsizetype dot = path.lastIndexOf(u'.');
    if (dot < 0)
        return {};
    const QString ext = path.mid(dot + 1);
    if (ext == u"png")
        return QStringLiteral("image/png");
    if (ext == u"jpg" || ext == u"jpeg")
        return QStringLiteral("image/jpeg");
    if (ext == u"gif")
        return QStringLiteral("image/gif");
    if (ext == u"webp")
        return QStringLiteral("image/webp");
    if (ext == u"heic")
        return QStringLiteral("image/heic");
    if (ext == u"pdf")
        return QStringLiteral("application/pdf");
    if (ext == u"mp3")
        return QStringLiteral("audio/mp3");
    if (ext == u"wav")
        return QStringLiteral("audio/wav");
    if (ext == u"mp4")
        return QStringLiteral("video/mp4");
    return {};
}
