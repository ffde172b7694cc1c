#pragma once

#include <QJsonObject>
#include <QtGlobal>

/**
 * Token usage of one answer in OpenAI semantics: promptTokens includes cached reads and cache writes,
 * completionTokens includes reasoning tokens, total = prompt + completion.
 */
struct Usage
{
    qint64 promptTokens = 0; ///< all input tokens, including cachedTokens and cacheWriteTokens
    qint64 cachedTokens = 0; ///< input tokens read from the provider's prompt cache
    qint64 cacheWriteTokens = 0; ///< input tokens written to the cache (Anthropic cache_creation_input_tokens)
    qint64 completionTokens = 0; ///< all output tokens, including reasoningTokens
    qint64 reasoningTokens = 0;
    /** False when the provider sent no usage at all (the numbers are then 0 or estimates). */
    bool reported = false;
    /**
     * True when reasoningTokens is our estimate (Anthropic does not report thinking tokens separately: we take
     * thinking characters / 4, capped at completionTokens). The other numbers are the provider's.
     */
    bool reasoningEstimated = false;

    qint64 totalTokens() const { return promptTokens + completionTokens; }

    /**
     * The OpenAI `usage` object: prompt_tokens, completion_tokens, total_tokens,
     * prompt_tokens_details {cached_tokens}, completion_tokens_details {reasoning_tokens}.
     */
    QJsonObject toOpenAiJson() const;
    /** Reads an OpenAI `usage` object (details optional); reported is true. */
    static Usage fromOpenAiJson(const QJsonObject& usage);
};
