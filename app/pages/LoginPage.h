#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class Session;

/** Operator sign-in with the same accounts and password hashes as the admin API (AdminService). */
class LoginPage final : public QWidget
{
    Q_OBJECT

public:
    explicit LoginPage(Session* session, QWidget* parent = nullptr);

    void reset();

public slots:
    void signIn();

signals:
    void loggedIn();
    void backRequested();

private:
    Session* m_session;
    QLabel* m_target;
    QLineEdit* m_email;
    QLineEdit* m_password;
    QPushButton* m_signIn;
    QLabel* m_error;
};
