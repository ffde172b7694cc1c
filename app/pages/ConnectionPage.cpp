#include "ConnectionPage.h"

#include "config/DataPaths.h"
#include "services/CredentialStore.h"
#include "services/ProfileStore.h"
#include "services/Session.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

ConnectionPage::ConnectionPage(Session* session, CredentialStore* store, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_store(store)
{
    setObjectName(QStringLiteral("connectionPage"));
    m_profiles = new QListWidget(this);
    m_profiles->setObjectName(QStringLiteral("profileListWidget"));
    m_profiles->setMinimumWidth(200);
    auto* newButton = new QPushButton(QIcon(QStringLiteral(":/icons/add.png")), tr("&New profile"), this);
    newButton->setObjectName(QStringLiteral("newProfileButton"));
    auto* deleteButton = new QPushButton(QIcon(QStringLiteral(":/icons/delete.png")), tr("Delete"), this);
    deleteButton->setObjectName(QStringLiteral("deleteProfileButton"));
    auto* left = new QVBoxLayout;
    left->addWidget(new QLabel(tr("Saved connections"), this));
    left->addWidget(m_profiles, 1);
    auto* leftButtons = new QHBoxLayout;
    leftButtons->addWidget(newButton);
    leftButtons->addWidget(deleteButton);
    left->addLayout(leftButtons);

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("profileNameLineEdit"));
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("kindComboBox"));
    m_kind->addItem(tr("SQLite database file (the gateway's embedded default)"), int(ConnectionProfile::Kind::Sqlite));
    m_kind->addItem(tr("PostgreSQL server"), int(ConnectionProfile::Kind::Postgres));
    m_kind->addItem(tr("Chat only (gateway URL and gw_ key)"), int(ConnectionProfile::Kind::ChatOnly));

    // Per kind: the database location.
    m_sqlitePath = new QLineEdit(this);
    m_sqlitePath->setObjectName(QStringLiteral("sqlitePathLineEdit"));
    m_sqlitePath->setPlaceholderText(DataPaths::defaultDatabasePath());
    auto* browse = new QPushButton(tr("&Browse…"), this);
    browse->setObjectName(QStringLiteral("browseButton"));
    connect(browse, &QPushButton::clicked, this, [this]() {
        const QString path
            = QFileDialog::getOpenFileName(this, tr("Gateway database"), m_sqlitePath->text(),
                                           tr("SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)"));
        if (!path.isEmpty())
            m_sqlitePath->setText(path);
    });
    m_pathRow = new QHBoxLayout;
    m_pathRow->addWidget(m_sqlitePath, 1);
    m_pathRow->addWidget(browse);

    m_host = new QLineEdit(this);
    m_host->setObjectName(QStringLiteral("hostLineEdit"));
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("portSpinBox"));
    m_port->setRange(1, 65535);
    m_database = new QLineEdit(this);
    m_database->setObjectName(QStringLiteral("databaseLineEdit"));
    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("userLineEdit"));
    m_sslMode = new QComboBox(this);
    m_sslMode->setObjectName(QStringLiteral("sslModeComboBox"));
    for (const char* mode : {"prefer", "require", "verify-full", "disable"})
        m_sslMode->addItem(QString::fromLatin1(mode), QString::fromLatin1(mode));
    m_chatNote = new QLabel(tr("A chat-only connection talks to the gateway over HTTP and never touches its "
                               "database."),
                            this);
    m_chatNote->setWordWrap(true);

    m_gatewayUrl = new QLineEdit(this);
    m_gatewayUrl->setObjectName(QStringLiteral("gatewayUrlLineEdit"));
    m_gatewayUrl->setPlaceholderText(QStringLiteral("http://127.0.0.1:8080"));

    auto* connectionBox = new QGroupBox(tr("Connection"), this);
    m_form = new QFormLayout(connectionBox);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->addRow(tr("&Name:"), m_name);
    m_form->addRow(tr("&Type:"), m_kind);
    auto* pathLabel = new QLabel(tr("Database &file:"), this);
    pathLabel->setBuddy(m_sqlitePath);
    m_form->addRow(pathLabel, m_pathRow);
    m_form->addRow(tr("&Host:"), m_host);
    m_form->addRow(tr("P&ort:"), m_port);
    m_form->addRow(tr("&Database:"), m_database);
    m_form->addRow(tr("&User:"), m_user);
    m_form->addRow(tr("&SSL mode:"), m_sslMode);
    m_form->addRow(m_chatNote);
    m_form->addRow(tr("&Gateway URL (chat):"), m_gatewayUrl);

    m_dbPassword = new QLineEdit(this);
    m_dbPassword->setObjectName(QStringLiteral("databasePasswordLineEdit"));
    m_dbPassword->setEchoMode(QLineEdit::Password);
    m_encryptionKey = new QLineEdit(this);
    m_encryptionKey->setObjectName(QStringLiteral("encryptionKeyLineEdit"));
    m_encryptionKey->setEchoMode(QLineEdit::Password);
    m_encryptionKey->setPlaceholderText(tr("SQLite: read from the gateway's .secrets file if empty"));
    m_gatewayKey = new QLineEdit(this);
    m_gatewayKey->setObjectName(QStringLiteral("gatewayKeyLineEdit"));
    m_gatewayKey->setEchoMode(QLineEdit::Password);
    m_gatewayKey->setPlaceholderText(tr("gw_… (only needed to chat)"));
    m_remember = new QCheckBox(tr("&Remember these secrets in the system keychain"), this);
    m_remember->setObjectName(QStringLiteral("rememberCheckBox"));
    m_remember->setChecked(true);
    m_keychainStatus = new QLabel(this);
    m_keychainStatus->setObjectName(QStringLiteral("keychainStatusLabel"));
    m_keychainStatus->setWordWrap(true);
    m_keychainStatus->hide();
    auto* secretsBox = new QGroupBox(tr("Secrets"), this);
    auto* secretsForm = new QFormLayout(secretsBox);
    m_secretsForm = secretsForm;
    secretsForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_dbPasswordLabel = new QLabel(tr("Database &password:"), this);
    m_dbPasswordLabel->setBuddy(m_dbPassword);
    m_encryptionKeyLabel = new QLabel(tr("&Encryption key:"), this);
    m_encryptionKeyLabel->setBuddy(m_encryptionKey);
    secretsForm->addRow(m_dbPasswordLabel, m_dbPassword);
    secretsForm->addRow(m_encryptionKeyLabel, m_encryptionKey);
    secretsForm->addRow(tr("Gateway &key:"), m_gatewayKey);
    secretsForm->addRow(m_remember);
    secretsForm->addRow(m_keychainStatus);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { background: #fde8e8; border: 1px solid #e6a0a0; border-radius: "
                                          "4px; padding: 8px; color: #7a1010; }"));
    m_error->hide();
    auto* save = new QPushButton(tr("Sa&ve"), this);
    save->setObjectName(QStringLiteral("saveProfileButton"));
    m_connect = new QPushButton(QIcon(QStringLiteral(":/icons/connect.png")), tr("&Connect"), this);
    m_connect->setObjectName(QStringLiteral("connectButton"));
    m_connect->setDefault(true);
    auto* actions = new QHBoxLayout;
    actions->addStretch(1);
    actions->addWidget(save);
    actions->addWidget(m_connect);

    auto* right = new QVBoxLayout;
    right->setSpacing(12);
    auto* title = new QLabel(tr("<h2>Connect to a gateway</h2>"
                                "<p>Operators connect to the gateway's database; developers who only chat need "
                                "the gateway's URL and a gw_ key.</p>"),
                             this);
    title->setWordWrap(true);
    right->addWidget(title);
    right->addWidget(connectionBox);
    right->addWidget(secretsBox);
    right->addWidget(m_error);
    right->addLayout(actions);
    right->addStretch(1);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(24, 24, 24, 24);
    layout->setSpacing(24);
    layout->addLayout(left, 1);
    layout->addLayout(right, 3);

    connect(newButton, &QPushButton::clicked, this, &ConnectionPage::newProfile);
    connect(deleteButton, &QPushButton::clicked, this, &ConnectionPage::deleteProfile);
    connect(save, &QPushButton::clicked, this, &ConnectionPage::saveProfile);
    connect(m_connect, &QPushButton::clicked, this, &ConnectionPage::connectProfile);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &ConnectionPage::updateKindFields);
    connect(m_profiles, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0)
            return;
        QSettings settings;
        const auto all = ProfileStore(settings).load();
        if (row < all.size())
            showProfile(all.at(row));
    });
    reloadProfiles();
}

void ConnectionPage::reloadProfiles()
{
    QSettings settings;
    ProfileStore store(settings);
    const auto all = store.load();
    const QString wanted = m_currentId.isEmpty() ? store.lastUsedId() : m_currentId;
    {
        const QSignalBlocker block(m_profiles);
        m_profiles->clear();
        for (const ConnectionProfile& p : all)
            m_profiles->addItem(p.name);
    }
    int row = 0;
    for (int i = 0; i < all.size(); ++i)
        if (all.at(i).id == wanted)
            row = i;
    if (all.isEmpty()) {
        newProfile();
    } else {
        m_profiles->setCurrentRow(row);
        showProfile(all.at(row));
    }
}

void ConnectionPage::newProfile()
{
    ConnectionProfile p;
    p.name = tr("Local gateway");
    p.sqlitePath = DataPaths::defaultDatabasePath();
    m_profiles->clearSelection();
    showProfile(p);
    m_name->setFocus();
    m_name->selectAll();
}

void ConnectionPage::showProfile(const ConnectionProfile& p)
{
    m_currentId = p.id;
    m_name->setText(p.name);
    m_kind->setCurrentIndex(qMax(0, m_kind->findData(int(p.kind))));
    m_sqlitePath->setText(p.sqlitePath);
    m_host->setText(p.host);
    m_port->setValue(p.port);
    m_database->setText(p.databaseName);
    m_user->setText(p.userName);
    m_sslMode->setCurrentIndex(qMax(0, m_sslMode->findData(p.sslMode)));
    m_gatewayUrl->setText(p.gatewayUrl);
    m_dbPassword->clear();
    m_encryptionKey->clear();
    m_gatewayKey->clear();
    m_error->hide();
    updateKindFields();
    if (!p.id.isEmpty())
        loadSecrets(p);
}

ConnectionProfile ConnectionPage::profileFromForm() const
{
    ConnectionProfile p;
    p.id = m_currentId;
    p.name = m_name->text().trimmed();
    p.kind = ConnectionProfile::Kind(m_kind->currentData().toInt());
    p.sqlitePath = m_sqlitePath->text().trimmed();
    p.host = m_host->text().trimmed();
    p.port = m_port->value();
    p.databaseName = m_database->text().trimmed();
    p.userName = m_user->text().trimmed();
    p.sslMode = m_sslMode->currentData().toString();
    p.gatewayUrl = m_gatewayUrl->text().trimmed();
    return p;
}

void ConnectionPage::updateKindFields()
{
    const auto kind = ConnectionProfile::Kind(m_kind->currentData().toInt());
    const bool sqlite = kind == ConnectionProfile::Kind::Sqlite;
    const bool postgres = kind == ConnectionProfile::Kind::Postgres;
    m_form->setRowVisible(m_pathRow, sqlite);
    for (QWidget* w : {static_cast<QWidget*>(m_host), static_cast<QWidget*>(m_port), static_cast<QWidget*>(m_database),
                       static_cast<QWidget*>(m_user), static_cast<QWidget*>(m_sslMode)})
        m_form->setRowVisible(w, postgres);
    m_form->setRowVisible(m_chatNote, kind == ConnectionProfile::Kind::ChatOnly);
    m_secretsForm->setRowVisible(m_dbPassword, postgres);
    m_secretsForm->setRowVisible(m_encryptionKey, kind != ConnectionProfile::Kind::ChatOnly);
    m_encryptionKey->setPlaceholderText(kind == ConnectionProfile::Kind::Sqlite
                                            ? tr("read from the gateway's .secrets file if empty")
                                            : tr("the gateway's ENCRYPTION_KEY (for provider keys)"));
}

void ConnectionPage::setKeychainUnavailable(const QString& why)
{
    m_noBackend = true;
    m_remember->setChecked(false);
    m_remember->setEnabled(false);
    m_keychainStatus->setText(tr("No system keychain is available (%1). Secrets are not saved anywhere; enter them "
                                 "each time you connect.")
                                  .arg(why));
    m_keychainStatus->setStyleSheet(QStringLiteral("QLabel { background: #fff4ce; border: 1px solid #e5c07b; "
                                                   "border-radius: 4px; padding: 6px; color: #5c4400; }"));
    m_keychainStatus->show();
}

void ConnectionPage::loadSecrets(const ConnectionProfile& profile)
{
    if (m_noBackend)
        return;
    const QString id = profile.id;
    const auto fill = [this, id](QLineEdit* edit) {
        return [this, id, edit](CredentialStore::Status status, const QString& value, const QString& message) {
            if (m_currentId != id)
                return; // another profile is shown by now
            if (status == CredentialStore::Status::Ok && edit->text().isEmpty())
                edit->setText(value);
            else if (status == CredentialStore::Status::NoBackend && !m_noBackend)
                setKeychainUnavailable(message);
        };
    };
    for (ConnectionProfile::Secret s : profile.secrets()) {
        QLineEdit* edit = s == ConnectionProfile::Secret::DatabasePassword ? m_dbPassword
            : s == ConnectionProfile::Secret::EncryptionKey                ? m_encryptionKey
                                                                           : m_gatewayKey;
        m_store->read(profile.secretKey(s), this, fill(edit));
    }
}

void ConnectionPage::storeSecrets(const ConnectionProfile& profile)
{
    if (m_noBackend || !m_remember->isChecked())
        return;
    for (ConnectionProfile::Secret s : profile.secrets()) {
        const QString value = s == ConnectionProfile::Secret::DatabasePassword ? m_dbPassword->text()
            : s == ConnectionProfile::Secret::EncryptionKey                    ? m_encryptionKey->text()
                                                                               : m_gatewayKey->text();
        const auto done = [this](CredentialStore::Status status, const QString& message) {
            if (status == CredentialStore::Status::NoBackend && !m_noBackend)
                setKeychainUnavailable(message);
            else if (status == CredentialStore::Status::Failed)
                showError(tr("The keychain refused to store a secret: %1").arg(message));
        };
        if (value.isEmpty())
            m_store->remove(profile.secretKey(s), this, done);
        else
            m_store->write(profile.secretKey(s), value, this, done);
    }
}

void ConnectionPage::saveProfile()
{
    ConnectionProfile p = profileFromForm();
    if (auto v = p.validate(); !v) {
        showError(v.error().message);
        return;
    }
    QSettings settings;
    ProfileStore store(settings);
    p = store.upsert(p);
    m_currentId = p.id;
    storeSecrets(p);
    reloadProfiles();
    m_error->hide();
}

void ConnectionPage::deleteProfile()
{
    if (m_currentId.isEmpty())
        return;
    ConnectionProfile p = profileFromForm();
    for (ConnectionProfile::Secret s : p.secrets())
        m_store->remove(p.secretKey(s), this, [](CredentialStore::Status, const QString&) {});
    QSettings settings;
    ProfileStore(settings).remove(m_currentId);
    m_currentId.clear();
    reloadProfiles();
}

void ConnectionPage::connectProfile()
{
    ConnectionProfile p = profileFromForm();
    if (auto v = p.validate(); !v) {
        showError(v.error().message);
        return;
    }
    m_connect->setEnabled(false);
    m_connect->setText(tr("Connecting…"));
    auto opened = m_session->open(p, m_dbPassword->text(), m_encryptionKey->text(), m_gatewayKey->text());
    m_connect->setEnabled(true);
    m_connect->setText(tr("&Connect"));
    if (!opened) {
        showError(tr("Could not connect: %1").arg(opened.error().message));
        return;
    }
    QSettings settings;
    ProfileStore store(settings);
    p = store.upsert(p);
    m_currentId = p.id;
    store.setLastUsedId(p.id);
    storeSecrets(p);
    m_error->hide();
    emit connected();
}

void ConnectionPage::showError(const QString& text)
{
    m_error->setText(text);
    m_error->show();
}
