#pragma once

#include <QWidget>

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class Session;

/** Language (applied at the next start) and the signed-in operator's password. */
class SettingsPage final : public QWidget
{
    Q_OBJECT

public:
    explicit SettingsPage(Session* session, QWidget* parent = nullptr);

public slots:
    void refresh();
    void changePassword();

private:
    Session* m_session;
    QComboBox* m_language;
    QLabel* m_languageNote;
    QGroupBox* m_passwordBox;
    QLineEdit* m_current;
    QLineEdit* m_new;
    QLineEdit* m_confirm;
    QLabel* m_passwordStatus;
    QLabel* m_account;
};
