#pragma once

#include <QtGlobal>

/**
 * Token usage of one completion in OpenAI semantics: promptTokens includes cached (read) and
 * cache-write tokens; completionTokens includes reasoning tokens.
 */
struct Usage
{
    qint64 promptTokens = 0;
    qint64 cachedTokens = 0; ///< prompt tokens read from the provider's cache
    qint64 cacheWriteTokens = 0; ///< prompt tokens written to the cache (Anthropic)
    qint64 completionTokens = 0;
    qint64 reasoningTokens = 0;
    bool reported = false; ///< false: nothing came from the provider (the numbers are estimates or zero)

    qint64 totalTokens() const { return promptTokens + completionTokens; }
};
