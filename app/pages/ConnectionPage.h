#pragma once

#include "services/ConnectionProfile.h"

#include <QWidget>

class CredentialStore;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QFormLayout;
class QHBoxLayout;
class Session;

/**
 * Saved connection profiles (SQLite file, PostgreSQL server, or chat only) and their secrets. Secrets
 * are read from and saved to the CredentialStore; when it has no backend the page says so, saves
 * nothing, and the secrets are typed in each time.
 */
class ConnectionPage final : public QWidget
{
    Q_OBJECT

public:
    ConnectionPage(Session* session, CredentialStore* store, QWidget* parent = nullptr);

    /** Whether the keychain answered that it has no backend. */
    bool keychainUnavailable() const { return m_noBackend; }

public slots:
    void reloadProfiles();
    void newProfile();
    void saveProfile();
    void deleteProfile();
    /** Opens the session with the profile and secrets on screen. */
    void connectProfile();

signals:
    void connected();

private:
    ConnectionProfile profileFromForm() const;
    void showProfile(const ConnectionProfile& profile);
    void loadSecrets(const ConnectionProfile& profile);
    void storeSecrets(const ConnectionProfile& profile);
    void updateKindFields();
    void setKeychainUnavailable(const QString& why);
    void showError(const QString& text);

    Session* m_session;
    CredentialStore* m_store;
    QString m_currentId;
    bool m_noBackend = false;

    QListWidget* m_profiles;
    QLineEdit* m_name;
    QComboBox* m_kind;
    QFormLayout* m_form;
    QFormLayout* m_secretsForm;
    QHBoxLayout* m_pathRow;
    QLabel* m_chatNote;
    QLineEdit* m_sqlitePath;
    QLineEdit* m_host;
    QSpinBox* m_port;
    QLineEdit* m_database;
    QLineEdit* m_user;
    QComboBox* m_sslMode;
    QLineEdit* m_gatewayUrl;
    QLineEdit* m_dbPassword;
    QLineEdit* m_encryptionKey;
    QLineEdit* m_gatewayKey;
    QLabel* m_dbPasswordLabel;
    QLabel* m_encryptionKeyLabel;
    QCheckBox* m_remember;
    QLabel* m_keychainStatus;
    QLabel* m_error;
    QPushButton* m_connect;
};
