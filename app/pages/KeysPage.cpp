#include "KeysPage.h"

#include "ProjectPicker.h"
#include "dialogs/KeyCreatedDialog.h"
#include "dialogs/MessageBox.h"
#include "dialogs/NewKeyDialog.h"
#include "models/ApiKeyTableModel.h"
#include "services/ApiKeyService.h"
#include "services/Session.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

KeysPage::KeysPage(Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("keysPage"));
    m_project = new ProjectPicker(this);
    auto* projectLabel = new QLabel(tr("&Project:"), this);
    projectLabel->setBuddy(m_project);
    m_generate = new QPushButton(QIcon(QStringLiteral(":/icons/add.png")), tr("&Generate key…"), this);
    m_generate->setObjectName(QStringLiteral("generateKeyButton"));
    m_revoke = new QPushButton(QIcon(QStringLiteral(":/icons/delete.png")), tr("Re&voke…"), this);
    m_revoke->setObjectName(QStringLiteral("revokeKeyButton"));
    m_showRevoked = new QCheckBox(tr("Show &revoked"), this);
    m_showRevoked->setObjectName(QStringLiteral("showRevokedCheckBox"));

    auto* toolbar = new QHBoxLayout;
    toolbar->setSpacing(8);
    toolbar->addWidget(projectLabel);
    toolbar->addWidget(m_project);
    toolbar->addSpacing(12);
    toolbar->addWidget(m_generate);
    toolbar->addWidget(m_revoke);
    toolbar->addStretch(1);
    toolbar->addWidget(m_showRevoked);

    m_model = new ApiKeyTableModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("keysTableView"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_empty = new QLabel(tr("This project has no keys yet. Generate one to let an application use the gateway."), this);
    m_empty->setObjectName(QStringLiteral("emptyLabel"));
    m_empty->setWordWrap(true);
    m_empty->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    layout->addLayout(toolbar);
    layout->addWidget(m_empty);
    layout->addWidget(m_table, 1);

    connect(m_project, &QComboBox::currentIndexChanged, this, &KeysPage::loadKeys);
    connect(m_showRevoked, &QCheckBox::toggled, this, &KeysPage::loadKeys);
    connect(m_generate, &QPushButton::clicked, this, &KeysPage::generateKey);
    connect(m_revoke, &QPushButton::clicked, this, &KeysPage::revokeKey);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &KeysPage::updateButtons);
    updateButtons();
}

void KeysPage::refresh()
{
    m_project->reload(*m_session);
    loadKeys();
}

void KeysPage::loadKeys()
{
    if (!m_session->hasDatabase() || m_project->projectId().isEmpty()) {
        m_model->setKeys({});
        updateButtons();
        return;
    }
    auto keys = ApiKeyService(m_session->database()).list(m_project->projectId(), m_showRevoked->isChecked());
    if (!keys) {
        MessageBox::warning(this, tr("Keys"), tr("Cannot load the keys: %1").arg(keys.error().message));
        return;
    }
    m_model->setKeys(keys.value());
    m_table->resizeColumnsToContents();
    m_empty->setVisible(keys.value().isEmpty());
    updateButtons();
}

void KeysPage::updateButtons()
{
    m_generate->setEnabled(!m_project->projectId().isEmpty());
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    m_revoke->setEnabled(!rows.isEmpty() && rows.first().data(ApiKeyTableModel::ActiveRole).toBool());
}

void KeysPage::generateKey()
{
    const QString projectId = m_project->projectId();
    if (projectId.isEmpty())
        return;
    auto* dialog = new NewKeyDialog(m_project->projectName(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, projectId]() {
        auto issued = ApiKeyService(m_session->database()).create(projectId, dialog->options());
        if (!issued) {
            MessageBox::warning(this, tr("Generate key"), issued.error().message);
            return;
        }
        loadKeys();
        auto* shown = new KeyCreatedDialog(issued.value().plaintext, issued.value().key.name, this);
        shown->open();
    });
    dialog->open();
}

void KeysPage::revokeKey()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const ApiKey* key = m_model->keyAt(rows.first().row());
    if (!key || !key->active)
        return;
    const QString id = key->id;
    const auto answer = MessageBox::question(
        this, tr("Revoke key"),
        tr("Revoke the key %1 (%2)? Applications using it are refused from now on. This cannot be undone.")
            .arg(key->keyPrefix + QStringLiteral("…"), key->name.isEmpty() ? tr("unnamed") : key->name));
    if (answer != QMessageBox::Yes)
        return;
    if (auto r = ApiKeyService(m_session->database()).revoke(id); !r) {
        MessageBox::warning(this, tr("Revoke key"), r.error().message);
        return;
    }
    loadKeys();
}
