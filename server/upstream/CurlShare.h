#pragma once

#include <curl/curl.h>

#include <QtGlobal>

#include <array>
#include <mutex>

/**
 * A DNS cache shared by the CurlMulti instances of several worker threads (libcurl share interface with
 * one mutex per data kind). Optional: without it every CurlMulti keeps its own DNS cache.
 *
 * Create it once, hand it to each CurlMulti as a std::shared_ptr through CurlMulti::setShare(); it lives
 * until the last easy handle using it has been cleaned up. Only DNS entries are shared: connections stay
 * per thread, which is what keeps CurlMulti lock-free.
 */
class CurlShare
{
public:
    CurlShare();
    ~CurlShare();
    Q_DISABLE_COPY_MOVE(CurlShare)

    /** False if libcurl could not create the share handle (then do not use it). */
    bool isValid() const { return m_share != nullptr; }
    CURLSH* handle() const { return m_share; }

private:
    static void lockCallback(CURL* easy, curl_lock_data data, curl_lock_access access, void* userp);
    static void unlockCallback(CURL* easy, curl_lock_data data, void* userp);

    CURLSH* m_share = nullptr;
    std::array<std::mutex, CURL_LOCK_DATA_LAST> m_locks;
};
