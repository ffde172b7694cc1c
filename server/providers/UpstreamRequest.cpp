#include "UpstreamRequest.h"

#include "providers/HeaderList.h"

QByteArray UpstreamRequest::header(QByteArrayView name) const
{
    return HeaderList::value(headers, name);
}
