#include "SafeMarkdown.h"

#include <QRegularExpression>
#include <QStringList>

QString SafeMarkdown::inlineHtml(const QString& escaped)
{
    // Inline code first: its content is taken literally, so split on backticks and format only outside.
    const QStringList parts = escaped.split(QLatin1Char('`'));
    QString out;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const bool isCode = i % 2 == 1 && i < parts.size() - 1;
        if (isCode) {
            out += QStringLiteral("<code style=\"background:#eef0f3\">") + parts.at(i) + QStringLiteral("</code>");
            continue;
        }
        QString t = parts.at(i);
        if (i % 2 == 1) // an unmatched backtick stays as text
            t.prepend(QLatin1Char('`'));
        static const QRegularExpression bold(QStringLiteral("\\*\\*(?=\\S)(.+?)(?<=\\S)\\*\\*"));
        static const QRegularExpression boldUnderscore(QStringLiteral("__(?=\\S)(.+?)(?<=\\S)__"));
        static const QRegularExpression italic(QStringLiteral("(?<![\\w*])\\*(?=\\S)(.+?)(?<=\\S)\\*(?![\\w*])"));
        static const QRegularExpression italicUnderscore(QStringLiteral("(?<!\\w)_(?=\\S)(.+?)(?<=\\S)_(?!\\w)"));
        // The URL is already escaped (no quotes or angle brackets left) and must be http or https.
        static const QRegularExpression link(QStringLiteral("\\[([^\\]]+)\\]\\((https?://[^\\s)]+)\\)"));
        t.replace(link, QStringLiteral("<a href=\"\\2\">\\1</a>"));
        t.replace(bold, QStringLiteral("<b>\\1</b>"));
        t.replace(boldUnderscore, QStringLiteral("<b>\\1</b>"));
        t.replace(italic, QStringLiteral("<i>\\1</i>"));
        t.replace(italicUnderscore, QStringLiteral("<i>\\1</i>"));
        out += t;
    }
    return out;
}

QString SafeMarkdown::toHtml(const QString& markdown)
{
    const QStringList lines = markdown.split(QLatin1Char('\n'));
    QString html;
    QStringList paragraph;
    enum class ListKind { None, Bullet, Ordered } list = ListKind::None;
    bool inCode = false;
    QString code;

    const auto flushParagraph = [&]() {
        if (!paragraph.isEmpty())
            html += QStringLiteral("<p>") + paragraph.join(QStringLiteral("<br>")) + QStringLiteral("</p>");
        paragraph.clear();
    };
    const auto closeList = [&]() {
        if (list == ListKind::Bullet)
            html += QStringLiteral("</ul>");
        else if (list == ListKind::Ordered)
            html += QStringLiteral("</ol>");
        list = ListKind::None;
    };

    static const QRegularExpression heading(QStringLiteral("^(#{1,6})\\s+(.*)$"));
    static const QRegularExpression bullet(QStringLiteral("^\\s*[-*+]\\s+(.*)$"));
    static const QRegularExpression ordered(QStringLiteral("^\\s*\\d+[.)]\\s+(.*)$"));

    for (const QString& raw : lines) {
        QString line = raw;
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (line.trimmed().startsWith(QLatin1String("```"))) {
            if (inCode) {
                html += QStringLiteral("<pre style=\"background:#f3f4f6; padding:6px\"><code>") + code
                    + QStringLiteral("</code></pre>");
                code.clear();
                inCode = false;
            } else {
                flushParagraph();
                closeList();
                inCode = true;
            }
            continue;
        }
        if (inCode) {
            code += line.toHtmlEscaped() + QLatin1Char('\n');
            continue;
        }
        const QString escaped = line.toHtmlEscaped();
        if (line.trimmed().isEmpty()) {
            flushParagraph();
            closeList();
            continue;
        }
        if (auto m = heading.match(escaped); m.hasMatch()) {
            flushParagraph();
            closeList();
            const int level = qMin(6, int(m.captured(1).size()) + 2);
            html
                += QStringLiteral("<h%1>").arg(level) + inlineHtml(m.captured(2)) + QStringLiteral("</h%1>").arg(level);
            continue;
        }
        if (auto m = bullet.match(escaped); m.hasMatch()) {
            flushParagraph();
            if (list != ListKind::Bullet) {
                closeList();
                html += QStringLiteral("<ul>");
                list = ListKind::Bullet;
            }
            html += QStringLiteral("<li>") + inlineHtml(m.captured(1)) + QStringLiteral("</li>");
            continue;
        }
        if (auto m = ordered.match(escaped); m.hasMatch()) {
            flushParagraph();
            if (list != ListKind::Ordered) {
                closeList();
                html += QStringLiteral("<ol>");
                list = ListKind::Ordered;
            }
            html += QStringLiteral("<li>") + inlineHtml(m.captured(1)) + QStringLiteral("</li>");
            continue;
        }
        if (escaped.startsWith(QLatin1String("&gt;"))) {
            flushParagraph();
            closeList();
            html += QStringLiteral("<blockquote>") + inlineHtml(escaped.mid(4).trimmed())
                + QStringLiteral("</blockquote>");
            continue;
        }
        closeList();
        paragraph << inlineHtml(escaped);
    }
    if (inCode) // an unterminated fence still shows its content as code
        html += QStringLiteral("<pre style=\"background:#f3f4f6; padding:6px\"><code>") + code
            + QStringLiteral("</code></pre>");
    flushParagraph();
    closeList();
    return html;
}
