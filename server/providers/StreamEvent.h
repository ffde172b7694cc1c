#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QVarLengthArray>

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
    /**
     * A chunk from a translator's fast path instead of json (which is then empty): the object exactly as
     * QJsonDocument(object).toJson(Compact) writes it, top-level keys printable ASCII without escapes.
     */
    QByteArray raw = {};
    /** With raw: where each top-level member (the opening quote of its key) starts in raw, in key order. */
    QVarLengthArray<qint32, 12> rawMembers = {};

    /** json, or raw read back. */
    QJsonObject object() const;
    /** The SSE bytes for the client: "data: <compact json>\n\n" or "data: [DONE]\n\n". */
    QByteArray toSse() const;
};
