#pragma once

#include <QString>

/**
 * Per-request switches the router passes to ProviderAdapter::buildRequest, on top of the client's body.
 *
 * `thinking` turns on the provider's own reasoning feature:
 * - OpenAI: `reasoning_effort` (only for reasoning models, and only when the client did not set it);
 * - Anthropic: `thinking: {type: "enabled", budget_tokens}`; temperature and top_p are then dropped (Anthropic
 *   rejects them with thinking), and max_tokens is raised to budget + max_tokens when it would not exceed the
 *   budget. Thinking is not enabled when tool_choice forces a tool (Anthropic rejects that combination);
 * - Gemini: `generationConfig.thinkingConfig {thinkingBudget, includeThoughts}`.
 */
struct AdapterOptions
{
    bool thinking = false;
    /** Anthropic budget_tokens (at least 1024 there) and Gemini thinkingBudget. */
    int thinkingBudgetTokens = 2048;
    /** OpenAI reasoning_effort used when thinking is on: "minimal", "low", "medium" or "high". */
    QString reasoningEffort = QStringLiteral("medium");
    /** Gemini includeThoughts: ask for thought summaries (they arrive as parts with thought: true). */
    bool includeThoughts = true;
    /** Anthropic requires max_tokens: used when the client sent neither max_tokens nor max_completion_tokens. */
    int defaultMaxTokens = 4096;
};
