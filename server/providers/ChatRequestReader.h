#pragma once

#include "providers/ChatRequest.h"

#include <QByteArray>
#include <QStringList>

#include <optional>

/**
 * Reads the common shape of a chat request without building a QJsonObject: CanonicalJson's nodes (byte ranges)
 * are checked in place, and the ChatRequest keeps the top-level ranges so the OpenAI adapter can forward the
 * body without reading it again; its json() is built only if something asks for it.
 *
 * The common shape: plain keys, none twice; model, capability, provider, user and reasoning_effort strings;
 * messages of string content (or none, for an assistant) with a role, optional name and, for a tool message,
 * its tool_call_id; the sampling numbers and limits; stream, stream_options, stop; members the gateway does not
 * read, as they are. Everything else (content parts, tool calls, tools, tool_choice, response_format,
 * fallbacks) and every body that would fail validation is left to ChatRequest::fromJson's general reader
 * (nullopt), which also writes every error message. What this reader accepts, the general one accepts with
 * the same values (TestProviderChatRequest compares them body by body).
 */
class ChatRequestReader
{
public:
    static std::optional<ChatRequest> read(const QByteArray& body, const QStringList& knownProviders);
};
