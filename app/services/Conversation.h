#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

/** A saved chat: its settings and messages, with per-reply provider, model, tokens and cost. */
struct Conversation
{
    struct Message
    {
        QString role; ///< user | assistant
        QString content;
        QString provider;
        QString model;
        qint64 promptTokens = 0;
        qint64 completionTokens = 0;
        std::optional<qint64> costMicros;
        bool stopped = false; ///< the user stopped the answer; content is partial
        qint64 createdAt = 0;
    };

    QString id;
    QString title;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    QString capability = QStringLiteral("balanced");
    QString provider;
    QString model;
    QString systemPrompt;
    double temperature = 0.7;
    int maxTokens = 0;
    QList<Message> messages;

    qint64 totalTokens() const;
    qint64 totalCostMicros() const;

    QJsonObject toJson() const;
    static Conversation fromJson(const QJsonObject& json);
    /** The conversation as Markdown, for export. */
    QString toMarkdown() const;
};
