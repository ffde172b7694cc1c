#pragma once

#include <QJsonArray>
#include <QStringView>

class ChatRequest;

/**
 * Token estimates without a tokenizer (none is available on the build hosts). Every number from here is an
 * estimate and callers must flag it as such (usage log `estimated`).
 *
 * Rule: about 4 bytes of UTF-8 per token (close to cl100k/o200k for English text and code; it over-counts
 * accented Latin text and under-counts CJK), plus the OpenAI cookbook overhead of 4 tokens per message and 3
 * tokens priming the reply. Each image, audio or file part counts as a flat 765 tokens (a 1024x1024 image at
 * OpenAI's high detail), because the size of a base64 payload says little about its token cost.
 */
class TokenEstimator
{
public:
    static constexpr qint64 BytesPerToken = 4;
    static constexpr qint64 MessageOverheadTokens = 4;
    static constexpr qint64 ReplyPrimingTokens = 3;
    static constexpr qint64 MediaPartTokens = 765;

    /** Prompt tokens of an OpenAI `messages` array, plus the JSON of `tools` when given. */
    static qint64 promptTokens(const QJsonArray& messages, const QJsonArray& tools = {});
    /** promptTokens(request.messages(), request.tools()), worked out once per request. */
    static qint64 promptTokens(const ChatRequest& request);
    /** One message's share of promptTokens(): its text's UTF-8 bytes and its media parts' tokens. */
    static qint64 messageTokens(qint64 textBytes, qint64 mediaTokens);
    /** ceil(UTF-8 bytes / 4). */
    static qint64 textTokens(QStringView text);
    /** Completion tokens from a count of characters relayed: ceil(chars / 4). */
    static qint64 tokensFromChars(qint64 chars);
};
