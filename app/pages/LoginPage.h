#pragma once

#include "domain/Admin.h"
#include "util/Result.h"

#include <QFutureWatcher>
#include <QWidget>

#include <memory>
#include <optional>

class Database;
class QLabel;
class QLineEdit;
class QPushButton;
class Session;

/**
 * Operator sign-in with the same accounts and password hashes as the admin API (AdminService). The
 * password check (scrypt, deliberately slow) runs on a pool thread with its own database connection, so
 * the window keeps painting; the form is disabled meanwhile.
 */
class LoginPage final : public QWidget
{
    Q_OBJECT

public:
    explicit LoginPage(Session* session, QWidget* parent = nullptr);
    ~LoginPage() override;

    void reset();
    /** True while a password check is running. */
    bool isSigningIn() const { return bool(m_checking); }

public slots:
    /** Starts the password check; loggedIn() or an error on the page follows. */
    void signIn();

signals:
    void loggedIn();
    void backRequested();

private:
    /** What the worker hands back (default-constructible, unlike Result<Admin>). */
    struct Outcome
    {
        std::optional<Admin> admin;
        Error error;
    };

    void finishSignIn();
    void setBusy(bool busy);

    Session* m_session;
    QFutureWatcher<Outcome> m_watcher;
    std::shared_ptr<const Database> m_checking; ///< the database the running check uses
    QLabel* m_target;
    QLineEdit* m_email;
    QLineEdit* m_password;
    QPushButton* m_signIn;
    QLabel* m_error;
};
