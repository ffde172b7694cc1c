#pragma once

#include <QByteArray>
#include <QJsonObject>

/** What a StreamTranslator hands to the client side, in order. */
struct StreamEvent
{
    enum class Kind {
        Chunk, ///< json is a `chat.completion.chunk`
        Done, ///< the stream ended properly: send `data: [DONE]`
        Error, ///< json is `{"error": {message, type, param, code}}`: send it, then close without [DONE]
    };

    Kind kind = Kind::Chunk;
    QJsonObject json;

    /** The SSE bytes for the client: "data: <compact json>\n\n" or "data: [DONE]\n\n". */
    QByteArray toSse() const;
};
