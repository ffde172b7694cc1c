#pragma once

#include "services/Conversation.h"
#include "services/ConversationStore.h"
#include "services/GatewayClient.h"

#include <QPointer>
#include <QWidget>

class ChatStream;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QNetworkAccessManager;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTextBrowser;
class QTimer;
class Session;

/**
 * Chat through the gateway with the profile's gw_ key: capability/provider or a model from /v1/models,
 * system prompt, temperature and max tokens; the answer streams in and can be stopped; replies show
 * provider, model, tokens and cost with running totals; conversations are saved as JSON in the app's
 * data directory and can be renamed, deleted and exported.
 */
class ChatPage final : public QWidget
{
    Q_OBJECT

public:
    /** conversationDir: where conversations are saved. */
    ChatPage(Session* session, const QString& conversationDir, QWidget* parent = nullptr);
    ~ChatPage() override;

    const Conversation& conversation() const { return m_conversation; }
    /** The text of the answer that is streaming in (empty when idle). */
    const QString& partialAnswer() const { return m_partial; }
    bool isStreaming() const;
    QString errorText() const;

public slots:
    /** Takes the gateway URL and key from the session and reloads models and conversations. */
    void refresh();
    void send();
    void stop();
    void regenerate();
    void copyLastAnswer();
    void newConversation();
    void renameConversation(const QString& title);
    void deleteConversation();
    void exportConversation();

signals:
    /** An answer finished, was stopped or failed (the stream is gone). */
    void answerEnded();

private:
    void startRequest();
    void handleStreamEnd(const QString& error, bool stopped);
    void render();
    void scheduleRender();
    void showError(const QString& text);
    void updateControls();
    void updateTotals();
    void reloadConversationList();
    void openConversation(const QString& id);
    void saveConversation();
    void applySettingsToUi();
    void readSettingsFromUi();

    Session* m_session;
    ConversationStore m_store;
    QNetworkAccessManager* m_network;
    GatewayClient* m_client;
    QPointer<ChatStream> m_stream;
    Conversation m_conversation;
    QString m_partial;
    QString m_pendingUserText;

    QListWidget* m_conversations;
    QComboBox* m_routing;
    QComboBox* m_provider;
    QDoubleSpinBox* m_temperature;
    QSpinBox* m_maxTokens;
    QPlainTextEdit* m_systemPrompt;
    QTextBrowser* m_transcript;
    QPlainTextEdit* m_input;
    QPushButton* m_send;
    QPushButton* m_stop;
    QPushButton* m_regenerate;
    QPushButton* m_copy;
    QLabel* m_error;
    QLabel* m_totals;
    QLabel* m_modelsStatus;
    QTimer* m_renderTimer;
};
