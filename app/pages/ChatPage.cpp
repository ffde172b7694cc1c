#include "ChatPage.h"

#include "dialogs/MessageBox.h"
#include "domain/Providers.h"
#include "services/ChatRequest.h"
#include "services/ChatStream.h"
#include "services/Formatting.h"
#include "services/SafeMarkdown.h"
#include "services/Session.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

ChatPage::ChatPage(Session* session, const QString& conversationDir, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_store(conversationDir)
{
    setObjectName(QStringLiteral("chatPage"));
    m_network = new QNetworkAccessManager(this);
    m_client = new GatewayClient(m_network, this);
    m_renderTimer = new QTimer(this);
    m_renderTimer->setSingleShot(true);
    m_renderTimer->setInterval(30);
    connect(m_renderTimer, &QTimer::timeout, this, &ChatPage::render);

    // Left: saved conversations.
    m_conversations = new QListWidget(this);
    m_conversations->setObjectName(QStringLiteral("conversationListWidget"));
    m_conversations->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::DoubleClicked);
    auto* newButton = new QPushButton(QIcon(QStringLiteral(":/icons/add.png")), tr("&New"), this);
    newButton->setObjectName(QStringLiteral("newConversationButton"));
    auto* deleteButton = new QPushButton(QIcon(QStringLiteral(":/icons/delete.png")), tr("Delete"), this);
    deleteButton->setObjectName(QStringLiteral("deleteConversationButton"));
    auto* exportButton = new QPushButton(QIcon(QStringLiteral(":/icons/export.png")), tr("Export…"), this);
    exportButton->setObjectName(QStringLiteral("exportConversationButton"));
    auto* listButtons = new QHBoxLayout;
    listButtons->setSpacing(6);
    listButtons->addWidget(newButton);
    listButtons->addWidget(deleteButton);
    listButtons->addWidget(exportButton);
    auto* renameHint = new QLabel(tr("Double-click or F2 to rename."), this);
    renameHint->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(6);
    leftLayout->addWidget(new QLabel(tr("Conversations"), this));
    leftLayout->addWidget(m_conversations, 1);
    leftLayout->addWidget(renameHint);
    leftLayout->addLayout(listButtons);

    // Right: settings, transcript, input.
    m_routing = new QComboBox(this);
    m_routing->setObjectName(QStringLiteral("routingComboBox"));
    m_routing->setMinimumContentsLength(22);
    m_provider = new QComboBox(this);
    m_provider->setObjectName(QStringLiteral("providerComboBox"));
    m_provider->addItem(tr("Automatic"), QString());
    for (const QString& p : Providers::all())
        m_provider->addItem(p, p);
    m_temperature = new QDoubleSpinBox(this);
    m_temperature->setObjectName(QStringLiteral("temperatureSpinBox"));
    m_temperature->setRange(0.0, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(1);
    m_temperature->setValue(0.7);
    m_maxTokens = new QSpinBox(this);
    m_maxTokens->setObjectName(QStringLiteral("maxTokensSpinBox"));
    m_maxTokens->setRange(0, 200000);
    m_maxTokens->setSingleStep(256);
    m_maxTokens->setSpecialValueText(tr("default"));
    m_modelsStatus = new QLabel(this);
    m_modelsStatus->setObjectName(QStringLiteral("modelsStatusLabel"));
    m_modelsStatus->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    m_systemPrompt = new QPlainTextEdit(this);
    m_systemPrompt->setObjectName(QStringLiteral("systemPromptEdit"));
    m_systemPrompt->setPlaceholderText(tr("System prompt (optional), e.g. “You are a concise assistant.”"));
    m_systemPrompt->setTabChangesFocus(true);
    m_systemPrompt->setFixedHeight(m_systemPrompt->fontMetrics().lineSpacing() * 2 + 14);

    auto* settings = new QHBoxLayout;
    settings->setSpacing(8);
    const auto labelled = [this, settings](const QString& text, QWidget* w) {
        auto* l = new QLabel(text, this);
        l->setBuddy(w);
        settings->addWidget(l);
        settings->addWidget(w);
    };
    labelled(tr("&Model:"), m_routing);
    labelled(tr("Pro&vider:"), m_provider);
    labelled(tr("&Temperature:"), m_temperature);
    labelled(tr("Max t&okens:"), m_maxTokens);
    settings->addStretch(1);

    m_transcript = new QTextBrowser(this);
    m_transcript->setObjectName(QStringLiteral("transcriptBrowser"));
    m_transcript->setOpenLinks(false);
    m_transcript->setOpenExternalLinks(false);
    m_transcript->setPlaceholderText(tr("Ask something. Answers stream in as they are written."));
    connect(m_transcript, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.scheme() == QLatin1String("aigw") && url.path() == QLatin1String("copy")) {
            const int i = url.fragment().toInt();
            if (i >= 0 && i < m_conversation.messages.size())
                QApplication::clipboard()->setText(m_conversation.messages.at(i).content);
        } else if (url.scheme() == QLatin1String("aigw") && url.path() == QLatin1String("regenerate")) {
            regenerate();
        }
        // Links from the model are never opened automatically.
    });

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("QLabel { background: #fde8e8; border: 1px solid #e6a0a0; border-radius: "
                                          "4px; padding: 8px; color: #7a1010; }"));
    m_error->hide();

    m_input = new QPlainTextEdit(this);
    m_input->setObjectName(QStringLiteral("messageEdit"));
    m_input->setPlaceholderText(tr("Message (Ctrl+Enter to send)"));
    m_input->setTabChangesFocus(true);
    m_input->setFixedHeight(m_input->fontMetrics().lineSpacing() * 4 + 14);
    m_send = new QPushButton(QIcon(QStringLiteral(":/icons/send.png")), tr("&Send"), this);
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setToolTip(tr("Send (Ctrl+Enter)"));
    m_stop = new QPushButton(QIcon(QStringLiteral(":/icons/stop.png")), tr("S&top"), this);
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_stop->setToolTip(tr("Stop the answer (Esc)"));
    m_regenerate = new QPushButton(QIcon(QStringLiteral(":/icons/refresh.png")), tr("&Regenerate"), this);
    m_regenerate->setObjectName(QStringLiteral("regenerateButton"));
    m_copy = new QPushButton(QIcon(QStringLiteral(":/icons/copy.png")), tr("&Copy answer"), this);
    m_copy->setObjectName(QStringLiteral("copyAnswerButton"));
    m_totals = new QLabel(this);
    m_totals->setObjectName(QStringLiteral("totalsLabel"));
    auto* inputButtons = new QVBoxLayout;
    inputButtons->setSpacing(6);
    inputButtons->addWidget(m_send);
    inputButtons->addWidget(m_stop);
    inputButtons->addStretch(1);
    auto* inputRow = new QHBoxLayout;
    inputRow->addWidget(m_input, 1);
    inputRow->addLayout(inputButtons);
    auto* footer = new QHBoxLayout;
    footer->addWidget(m_totals, 1);
    footer->addWidget(m_modelsStatus);
    footer->addWidget(m_copy);
    footer->addWidget(m_regenerate);

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->setSpacing(8);
    rightLayout->addLayout(settings);
    rightLayout->addWidget(m_systemPrompt);
    rightLayout->addWidget(m_transcript, 1);
    rightLayout->addWidget(m_error);
    rightLayout->addLayout(inputRow);
    rightLayout->addLayout(footer);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("chatSplitter"));
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 4);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_send, &QPushButton::clicked, this, &ChatPage::send);
    connect(m_stop, &QPushButton::clicked, this, &ChatPage::stop);
    connect(m_regenerate, &QPushButton::clicked, this, &ChatPage::regenerate);
    connect(m_copy, &QPushButton::clicked, this, &ChatPage::copyLastAnswer);
    connect(newButton, &QPushButton::clicked, this, &ChatPage::newConversation);
    connect(deleteButton, &QPushButton::clicked, this, &ChatPage::deleteConversation);
    connect(exportButton, &QPushButton::clicked, this, &ChatPage::exportConversation);
    auto* sendShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), m_input);
    sendShortcut->setContext(Qt::WidgetShortcut);
    connect(sendShortcut, &QShortcut::activated, this, &ChatPage::send);
    auto* sendShortcut2 = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), m_input);
    sendShortcut2->setContext(Qt::WidgetShortcut);
    connect(sendShortcut2, &QShortcut::activated, this, &ChatPage::send);
    auto* stopShortcut = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    stopShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(stopShortcut, &QShortcut::activated, this, &ChatPage::stop);
    // Open on click or Enter only: a view that gains focus makes its first row current by itself, and
    // that must not switch (or stop) the conversation in progress.
    const auto open = [this](QListWidgetItem* item) {
        if (item && item->data(Qt::UserRole).toString() != m_conversation.id)
            openConversation(item->data(Qt::UserRole).toString());
    };
    connect(m_conversations, &QListWidget::itemClicked, this, open);
    connect(m_conversations, &QListWidget::itemActivated, this, open);
    connect(m_conversations, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        if (item->data(Qt::UserRole).toString() == m_conversation.id && item->text() != m_conversation.title)
            renameConversation(item->text());
    });
    connect(m_routing, &QComboBox::currentIndexChanged, this, &ChatPage::updateControls);
    connect(m_client, &GatewayClient::modelsReceived, this, [this](const QList<GatewayClient::ModelInfo>& models) {
        const QString current = m_routing->currentData().toString();
        while (m_routing->count() > Providers::capabilities().size())
            m_routing->removeItem(m_routing->count() - 1);
        if (!models.isEmpty())
            m_routing->insertSeparator(m_routing->count());
        for (const auto& m : models)
            m_routing->addItem(m.provider.isEmpty() ? m.id : QStringLiteral("%1  (%2)").arg(m.id, m.provider),
                               QString(QStringLiteral("model:") + m.id));
        const int i = m_routing->findData(current);
        if (i >= 0)
            m_routing->setCurrentIndex(i);
        m_modelsStatus->setText(tr("%n model(s) available", nullptr, int(models.size())));
    });
    connect(m_client, &GatewayClient::modelsFailed, this, [this](const QString& message) {
        m_modelsStatus->setText(tr("Model list unavailable"));
        m_modelsStatus->setToolTip(message);
    });

    for (const QString& c : Providers::capabilities())
        m_routing->addItem(tr("Capability: %1").arg(c), QString(QStringLiteral("cap:") + c));
    m_routing->setCurrentIndex(1); // balanced
    newConversation();
}

ChatPage::~ChatPage()
{
    if (m_stream)
        m_stream->disconnect(this);
}

bool ChatPage::isStreaming() const
{
    return m_stream && m_stream->isRunning();
}

QString ChatPage::errorText() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

void ChatPage::refresh()
{
    // A new connection: an error about the previous one (e.g. "no gateway key") no longer applies.
    m_error->hide();
    m_client->setEndpoint(QUrl(m_session->gatewayUrl()), m_session->gatewayKey());
    if (m_client->hasKey()) {
        m_modelsStatus->setText(tr("Loading models…"));
        m_client->fetchModels();
    } else {
        m_modelsStatus->setText(tr("No gateway key"));
    }
    reloadConversationList();
    updateControls();
}

void ChatPage::reloadConversationList()
{
    const QSignalBlocker block(m_conversations);
    m_conversations->clear();
    for (const Conversation& c : m_store.list()) {
        auto* item = new QListWidgetItem(c.title.isEmpty() ? tr("Untitled") : c.title, m_conversations);
        item->setData(Qt::UserRole, c.id);
        item->setToolTip(Formatting::dateTime(c.updatedAt));
        item->setFlags(item->flags() | Qt::ItemIsEditable);
        if (c.id == m_conversation.id)
            m_conversations->setCurrentItem(item);
    }
}

void ChatPage::openConversation(const QString& id)
{
    if (isStreaming())
        stop();
    auto c = m_store.load(id);
    if (!c) {
        showError(tr("Cannot open the conversation: %1").arg(c.error().message));
        return;
    }
    m_conversation = c.value();
    m_partial.clear();
    m_error->hide();
    applySettingsToUi();
    render();
    updateControls();
}

void ChatPage::applySettingsToUi()
{
    const QString key = m_conversation.capability.isEmpty() ? QStringLiteral("model:") + m_conversation.model
                                                            : QStringLiteral("cap:") + m_conversation.capability;
    int i = m_routing->findData(key);
    if (i < 0 && !m_conversation.model.isEmpty()) {
        m_routing->addItem(m_conversation.model, key);
        i = m_routing->count() - 1;
    }
    if (i >= 0)
        m_routing->setCurrentIndex(i);
    m_provider->setCurrentIndex(qMax(0, m_provider->findData(m_conversation.provider)));
    m_temperature->setValue(m_conversation.temperature);
    m_maxTokens->setValue(m_conversation.maxTokens);
    m_systemPrompt->setPlainText(m_conversation.systemPrompt);
}

void ChatPage::readSettingsFromUi()
{
    const QString routing = m_routing->currentData().toString();
    if (routing.startsWith(QLatin1String("cap:"))) {
        m_conversation.capability = routing.mid(4);
        m_conversation.model.clear();
        m_conversation.provider = m_provider->currentData().toString();
    } else {
        m_conversation.capability.clear();
        m_conversation.model = routing.mid(6);
        m_conversation.provider.clear();
    }
    m_conversation.temperature = m_temperature->value();
    m_conversation.maxTokens = m_maxTokens->value();
    m_conversation.systemPrompt = m_systemPrompt->toPlainText().trimmed();
}

void ChatPage::newConversation()
{
    if (isStreaming())
        stop();
    Conversation c;
    // Keep the current settings for the next conversation.
    c.capability = m_conversation.capability;
    c.provider = m_conversation.provider;
    c.model = m_conversation.model;
    c.temperature = m_conversation.temperature;
    c.maxTokens = m_conversation.maxTokens;
    c.systemPrompt = m_conversation.systemPrompt;
    m_conversation = c;
    m_partial.clear();
    m_error->hide();
    m_conversations->clearSelection();
    m_conversations->setCurrentItem(nullptr);
    render();
    updateControls();
    m_input->setFocus();
}

void ChatPage::send()
{
    const QString text = m_input->toPlainText().trimmed();
    if (text.isEmpty() || isStreaming())
        return;
    if (!m_client->hasKey()) {
        showError(tr("There is no gateway key for this connection. Add a gw_ key to the connection profile to chat."));
        return;
    }
    readSettingsFromUi();
    Conversation::Message m;
    m.role = QStringLiteral("user");
    m.content = text;
    m.createdAt = QDateTime::currentMSecsSinceEpoch();
    m_conversation.messages << m;
    if (m_conversation.title.isEmpty())
        m_conversation.title = text.simplified().left(48);
    m_pendingUserText = text;
    m_input->clear();
    startRequest();
}

void ChatPage::startRequest()
{
    m_error->hide();
    m_partial.clear();
    ChatRequest request;
    request.capability = m_conversation.capability;
    request.provider = m_conversation.provider;
    request.model = m_conversation.model;
    request.temperature = m_conversation.temperature;
    request.maxTokens = m_conversation.maxTokens;
    if (!m_conversation.systemPrompt.isEmpty())
        request.messages << ChatRequest::Message{QStringLiteral("system"), m_conversation.systemPrompt};
    for (const Conversation::Message& msg : std::as_const(m_conversation.messages))
        request.messages << ChatRequest::Message{msg.role, msg.content};
    m_stream = m_client->startChat(request, this);
    connect(m_stream, &ChatStream::textReceived, this, [this](const QString& delta) {
        m_partial += delta;
        scheduleRender();
    });
    connect(m_stream, &ChatStream::finished, this, [this]() { handleStreamEnd({}, false); });
    connect(m_stream, &ChatStream::stopped, this, [this]() { handleStreamEnd({}, true); });
    connect(m_stream, &ChatStream::failed, this, [this](const QString& message) { handleStreamEnd(message, false); });
    render();
    updateControls();
}

void ChatPage::handleStreamEnd(const QString& error, bool stopped)
{
    ChatStream* stream = m_stream;
    if (!stream)
        return;
    if (!error.isEmpty()) {
        // The question failed: take it out of the history and give it back for another try.
        if (!m_conversation.messages.isEmpty() && m_conversation.messages.last().role == QLatin1String("user")) {
            const QString text = m_conversation.messages.takeLast().content;
            if (m_input->toPlainText().isEmpty())
                m_input->setPlainText(text);
        }
        showError(error);
    } else if (!stopped || !stream->text().isEmpty()) {
        Conversation::Message m;
        m.role = QStringLiteral("assistant");
        m.content = stream->text();
        m.provider = stream->info().provider;
        m.model = stream->info().model;
        m.promptTokens = stream->info().promptTokens;
        m.completionTokens = stream->info().completionTokens;
        m.costMicros = stream->info().costMicros;
        m.stopped = stopped;
        m.createdAt = QDateTime::currentMSecsSinceEpoch();
        m_conversation.messages << m;
    }
    m_partial.clear();
    m_stream = nullptr;
    stream->deleteLater();
    if (!m_conversation.messages.isEmpty())
        saveConversation();
    render();
    updateControls();
    emit answerEnded();
}

void ChatPage::stop()
{
    if (m_stream)
        m_stream->stop();
}

void ChatPage::regenerate()
{
    if (isStreaming() || m_conversation.messages.isEmpty())
        return;
    if (m_conversation.messages.last().role == QLatin1String("assistant"))
        m_conversation.messages.removeLast();
    if (m_conversation.messages.isEmpty() || m_conversation.messages.last().role != QLatin1String("user"))
        return;
    readSettingsFromUi();
    startRequest();
}

void ChatPage::copyLastAnswer()
{
    for (auto it = m_conversation.messages.crbegin(); it != m_conversation.messages.crend(); ++it) {
        if (it->role == QLatin1String("assistant")) {
            QApplication::clipboard()->setText(it->content);
            return;
        }
    }
}

void ChatPage::saveConversation()
{
    auto saved = m_store.save(m_conversation);
    if (!saved) {
        showError(tr("The conversation could not be saved: %1").arg(saved.error().message));
        return;
    }
    m_conversation = saved.value();
    reloadConversationList();
}

void ChatPage::renameConversation(const QString& title)
{
    const QString t = title.simplified();
    if (t.isEmpty() || m_conversation.id.isEmpty())
        return;
    m_conversation.title = t;
    saveConversation();
}

void ChatPage::deleteConversation()
{
    if (m_conversation.id.isEmpty())
        return;
    if (MessageBox::question(this, tr("Delete conversation"),
                             tr("Delete “%1”? This cannot be undone.").arg(m_conversation.title))
        != QMessageBox::Yes)
        return;
    if (auto r = m_store.remove(m_conversation.id); !r) {
        showError(r.error().message);
        return;
    }
    m_conversation.id.clear();
    m_conversation.messages.clear();
    m_conversation.title.clear();
    newConversation();
    reloadConversationList();
}

void ChatPage::exportConversation()
{
    if (m_conversation.messages.isEmpty())
        return;
    QString selected;
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Export conversation"), m_conversation.title + QStringLiteral(".md"),
                                       tr("Markdown (*.md);;JSON (*.json)"), &selected);
    if (path.isEmpty())
        return;
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        showError(tr("Cannot write %1: %2").arg(path, f.errorString()));
        return;
    }
    if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
        f.write(QJsonDocument(m_conversation.toJson()).toJson(QJsonDocument::Indented));
    else
        f.write(m_conversation.toMarkdown().toUtf8());
    if (!f.commit())
        showError(tr("Cannot write %1: %2").arg(path, f.errorString()));
}

void ChatPage::showError(const QString& text)
{
    m_error->setText(text);
    m_error->show();
}

void ChatPage::scheduleRender()
{
    if (!m_renderTimer->isActive())
        m_renderTimer->start();
}

void ChatPage::render()
{
    QScrollBar* bar = m_transcript->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 4;
    QString html = QStringLiteral("<html><body style=\"margin:4px\">");
    int lastAssistant = -1;
    for (int i = 0; i < m_conversation.messages.size(); ++i)
        if (m_conversation.messages.at(i).role == QLatin1String("assistant"))
            lastAssistant = i;
    const QString meta = QStringLiteral("<p style=\"color:#6b7280; font-size:small; margin-top:2px\">");
    for (int i = 0; i < m_conversation.messages.size(); ++i) {
        const Conversation::Message& m = m_conversation.messages.at(i);
        if (m.role == QLatin1String("user")) {
            html += QStringLiteral("<table width=\"100%\" cellpadding=\"8\" style=\"margin:6px 0\"><tr><td "
                                   "style=\"background:#e8f0fe; border-radius:6px\"><b>")
                + tr("You") + QStringLiteral("</b><br>")
                + m.content.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"))
                + QStringLiteral("</td></tr></table>");
        } else {
            html += QStringLiteral("<div style=\"margin:6px 0\"><b>") + tr("Assistant") + QStringLiteral("</b>")
                + SafeMarkdown::toHtml(m.content);
            QStringList parts;
            if (!m.provider.isEmpty())
                parts << m.provider.toHtmlEscaped();
            if (!m.model.isEmpty())
                parts << m.model.toHtmlEscaped();
            parts << tr("%1 tokens").arg(Formatting::count(m.promptTokens + m.completionTokens));
            parts << (m.costMicros ? Formatting::money(*m.costMicros) : tr("cost unknown"));
            if (m.stopped)
                parts << tr("stopped");
            parts << QStringLiteral("<a href=\"aigw:copy#%1\">").arg(i) + tr("Copy") + QStringLiteral("</a>");
            if (i == lastAssistant && i == m_conversation.messages.size() - 1 && !isStreaming())
                parts << QStringLiteral("<a href=\"aigw:regenerate\">") + tr("Regenerate") + QStringLiteral("</a>");
            html += meta + parts.join(QStringLiteral(" · ")) + QStringLiteral("</p></div>");
        }
    }
    if (isStreaming()) {
        html += QStringLiteral("<div style=\"margin:6px 0\"><b>") + tr("Assistant") + QStringLiteral("</b>");
        html += m_partial.isEmpty()
            ? QStringLiteral("<p style=\"color:#6b7280\">") + tr("Waiting for the answer…") + QStringLiteral("</p>")
            : SafeMarkdown::toHtml(m_partial + QStringLiteral(" ▍"));
        html += QStringLiteral("</div>");
    }
    html += QStringLiteral("</body></html>");
    m_transcript->setHtml(html);
    if (atBottom || isStreaming())
        bar->setValue(bar->maximum());
    updateTotals();
}

void ChatPage::updateTotals()
{
    m_totals->setText(
        tr("This conversation: %1 tokens · %2")
            .arg(Formatting::count(m_conversation.totalTokens()), Formatting::money(m_conversation.totalCostMicros())));
}

void ChatPage::updateControls()
{
    const bool streaming = isStreaming();
    m_send->setEnabled(!streaming);
    m_stop->setEnabled(streaming);
    const bool hasAnswer
        = !m_conversation.messages.isEmpty() && m_conversation.messages.last().role == QLatin1String("assistant");
    m_regenerate->setEnabled(!streaming && hasAnswer);
    m_copy->setEnabled(hasAnswer);
    m_provider->setEnabled(m_routing->currentData().toString().startsWith(QLatin1String("cap:")));
}
