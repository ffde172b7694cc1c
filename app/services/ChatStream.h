#pragma once

#include "ChatReplyInfo.h"
#include "SseParser.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkReply;

/**
 * One running chat completion. Streamed replies are read incrementally (readyRead) and parsed as SSE;
 * a non-streamed JSON reply is accepted too. Exactly one of finished(), stopped() or failed() is
 * emitted at the end. stop() aborts the HTTP request, which closes the connection to the gateway.
 */
class ChatStream final : public QObject
{
    Q_OBJECT

public:
    /** Takes ownership of reply. url is used in error messages. */
    ChatStream(QNetworkReply* reply, QUrl url, QObject* parent = nullptr);
    ~ChatStream() override;

    void stop();
    bool isRunning() const { return m_running; }
    const QString& text() const { return m_text; }
    const ChatReplyInfo& info() const { return m_info; }

signals:
    void textReceived(const QString& delta);
    void finished();
    void stopped();
    void failed(const QString& message);

private slots:
    void handleReadyRead();
    void handleFinished();

private:
    void handleEvent(const QByteArray& data);
    void readMeta(const QJsonObject& object);
    void fail(const QString& message);

    QPointer<QNetworkReply> m_reply;
    QUrl m_url;
    SseParser m_parser;
    QByteArray m_body; ///< non-SSE body (errors, non-streamed answers)
    QString m_text;
    ChatReplyInfo m_info;
    bool m_running = true;
    bool m_stopRequested = false;
    bool m_isEventStream = false;
    bool m_sawDone = false;
};
