#pragma once

#include "providers/ReasoningOutput.h"

#include <QString>

#include <functional>

/** How a StreamTranslator shapes the chunks it emits. */
struct StreamOptions
{
    /** The client asked `stream_options.include_usage`: emit a `choices: []` chunk with usage before Done. */
    bool includeUsage = false;
    ReasoningOutput reasoning = ReasoningOutput::Omit;
    /** `model` of every chunk (the requested / resolved model id). Empty: the provider's model string. */
    QString model;
    /** `id` of every chunk. Empty: a new "chatcmpl-..." id (or the upstream id for OpenAI). */
    QString id;
    /** `created` of every chunk in epoch seconds. 0: now (or the upstream value for OpenAI). */
    qint64 created = 0;
    /**
     * Prompt estimate (TokenEstimator) reported in the final usage chunk when the provider never sent usage.
     * The completion side is then estimated from the characters relayed.
     */
    qint64 promptTokensEstimate = 0;
    /** Makes ids for tool calls the provider did not name (Gemini). Empty: "call_" + 24 random characters. */
    std::function<QString()> toolCallIdGenerator;
    /**
     * Whether translators may take their fast path for common chunks (CanonicalJson instead of QJsonObject). The
     * output is the same either way; false is for the tests that prove it.
     */
    bool fastPath = true;
};
