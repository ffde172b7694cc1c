#include "CredentialsPage.h"

#include "ProjectPicker.h"
#include "dialogs/CredentialDialog.h"
#include "dialogs/MessageBox.h"
#include "models/CredentialTableModel.h"
#include "services/CredentialService.h"
#include "services/Session.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

CredentialsPage::CredentialsPage(Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("credentialsPage"));
    m_project = new ProjectPicker(this);
    auto* projectLabel = new QLabel(tr("&Project:"), this);
    projectLabel->setBuddy(m_project);
    m_add = new QPushButton(QIcon(QStringLiteral(":/icons/add.png")), tr("&Add key…"), this);
    m_add->setObjectName(QStringLiteral("addCredentialButton"));
    m_replace = new QPushButton(QIcon(QStringLiteral(":/icons/edit.png")), tr("R&eplace…"), this);
    m_replace->setObjectName(QStringLiteral("replaceCredentialButton"));
    m_delete = new QPushButton(QIcon(QStringLiteral(":/icons/delete.png")), tr("&Delete…"), this);
    m_delete->setObjectName(QStringLiteral("deleteCredentialButton"));
    auto* toolbar = new QHBoxLayout;
    toolbar->setSpacing(8);
    toolbar->addWidget(projectLabel);
    toolbar->addWidget(m_project);
    toolbar->addSpacing(12);
    toolbar->addWidget(m_add);
    toolbar->addWidget(m_replace);
    toolbar->addWidget(m_delete);
    toolbar->addStretch(1);

    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("cipherBannerLabel"));
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #fff4ce; border: 1px solid #e5c07b; border-radius: "
                                           "4px; padding: 8px; color: #5c4400; }"));
    m_banner->hide();

    m_model = new CredentialTableModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("credentialsTableView"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* note = new QLabel(tr("Each project calls the providers with its own keys. They are encrypted with the "
                               "gateway's encryption key and only the last four characters are shown."),
                            this);
    note->setWordWrap(true);
    note->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    layout->addLayout(toolbar);
    layout->addWidget(m_banner);
    layout->addWidget(m_table, 1);
    layout->addWidget(note);

    connect(m_project, &QComboBox::currentIndexChanged, this, &CredentialsPage::loadCredentials);
    connect(m_add, &QPushButton::clicked, this, &CredentialsPage::addCredential);
    connect(m_replace, &QPushButton::clicked, this, &CredentialsPage::replaceCredential);
    connect(m_delete, &QPushButton::clicked, this, &CredentialsPage::deleteCredential);
    connect(m_table, &QTableView::doubleClicked, this, &CredentialsPage::replaceCredential);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &CredentialsPage::updateButtons);
    updateButtons();
}

void CredentialsPage::refresh()
{
    m_banner->setVisible(!m_session->hasCipher());
    m_banner->setText(tr("Provider keys cannot be added or replaced: %1").arg(m_session->cipherProblem()));
    m_project->reload(*m_session);
    loadCredentials();
}

void CredentialsPage::loadCredentials()
{
    if (!m_session->hasDatabase() || m_project->projectId().isEmpty()) {
        m_model->setCredentials({});
        updateButtons();
        return;
    }
    // Listing needs no decryption; an invalid cipher is fine here.
    auto list = CredentialService(m_session->database(), m_session->cipher()).list(m_project->projectId());
    if (!list) {
        MessageBox::warning(this, tr("Provider keys"), tr("Cannot load the keys: %1").arg(list.error().message));
        return;
    }
    m_model->setCredentials(list.value());
    m_table->resizeColumnsToContents();
    updateButtons();
}

void CredentialsPage::updateButtons()
{
    const bool project = !m_project->projectId().isEmpty();
    const bool selected = !m_table->selectionModel()->selectedRows().isEmpty();
    m_add->setEnabled(project && m_session->hasCipher());
    m_replace->setEnabled(selected && m_session->hasCipher());
    m_delete->setEnabled(selected);
}

void CredentialsPage::openDialog(const QString& provider, const QString& baseUrl)
{
    const QString projectId = m_project->projectId();
    if (projectId.isEmpty() || !m_session->hasCipher())
        return;
    Session* session = m_session;
    auto* dialog = new CredentialDialog(
        m_project->projectName(), provider, baseUrl,
        [session, projectId](const QString& p, const QString& key, const QString& url) {
            return CredentialService(session->database(), session->cipher()).set(projectId, p, key, url);
        },
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CredentialDialog::credentialSaved, this, &CredentialsPage::loadCredentials);
    dialog->open();
}

void CredentialsPage::addCredential()
{
    openDialog({}, {});
}

void CredentialsPage::replaceCredential()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const ProviderCredential* c = m_model->credentialAt(rows.first().row());
    if (c)
        openDialog(c->provider, c->baseUrl);
}

void CredentialsPage::deleteCredential()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const ProviderCredential* c = m_model->credentialAt(rows.first().row());
    if (!c)
        return;
    const QString provider = c->provider;
    const auto answer = MessageBox::question(this, tr("Delete provider key"),
                                             tr("Delete the %1 key of “%2”? Requests that need %1 will fail until a "
                                                "new key is added.")
                                                 .arg(provider, m_project->projectName()));
    if (answer != QMessageBox::Yes)
        return;
    if (auto r = CredentialService(m_session->database(), m_session->cipher()).remove(m_project->projectId(), provider);
        !r) {
        MessageBox::warning(this, tr("Delete provider key"), r.error().message);
        return;
    }
    loadCredentials();
}
