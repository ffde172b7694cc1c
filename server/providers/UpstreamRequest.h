#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

/** A fully built HTTP request for a provider: what the upstream client sends, byte for byte. */
struct UpstreamRequest
{
    QByteArray method; ///< always "POST" for chat completions
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers; ///< header names in lower case
    QByteArray body; ///< compact JSON

    /**
     * QUrl(text), from a per-thread cache: parsing a URL costs thousands of instructions and the adapters build
     * the same few URLs for every request.
     */
    static QUrl parseUrl(const QString& text);

    /** The value of the first header called name (case-insensitive), or a null QByteArray. */
    QByteArray header(QByteArrayView name) const;
};
