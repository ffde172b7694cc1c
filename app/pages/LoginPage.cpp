#include "LoginPage.h"

#include "services/AdminService.h"
#include "services/Session.h"
#include "storage/Database.h"

#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

LoginPage::LoginPage(Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("loginPage"));
    auto* card = new QFrame(this);
    card->setObjectName(QStringLiteral("loginCard"));
    card->setFrameShape(QFrame::StyledPanel);
    card->setMaximumWidth(440);
    auto* logo = new QLabel(this);
    logo->setPixmap(QIcon(QStringLiteral(":/icons/aigw.png")).pixmap(56, 56));
    logo->setAlignment(Qt::AlignCenter);
    auto* title = new QLabel(tr("<h2>Sign in</h2>"), this);
    title->setAlignment(Qt::AlignCenter);
    m_target = new QLabel(this);
    m_target->setObjectName(QStringLiteral("targetLabel"));
    m_target->setAlignment(Qt::AlignCenter);
    m_target->setWordWrap(true);
    m_target->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    m_email = new QLineEdit(this);
    m_email->setObjectName(QStringLiteral("emailLineEdit"));
    m_email->setPlaceholderText(tr("admin@example.com"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("passwordLineEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    m_signIn = new QPushButton(tr("&Sign in"), this);
    m_signIn->setObjectName(QStringLiteral("signInButton"));
    m_signIn->setDefault(true);
    auto* back = new QPushButton(tr("&Back"), this);
    back->setObjectName(QStringLiteral("backButton"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c01c28;"));
    m_error->hide();
    auto* hint = new QLabel(tr("No account yet? Create one on the gateway host with: aigw admin create EMAIL"), this);
    hint->setWordWrap(true);
    hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    hint->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Email:"), m_email);
    form->addRow(tr("&Password:"), m_password);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(back);
    buttons->addStretch(1);
    buttons->addWidget(m_signIn);
    auto* cardLayout = new QVBoxLayout(card);
    cardLayout->setContentsMargins(28, 24, 28, 24);
    cardLayout->setSpacing(12);
    cardLayout->addWidget(logo);
    cardLayout->addWidget(title);
    cardLayout->addWidget(m_target);
    cardLayout->addLayout(form);
    cardLayout->addWidget(m_error);
    cardLayout->addLayout(buttons);
    cardLayout->addWidget(hint);
    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(card, 2);
    row->addStretch(1);
    outer->addLayout(row);
    outer->addStretch(2);

    connect(m_signIn, &QPushButton::clicked, this, &LoginPage::signIn);
    connect(m_password, &QLineEdit::returnPressed, this, &LoginPage::signIn);
    connect(m_email, &QLineEdit::returnPressed, m_password, qOverload<>(&QWidget::setFocus));
    connect(back, &QPushButton::clicked, this, &LoginPage::backRequested);
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &LoginPage::finishSignIn);
}

LoginPage::~LoginPage()
{
    m_watcher.waitForFinished();
}

void LoginPage::reset()
{
    m_password->clear();
    m_error->hide();
    m_target->setText(m_session->hasDatabase()
                          ? m_session->profile().name + QStringLiteral(" — ") + m_session->database().url().redacted()
                          : QString());
    if (m_email->text().isEmpty())
        m_email->setText(QSettings().value(QStringLiteral("login/lastEmail")).toString());
    (m_email->text().isEmpty() ? m_email : m_password)->setFocus();
}

void LoginPage::signIn()
{
    if (!m_session->hasDatabase() || isSigningIn())
        return;
    m_checking = m_session->sharedDatabase();
    setBusy(true);
    const QString email = m_email->text().trimmed();
    const QString password = m_password->text();
    m_password->clear();
    m_watcher.setFuture(QtConcurrent::run([db = m_checking, email, password]() {
        auto admin = AdminService(*db).authenticate(email, password);
        db->releaseThreadConnection();
        Outcome out;
        if (admin)
            out.admin = admin.value();
        else
            out.error = admin.error();
        return out;
    }));
}

void LoginPage::finishSignIn()
{
    const Outcome out = m_watcher.result();
    const bool sameDatabase = m_checking && m_checking == m_session->sharedDatabase();
    m_checking.reset();
    setBusy(false);
    if (!sameDatabase)
        return; // disconnected (Back) while the check ran
    if (!out.admin) {
        m_error->setText(out.error.kind == Error::Kind::Unavailable
                             ? tr("The database cannot be reached: %1").arg(out.error.message)
                             : tr("The email or the password is wrong."));
        m_error->show();
        m_password->setFocus();
        return;
    }
    QSettings().setValue(QStringLiteral("login/lastEmail"), out.admin->email);
    m_error->hide();
    m_session->setAdmin(*out.admin);
    emit loggedIn();
}

void LoginPage::setBusy(bool busy)
{
    m_signIn->setEnabled(!busy);
    m_signIn->setText(busy ? tr("Signing in…") : tr("&Sign in"));
    m_email->setEnabled(!busy);
    m_password->setEnabled(!busy);
}
