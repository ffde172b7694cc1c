#pragma once

#include "domain/ProviderCredential.h"
#include "util/Result.h"

#include <QDialog>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;

/**
 * Add or replace a project's API key for one provider, with an optional base URL. The key field is
 * masked; the save function encrypts and stores it, and the dialog stays open on errors.
 */
class CredentialDialog final : public QDialog
{
    Q_OBJECT

public:
    using SaveFunction = std::function<Result<ProviderCredential>(const QString& provider, const QString& key,
                                                                  const QString& baseUrl)>;

    /** provider empty: a new credential (pick the provider); else replace that provider's key. */
    CredentialDialog(const QString& projectName, const QString& provider, const QString& baseUrl, SaveFunction save,
                     QWidget* parent = nullptr);

public slots:
    void accept() override;

signals:
    void credentialSaved(const ProviderCredential& credential);

private:
    SaveFunction m_save;
    QComboBox* m_provider;
    QLineEdit* m_key;
    QLineEdit* m_baseUrl;
    QLabel* m_error;
};
