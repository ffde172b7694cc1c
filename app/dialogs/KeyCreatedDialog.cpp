#include "KeyCreatedDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

KeyCreatedDialog::KeyCreatedDialog(const QString& plaintextKey, const QString& keyName, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("keyCreatedDialog"));
    setWindowTitle(tr("Key generated"));
    setMinimumWidth(520);
    setAttribute(Qt::WA_DeleteOnClose);

    auto* title = new QLabel(keyName.isEmpty() ? tr("Your new gateway key:")
                                               : tr("Your new gateway key “%1”:").arg(keyName.toHtmlEscaped()),
                             this);
    m_key = new QLineEdit(plaintextKey, this);
    m_key->setObjectName(QStringLiteral("newKeyLineEdit"));
    m_key->setReadOnly(true);
    m_key->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_key->setMinimumWidth(380);
    m_copy = new QPushButton(QIcon(QStringLiteral(":/icons/copy.png")), tr("&Copy"), this);
    m_copy->setObjectName(QStringLiteral("copyKeyButton"));
    connect(m_copy, &QPushButton::clicked, this, [this]() {
        QApplication::clipboard()->setText(m_key->text());
        m_copy->setText(tr("Copied"));
        QTimer::singleShot(2000, m_copy, [this]() { m_copy->setText(tr("&Copy")); });
    });
    auto* row = new QHBoxLayout;
    row->addWidget(m_key, 1);
    row->addWidget(m_copy);

    auto* warning = new QLabel(tr("Copy this key now and keep it somewhere safe. It is shown only this once: the "
                                  "gateway stores just a hash of it. If it is lost, revoke it and generate a new one."),
                               this);
    warning->setObjectName(QStringLiteral("warningLabel"));
    warning->setWordWrap(true);
    warning->setStyleSheet(QStringLiteral("QLabel { background: #fff4ce; border: 1px solid #e5c07b; border-radius: "
                                          "4px; padding: 8px; color: #5c4400; }"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setText(tr("I have saved the key"));
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closeButton"));
    connect(buttons, &QDialogButtonBox::rejected, this, &KeyCreatedDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    layout->addWidget(title);
    layout->addLayout(row);
    layout->addWidget(warning);
    layout->addWidget(buttons);
    m_key->selectAll();
    m_copy->setFocus();
}

KeyCreatedDialog::~KeyCreatedDialog() = default;

void KeyCreatedDialog::done(int result)
{
    m_key->setText(QString(m_key->text().size(), QLatin1Char('x')));
    m_key->clear();
    QDialog::done(result);
}
