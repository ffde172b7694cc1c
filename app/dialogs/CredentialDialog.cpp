#include "CredentialDialog.h"

#include "domain/Providers.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

CredentialDialog::CredentialDialog(const QString& projectName, const QString& provider, const QString& baseUrl,
                                   SaveFunction save, QWidget* parent)
    : QDialog(parent)
    , m_save(std::move(save))
{
    setObjectName(QStringLiteral("credentialDialog"));
    setWindowTitle(provider.isEmpty() ? tr("Add provider key") : tr("Replace provider key"));
    setMinimumWidth(460);
    auto* intro = new QLabel(tr("The key is encrypted (AES-256-GCM) before it is stored for project <b>%1</b>, "
                                "and never shown again.")
                                 .arg(projectName.toHtmlEscaped()),
                             this);
    intro->setWordWrap(true);
    m_provider = new QComboBox(this);
    m_provider->setObjectName(QStringLiteral("providerComboBox"));
    for (const QString& p : Providers::all())
        m_provider->addItem(p, p);
    if (!provider.isEmpty()) {
        m_provider->setCurrentIndex(qMax(0, m_provider->findData(provider)));
        m_provider->setEnabled(false);
    }
    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("apiKeyLineEdit"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("sk-… or AIza…"));
    m_baseUrl = new QLineEdit(baseUrl, this);
    m_baseUrl->setObjectName(QStringLiteral("baseUrlLineEdit"));
    m_baseUrl->setPlaceholderText(tr("provider default (optional)"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setStyleSheet(QStringLiteral("color: #c01c28;"));
    m_error->setWordWrap(true);
    m_error->hide();

    auto* form = new QFormLayout;
    form->addRow(tr("&Provider:"), m_provider);
    form->addRow(tr("API &key:"), m_key);
    form->addRow(tr("&Base URL:"), m_baseUrl);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("saveButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &CredentialDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &CredentialDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    (provider.isEmpty() ? static_cast<QWidget*>(m_provider) : m_key)->setFocus();
}

void CredentialDialog::accept()
{
    auto saved = m_save(m_provider->currentData().toString(), m_key->text(), m_baseUrl->text().trimmed());
    if (!saved) {
        m_error->setText(saved.error().message);
        m_error->show();
        m_key->setFocus();
        return;
    }
    m_key->clear();
    emit credentialSaved(saved.value());
    QDialog::accept();
}
