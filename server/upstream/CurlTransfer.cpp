#include "CurlTransfer.h"

CurlTransfer::~CurlTransfer()
{
    if (easy) {
        curl_easy_cleanup(easy);
    }
    curl_slist_free_all(headerList);
}
