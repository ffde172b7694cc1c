#pragma once

/**
 * Whether translated answers carry the provider's reasoning text (Anthropic thinking blocks, Gemini thought
 * parts) to the client. It never goes into `content`.
 */
enum class ReasoningOutput {
    Omit, ///< drop the text (it is still counted for usage estimates)
    ReasoningContent, ///< `message.reasoning_content` / `delta.reasoning_content`, as DeepSeek and vLLM do
};
