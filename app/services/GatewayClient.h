#pragma once

#include <QList>
#include <QObject>
#include <QUrl>

class ChatStream;
class QNetworkAccessManager;
struct ChatRequest;

/**
 * The chat page's view of the gateway's OpenAI-compatible API: GET /v1/models and POST
 * /v1/chat/completions with `Authorization: Bearer gw_...`.
 */
class GatewayClient final : public QObject
{
    Q_OBJECT

public:
    struct ModelInfo
    {
        QString id;
        QString provider; ///< owned_by
    };

    explicit GatewayClient(QNetworkAccessManager* network, QObject* parent = nullptr);

    void setEndpoint(const QUrl& baseUrl, const QString& apiKey);
    QUrl baseUrl() const { return m_baseUrl; }
    bool hasKey() const { return !m_apiKey.isEmpty(); }

    /** Starts a completion; the stream is a child of parent and reports its own end. */
    ChatStream* startChat(const ChatRequest& request, QObject* parent);
    /** Asks for the model list; answers with modelsReceived() or modelsFailed(). */
    void fetchModels();

    /**
     * Turns a failed request into one sentence a user understands: what happened and what to do.
     * httpStatus 0 means the gateway could not be reached (networkError says why).
     */
    static QString describeError(int httpStatus, const QByteArray& body, const QString& networkError, const QUrl& url);

signals:
    void modelsReceived(const QList<GatewayClient::ModelInfo>& models);
    void modelsFailed(const QString& message);

private:
    QUrl endpoint(const QString& path) const;

    QNetworkAccessManager* m_network;
    QUrl m_baseUrl;
    QString m_apiKey;
};
