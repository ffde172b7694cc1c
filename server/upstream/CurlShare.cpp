#include "CurlShare.h"

#include "CurlMulti.h"
#include "util/LogCategories.h"

CurlShare::CurlShare()
{
    CurlMulti::globalInit();
    m_share = curl_share_init();
    if (!m_share) {
        qCWarning(lcUpstream) << "curl_share_init failed";
        return;
    }
    curl_share_setopt(m_share, CURLSHOPT_LOCKFUNC, &CurlShare::lockCallback);
    curl_share_setopt(m_share, CURLSHOPT_UNLOCKFUNC, &CurlShare::unlockCallback);
    curl_share_setopt(m_share, CURLSHOPT_USERDATA, this);
    if (curl_share_setopt(m_share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK) {
        qCWarning(lcUpstream) << "curl share: cannot share the DNS cache";
        curl_share_cleanup(m_share);
        m_share = nullptr;
    }
}

CurlShare::~CurlShare()
{
    if (m_share) {
        curl_share_cleanup(m_share);
    }
}

void CurlShare::lockCallback(CURL*, curl_lock_data data, curl_lock_access, void* userp)
{
    auto* self = static_cast<CurlShare*>(userp);
    if (data >= 0 && data < CURL_LOCK_DATA_LAST) {
        self->m_locks[static_cast<size_t>(data)].lock();
    }
}

void CurlShare::unlockCallback(CURL*, curl_lock_data data, void* userp)
{
    auto* self = static_cast<CurlShare*>(userp);
    if (data >= 0 && data < CURL_LOCK_DATA_LAST) {
        self->m_locks[static_cast<size_t>(data)].unlock();
    }
}
