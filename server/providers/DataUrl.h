#pragma once

#include <QString>

#include <optional>

/** A base64 `data:` URL as OpenAI clients send images and files: "data:image/png;base64,iVBOR...". */
class DataUrl
{
public:
    /** Parses a base64 data URL; nullopt for any other URL (http(s), or a data URL that is not base64). */
    static std::optional<DataUrl> parse(const QString& url);
    /** A MIME type guessed from a URL's file extension (png, jpg, jpeg, gif, webp, pdf, ...), or empty. */
    static QString guessMimeType(const QString& url);

    const QString& mimeType() const { return m_mimeType; }
    /** The base64 payload exactly as written (not decoded). */
    const QString& base64Data() const { return m_data; }

private:
    QString m_mimeType;
    QString m_data;
};
