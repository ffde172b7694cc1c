#pragma once

#include <QString>

/**
 * Renders model output for a QTextBrowser without trusting it: the text is HTML-escaped first, so any
 * markup the model writes shows as text, and only then is a small Markdown subset turned into HTML
 * (paragraphs, headings, fenced and inline code, bold, italic, lists, quotes, and http(s) links).
 */
class SafeMarkdown
{
public:
    static QString toHtml(const QString& markdown);

private:
    static QString inlineHtml(const QString& escaped);
};
