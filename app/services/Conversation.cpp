#include "Conversation.h"

#include "domain/Money.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>

qint64 Conversation::totalTokens() const
{
    qint64 n = 0;
    for (const Message& m : messages)
        n += m.promptTokens + m.completionTokens;
    return n;
}

qint64 Conversation::totalCostMicros() const
{
    qint64 n = 0;
    for (const Message& m : messages)
        n += m.costMicros.value_or(0);
    return n;
}

QJsonObject Conversation::toJson() const
{
    QJsonArray msgs;
    for (const Message& m : messages) {
        QJsonObject o{{QStringLiteral("role"), m.role},
                      {QStringLiteral("content"), m.content},
                      {QStringLiteral("createdAt"), m.createdAt}};
        if (m.role == QLatin1String("assistant")) {
            o.insert(QStringLiteral("provider"), m.provider);
            o.insert(QStringLiteral("model"), m.model);
            o.insert(QStringLiteral("promptTokens"), m.promptTokens);
            o.insert(QStringLiteral("completionTokens"), m.completionTokens);
            if (m.costMicros)
                o.insert(QStringLiteral("costMicros"), *m.costMicros);
            if (m.stopped)
                o.insert(QStringLiteral("stopped"), true);
        }
        msgs.append(o);
    }
    return QJsonObject{{QStringLiteral("version"), 1},
                       {QStringLiteral("id"), id},
                       {QStringLiteral("title"), title},
                       {QStringLiteral("createdAt"), createdAt},
                       {QStringLiteral("updatedAt"), updatedAt},
                       {QStringLiteral("capability"), capability},
                       {QStringLiteral("provider"), provider},
                       {QStringLiteral("model"), model},
                       {QStringLiteral("systemPrompt"), systemPrompt},
                       {QStringLiteral("temperature"), temperature},
                       {QStringLiteral("maxTokens"), maxTokens},
                       {QStringLiteral("messages"), msgs}};
}

Conversation Conversation::fromJson(const QJsonObject& o)
{
    Conversation c;
    c.id = o.value(QStringLiteral("id")).toString();
    c.title = o.value(QStringLiteral("title")).toString();
    c.createdAt = o.value(QStringLiteral("createdAt")).toInteger();
    c.updatedAt = o.value(QStringLiteral("updatedAt")).toInteger();
    c.capability = o.value(QStringLiteral("capability")).toString();
    c.provider = o.value(QStringLiteral("provider")).toString();
    c.model = o.value(QStringLiteral("model")).toString();
    c.systemPrompt = o.value(QStringLiteral("systemPrompt")).toString();
    c.temperature = o.value(QStringLiteral("temperature")).toDouble(0.7);
    c.maxTokens = o.value(QStringLiteral("maxTokens")).toInt();
    for (const QJsonValue& v : o.value(QStringLiteral("messages")).toArray()) {
        const QJsonObject m = v.toObject();
        Message msg;
        msg.role = m.value(QStringLiteral("role")).toString();
        msg.content = m.value(QStringLiteral("content")).toString();
        msg.provider = m.value(QStringLiteral("provider")).toString();
        msg.model = m.value(QStringLiteral("model")).toString();
        msg.promptTokens = m.value(QStringLiteral("promptTokens")).toInteger();
        msg.completionTokens = m.value(QStringLiteral("completionTokens")).toInteger();
        if (m.contains(QStringLiteral("costMicros")))
            msg.costMicros = m.value(QStringLiteral("costMicros")).toInteger();
        msg.stopped = m.value(QStringLiteral("stopped")).toBool();
        msg.createdAt = m.value(QStringLiteral("createdAt")).toInteger();
        if (msg.role == QLatin1String("user") || msg.role == QLatin1String("assistant"))
            c.messages << msg;
    }
    return c;
}

QString Conversation::toMarkdown() const
{
    const auto tr = [](const char* s) { return QCoreApplication::translate("Conversation", s); };
    QString out = QStringLiteral("# ") + title + QStringLiteral("\n\n");
    if (!systemPrompt.isEmpty())
        out += QStringLiteral("> **") + tr("System prompt") + QStringLiteral(":** ") + systemPrompt
            + QStringLiteral("\n\n");
    for (const Message& m : messages) {
        if (m.role == QLatin1String("user")) {
            out += QStringLiteral("## ") + tr("You") + QStringLiteral("\n\n") + m.content + QStringLiteral("\n\n");
        } else {
            out += QStringLiteral("## ") + tr("Assistant") + QStringLiteral("\n\n") + m.content
                + QStringLiteral("\n\n");
            out += QStringLiteral("_") + m.provider + QStringLiteral(" · ") + m.model + QStringLiteral(" · ")
                + tr("%1 tokens").arg(m.promptTokens + m.completionTokens);
            if (m.costMicros)
                out += QStringLiteral(" · $") + Money::formatUsd(*m.costMicros, true);
            out += QStringLiteral("_\n\n");
        }
    }
    return out;
}
