#pragma once

#include <QtGlobal>

/**
 * Limits and timeouts of the HTTP front (QHttpServer 6.4.2 enforces none of them, qt64-notes L3, which is
 * one reason the front is our own): RequestFramer and HttpConnection enforce them.
 *
 * Every value applies per worker thread and per connection; they are copied into each worker at start.
 */
struct HttpServerOptions
{
    /** Worker threads, each with its own HttpListener on its own SO_REUSEPORT socket. At least 1. */
    int workerThreads = 2;
    /** Backlog passed to listen(2) for each worker socket. */
    int listenBacklog = 1024;

    /** Request line plus header block, in bytes (terminating empty line included). Above it: 431. */
    qint64 maxHeaderBytes = 16 * 1024;
    /** Header lines after the request line. Above it: 431. */
    int maxHeaderLines = 100;
    /** Decoded request body, in bytes (Content-Length or sum of chunk sizes). Above it: 413. */
    qint64 maxBodyBytes = 10 * 1024 * 1024;

    /** A keep-alive connection without any request in progress is closed after this long. */
    int idleTimeoutMs = 60'000;
    /**
     * Receiving a request: the whole header block must arrive within this time from its first byte (so a
     * slowloris client trickling header bytes is cut off), and during the body no more than this may pass
     * between two reads. A fresh connection must start its first request within this time too.
     */
    int readTimeoutMs = 15'000;
    /** While a response is being written, the client must accept bytes at least this often. */
    int writeTimeoutMs = 60'000;
    /**
     * After a response that closes the connection (or a 4xx rejection), the server half-closes and waits
     * this long for the client to close its side, discarding input, before it drops the socket. This keeps
     * the kernel from answering unread input with a RST that would destroy the response.
     */
    int lingerMs = 2'000;

    /** Graceful shutdown: how long in-flight requests and streams may still run. */
    int shutdownDeadlineMs = 30'000;
};
