#pragma once

#include <curl/curl.h>

#include <QByteArray>
#include <QtGlobal>

#include <memory>

class CurlShare;
class UpstreamCall;

/**
 * Everything libcurl may read or write while an easy handle is in use: the handle, the request body and
 * header list it points into, and its error buffer.
 *
 * Owned by CurlMulti from CurlMulti::createTransfer() until the handle has left the multi handle. It can
 * therefore outlive the UpstreamCall that started it: when a call is aborted or deleted from inside a
 * libcurl callback, the removal waits until libcurl has returned, and the callbacks see `owner == nullptr`
 * and stop the transfer. The destructor cleans up the easy handle; remove it from the multi handle first.
 */
struct CurlTransfer
{
    CurlTransfer() = default;
    ~CurlTransfer();
    Q_DISABLE_COPY_MOVE(CurlTransfer)

    CURL* easy = nullptr;
    /** The call receiving this transfer's events; null once the call has let go of it. */
    UpstreamCall* owner = nullptr;
    curl_slist* headerList = nullptr;
    QByteArray requestBody;
    /** Keeps a shared DNS cache alive until the easy handle has been cleaned up. */
    std::shared_ptr<CurlShare> share;
    /** Currently in the multi handle (false while an add is deferred or after removal). */
    bool added = false;
    char errorBuffer[CURL_ERROR_SIZE] = {};
};
