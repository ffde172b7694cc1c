#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

/** One chat completion request as the chat page builds it. */
struct ChatRequest
{
    struct Message
    {
        QString role; ///< system | user | assistant
        QString content;
    };

    QString capability; ///< fast | balanced | thinking | best; empty: use model
    QString provider; ///< empty: the project's default or the system order
    QString model; ///< used when capability is empty
    QList<Message> messages;
    double temperature = 0.7;
    int maxTokens = 0; ///< 0: not sent
    bool stream = true;

    /** The OpenAI-compatible body with the gateway's capability/provider extensions. */
    QJsonObject toJson() const;
};
