#pragma once

#include "providers/JsonMemberRange.h"
#include "util/Result.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

/**
 * An OpenAI `POST /v1/chat/completions` body, parsed and validated once.
 *
 * It keeps the original bytes and QJsonObject, so an OpenAI-compatible upstream receives fields we do not know
 * untouched, and offers typed accessors for what the gateway and the translating adapters need. JSON null is
 * treated as "not sent" everywhere.
 *
 * Gateway extensions (removed before forwarding): `capability` (string), `provider` (string, a known provider
 * name), `fallbacks` (array of "provider/model" strings). A `model` written "provider/model" whose prefix is a
 * known provider name selects that provider (modelProvider()) and the rest is the model (modelName()); any other
 * slash is part of the model id ("meta-llama/Llama-3.3-70B" stays whole).
 *
 * Validation errors are Error::invalid(message, param) where param names the field in the style
 * `messages[2].content[0].image_url.url`, `tools[0].function.name`, `temperature`. Malformed JSON and a body that
 * is not an object have an empty param.
 */
class ChatRequest
{
public:
    /** A parsed `fallbacks` entry. */
    struct Target
    {
        QString provider;
        QString model;
    };

    /** "openai", "anthropic", "gemini". */
    static const QStringList& defaultProviderNames();
    /** The roles a message may have: system, developer, user, assistant, tool. */
    static QStringList validRoles();

    /** How fromJson() reads a body. */
    enum class Reader : quint8 {
        /** ChatRequestReader for the common shape, without building a QJsonObject; the general one otherwise. */
        Automatic,
        /** QJsonDocument and the validation below, always (what the other one is measured against). */
        General,
    };

    /**
     * Parses and validates a request body.
     * @param knownProviders lower-case provider names that `provider`, model prefixes and fallbacks may use
     */
    static Result<ChatRequest> fromJson(const QByteArray& body,
                                        const QStringList& knownProviders = defaultProviderNames(),
                                        Reader reader = Reader::Automatic);

    const QByteArray& rawBody() const { return m_rawBody; }
    /** The body as an object; built on first use when ChatRequestReader read the body. */
    const QJsonObject& json() const;
    /**
     * A top-level member's value (undefined when not sent). When the body was read without a QJsonObject, from
     * that member's bytes alone.
     */
    QJsonValue member(const QString& key) const;
    /** The body's top-level members in document order when ChatRequestReader read it; empty otherwise. */
    const QList<JsonMemberRange>& memberRanges() const { return m_memberRanges; }
    /** TokenEstimator's prompt estimate for this request, worked out once. */
    qint64 promptTokenEstimate() const;
    QJsonArray messages() const;

    /** `model` as the client wrote it (may be empty when `capability` is used). */
    const QString& model() const { return m_model; }
    /** `model` without a known-provider prefix: "openai/gpt-4.1" → "gpt-4.1". */
    const QString& modelName() const { return m_modelName; }
    /** The known provider named by the model prefix (lower case), or empty. */
    const QString& modelProvider() const { return m_modelProvider; }
    /** The `provider` extension (lower case), or empty. */
    const QString& provider() const { return m_provider; }
    /** The `capability` extension (lower case), or empty. */
    const QString& capability() const { return m_capability; }
    const QList<Target>& fallbacks() const { return m_fallbacks; }

    bool isStream() const { return m_stream; }
    /** stream_options.include_usage (only meaningful when streaming). */
    bool includeUsage() const { return m_includeUsage; }
    /** max_completion_tokens, else max_tokens. */
    std::optional<qint64> maxTokens() const { return m_maxTokens; }
    std::optional<double> temperature() const { return m_temperature; }
    std::optional<double> topP() const { return m_topP; }
    std::optional<double> presencePenalty() const { return m_presencePenalty; }
    std::optional<double> frequencyPenalty() const { return m_frequencyPenalty; }
    std::optional<qint64> seed() const { return m_seed; }
    /** `stop` as a list (a single string becomes one entry). */
    const QStringList& stop() const { return m_stop; }
    QJsonArray tools() const;
    /** "none", "auto", "required", {type: function, function: {name}}, or undefined when not sent. */
    QJsonValue toolChoice() const;
    /** The name of the function tool_choice forces, or empty. */
    QString forcedToolName() const;
    /** `response_format` or an empty object. Its type() is "text", "json_object" or "json_schema". */
    QJsonObject responseFormat() const;
    QString responseFormatType() const;
    std::optional<bool> parallelToolCalls() const { return m_parallelToolCalls; }
    /** `reasoning_effort`, or empty. */
    const QString& reasoningEffort() const { return m_reasoningEffort; }
    /** `user`, or empty. */
    const QString& user() const { return m_user; }

private:
    friend class ChatRequestReader;

    ChatRequest() = default;
    /** Sets model, capability and provider (trimmed; the last two in lower case) and the model prefix. */
    std::optional<Error> setRouting(const QString& model, const QString& capability, const QString& provider,
                                    const QStringList& knownProviders);

    QByteArray m_rawBody;
    mutable QJsonObject m_json;
    mutable bool m_jsonRead = false; ///< m_json holds the body (always after the general reader)
    QList<JsonMemberRange> m_memberRanges;
    mutable std::optional<qint64> m_promptTokens;
    QString m_model;
    QString m_modelName;
    QString m_modelProvider;
    QString m_provider;
    QString m_capability;
    QList<Target> m_fallbacks;
    bool m_stream = false;
    bool m_includeUsage = false;
    std::optional<qint64> m_maxTokens;
    std::optional<double> m_temperature;
    std::optional<double> m_topP;
    std::optional<double> m_presencePenalty;
    std::optional<double> m_frequencyPenalty;
    std::optional<qint64> m_seed;
    QStringList m_stop;
    std::optional<bool> m_parallelToolCalls;
    QString m_reasoningEffort;
    QString m_user;
};
