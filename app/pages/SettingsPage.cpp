#include "SettingsPage.h"

#include "services/AdminService.h"
#include "services/LanguageSettings.h"
#include "services/Session.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

SettingsPage::SettingsPage(Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("settingsPage"));
    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("languageComboBox"));
    m_language->addItem(tr("System default"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->setCurrentIndex(qMax(0, m_language->findData(LanguageSettings::current())));
    m_languageNote = new QLabel(this);
    m_languageNote->setObjectName(QStringLiteral("languageNoteLabel"));
    m_languageNote->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    m_languageNote->hide();
    auto* languageBox = new QGroupBox(tr("Language"), this);
    auto* languageForm = new QFormLayout(languageBox);
    languageForm->addRow(tr("&Language:"), m_language);
    languageForm->addRow(m_languageNote);
    connect(m_language, &QComboBox::currentIndexChanged, this, [this]() {
        LanguageSettings::setCurrent(m_language->currentData().toString());
        m_languageNote->setText(tr("The new language is used the next time the application starts."));
        m_languageNote->show();
    });

    m_account = new QLabel(this);
    m_account->setObjectName(QStringLiteral("accountLabel"));
    m_current = new QLineEdit(this);
    m_current->setObjectName(QStringLiteral("currentPasswordLineEdit"));
    m_current->setEchoMode(QLineEdit::Password);
    m_new = new QLineEdit(this);
    m_new->setObjectName(QStringLiteral("newPasswordLineEdit"));
    m_new->setEchoMode(QLineEdit::Password);
    m_new->setPlaceholderText(tr("at least %1 characters").arg(AdminService::MinPasswordLength));
    m_confirm = new QLineEdit(this);
    m_confirm->setObjectName(QStringLiteral("confirmPasswordLineEdit"));
    m_confirm->setEchoMode(QLineEdit::Password);
    auto* change = new QPushButton(tr("&Change password"), this);
    change->setObjectName(QStringLiteral("changePasswordButton"));
    m_passwordStatus = new QLabel(this);
    m_passwordStatus->setObjectName(QStringLiteral("passwordStatusLabel"));
    m_passwordStatus->setWordWrap(true);
    m_passwordBox = new QGroupBox(tr("Password"), this);
    auto* passwordForm = new QFormLayout(m_passwordBox);
    passwordForm->addRow(tr("Signed in as:"), m_account);
    passwordForm->addRow(tr("C&urrent password:"), m_current);
    passwordForm->addRow(tr("&New password:"), m_new);
    passwordForm->addRow(tr("C&onfirm:"), m_confirm);
    passwordForm->addRow(QString(), change);
    passwordForm->addRow(m_passwordStatus);
    connect(change, &QPushButton::clicked, this, &SettingsPage::changePassword);
    connect(m_confirm, &QLineEdit::returnPressed, this, &SettingsPage::changePassword);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(16);
    languageBox->setMaximumWidth(640);
    m_passwordBox->setMaximumWidth(640);
    layout->addWidget(languageBox);
    layout->addWidget(m_passwordBox);
    layout->addStretch(1);
}

void SettingsPage::refresh()
{
    m_passwordBox->setVisible(m_session->isLoggedIn());
    m_account->setText(m_session->admin().email);
}

void SettingsPage::changePassword()
{
    const auto fail = [this](const QString& text) {
        m_passwordStatus->setStyleSheet(QStringLiteral("color: #c01c28;"));
        m_passwordStatus->setText(text);
    };
    if (!m_session->isLoggedIn() || !m_session->hasDatabase())
        return;
    if (m_new->text() != m_confirm->text()) {
        fail(tr("The new password and its confirmation differ."));
        return;
    }
    auto r
        = AdminService(m_session->database()).changePassword(m_session->admin().id, m_current->text(), m_new->text());
    m_current->clear();
    m_new->clear();
    m_confirm->clear();
    if (!r) {
        fail(r.error().kind == Error::Kind::InvalidArgument && r.error().field == QLatin1String("password")
                 ? r.error().message
                 : tr("The password was not changed: %1").arg(r.error().message));
        return;
    }
    m_passwordStatus->setStyleSheet(QStringLiteral("color: #1a7f37;"));
    m_passwordStatus->setText(tr("Password changed. Sessions of the admin API signed in with the old password end."));
}
