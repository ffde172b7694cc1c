#pragma once

#include "providers/JsonMemberRange.h"
#include "providers/Usage.h"

#include <QJsonObject>
#include <QList>
#include <QString>

/** A provider's non-streaming answer translated into an OpenAI `chat.completion`. */
struct TranslatedResponse
{
    /**
     * The `chat.completion` object: id, object, created, model (the requested model id), choices[0] {index,
     * message {role, content, refusal, tool_calls?}, logprobs, finish_reason}, usage (when the provider sent it).
     * Left empty when upstreamBody holds the answer and nothing needed the object: read completionObject().
     */
    QJsonObject completion;
    QString model; ///< the model id the client sees (the requested one, else the provider's)
    Usage usage;
    QString finishReason; ///< OpenAI value: stop, length, tool_calls or content_filter
    QString upstreamFinishReason; ///< the provider's own value (end_turn, STOP, ...)
    QString upstreamModel; ///< the provider's model string, e.g. a dated snapshot "gpt-4.1-2025-04-14"
    QString upstreamId; ///< the provider's response id (msg_..., responseId, chatcmpl-...)
    QString reasoningText; ///< thinking / thought text, whether or not it was put into the message
    /**
     * The provider's body itself when it already was a `chat.completion` in the form above (an OpenAI or
     * compatible server's usual answer): the answer to the client can then be these bytes with a few
     * members replaced instead of `completion` serialised again (OpenAiFormat::completionBody). Empty
     * otherwise.
     */
    QByteArray upstreamBody;

    /**
     * upstreamBody's top-level members in document order, when the reader that kept the body found them (keys
     * printable ASCII without escapes, none twice): the answer is then spliced from these ranges with no second
     * pass over the body. Empty otherwise.
     */
    QList<JsonMemberRange> upstreamMembers;

    /** `completion`, or when it was left empty, the object parsed from upstreamBody with `model` set. */
    QJsonObject completionObject() const;
};
