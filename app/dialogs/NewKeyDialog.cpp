#include "NewKeyDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

NewKeyDialog::NewKeyDialog(const QString& projectName, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("newKeyDialog"));
    setWindowTitle(tr("Generate key"));
    setMinimumWidth(420);
    auto* intro = new QLabel(tr("A new gateway key for <b>%1</b>.").arg(projectName.toHtmlEscaped()), this);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("keyNameLineEdit"));
    m_name->setPlaceholderText(tr("e.g. backend production"));
    m_rpm = new QSpinBox(this);
    m_rpm->setObjectName(QStringLiteral("rateLimitSpinBox"));
    m_rpm->setRange(0, 1000000);
    m_rpm->setSpecialValueText(tr("gateway default"));
    m_rpm->setSuffix(tr(" per minute"));
    m_tpm = new QSpinBox(this);
    m_tpm->setObjectName(QStringLiteral("tokenRateLimitSpinBox"));
    m_tpm->setRange(0, 100000000);
    m_tpm->setSingleStep(1000);
    m_tpm->setSpecialValueText(tr("no limit"));
    m_tpm->setSuffix(tr(" tokens per minute"));
    m_models = new QLineEdit(this);
    m_models->setObjectName(QStringLiteral("allowedModelsLineEdit"));
    m_models->setPlaceholderText(tr("every model (or a comma-separated list)"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setStyleSheet(QStringLiteral("color: #c01c28;"));
    m_error->setWordWrap(true);
    m_error->hide();

    auto* form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Requests:"), m_rpm);
    form->addRow(tr("&Tokens:"), m_tpm);
    form->addRow(tr("Allowed &models:"), m_models);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Generate"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("generateButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &NewKeyDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &NewKeyDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

ApiKeyService::Options NewKeyDialog::options() const
{
    ApiKeyService::Options o;
    o.name = m_name->text().trimmed();
    if (m_rpm->value() > 0)
        o.rateLimitRpm = m_rpm->value();
    if (m_tpm->value() > 0)
        o.rateLimitTpm = m_tpm->value();
    QStringList models;
    for (const QString& m : m_models->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!m.trimmed().isEmpty())
            models << m.trimmed();
    if (!models.isEmpty())
        o.allowedModels = models;
    return o;
}

void NewKeyDialog::accept()
{
    if (auto v = ApiKeyService::validate(options()); !v) {
        m_error->setText(v.error().message);
        m_error->show();
        return;
    }
    QDialog::accept();
}
