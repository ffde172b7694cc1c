#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

/** Case-insensitive look-ups in a raw header list as the upstream client delivers it. */
class HeaderList
{
public:
    using List = QList<QPair<QByteArray, QByteArray>>;

    /** The trimmed value of the first header called name (ASCII case-insensitive), or a null QByteArray. */
    static QByteArray value(const List& headers, QByteArrayView name);
    static bool contains(const List& headers, QByteArrayView name);
};
