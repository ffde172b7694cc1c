#pragma once

#include "providers/CanonicalJson.h"
#include "providers/StreamTranslator.h"

/**
 * OpenAI (and OpenAI-compatible) streams: chunks pass through with id/created/model from the options, missing
 * index/logprobs/finish_reason/role filled in and `usage` removed. Usage is read from any chunk that carries it
 * (not only the `choices: []` one), usage-only and other choice-less chunks are swallowed, and the translator
 * emits its own usage chunk before Done when the client asked for it. `data: [DONE]` ends the stream (choices
 * without a finish_reason then get "stop"); EOF before it is a truncation, `data: {"error": ...}` an error.
 *
 * Ordinary chunks (choices, no usage object, no error) take a fast path: CanonicalJson and emitChunkFast() write
 * the same bytes as the QJsonObject path below without building QJsonObjects; anything else takes that path.
 */
class OpenAiStreamTranslator final : public StreamTranslator
{
public:
    OpenAiStreamTranslator(QString providerName, StreamOptions options);

protected:
    // Interface
    void handleEvent(const SseEvent& event) override;
    void handleEndOfStream() override;

private:
    bool handleEventFast(QByteArrayView data);

    CanonicalJson m_json;
    QByteArray m_modelRaw; ///< the "model" bytes last given to setUpstreamModel() by the fast path
};
