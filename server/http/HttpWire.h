#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

/**
 * Bytes on the wire: status lines, reason phrases and the OpenAI-style JSON error envelope
 * `{"error":{"message":...,"type":...,"param":...,"code":...}}`. Stateless helpers shared by the
 * connection guard (which answers 4xx itself) and ResponseSink.
 */
class HttpWire
{
public:
    /** The RFC 9110 reason phrase of @p status, or "Unknown" (e.g. for vendor codes such as 529). */
    static QByteArrayView reasonPhrase(int status);
    /** "HTTP/1.1 <status> <reason>\r\n". */
    static QByteArray statusLine(int status);

    /**
     * The JSON error envelope. A null @p param or @p code is written as JSON null; keys keep the order
     * message, type, param, code.
     */
    static QByteArray errorBody(const QString& type, const QString& message, const QString& param = QString(),
                                const QString& code = QString());

    /**
     * A complete error response with a JSON envelope of type "invalid_request_error" and, if @p close,
     * `Connection: close`. Used for answers the router never sees (413, 431, 400 ...).
     */
    static QByteArray rejectionResponse(int status, const QString& message, const QString& code, bool close);

    /** Appends @p text as a JSON string literal (quotes included) to @p out. */
    static void appendJsonString(QByteArray& out, const QString& text);
};
