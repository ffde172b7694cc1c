#pragma once

#include "domain/ProviderCredential.h"

#include <QAbstractTableModel>
#include <QList>

/** A project's provider credentials, masked: provider, key hint, base URL and dates. */
class CredentialTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Provider, Key, BaseUrl, Updated, ColumnCount };
    enum Role { ProviderRole = Qt::UserRole + 1 };

    explicit CredentialTableModel(QObject* parent = nullptr);

    void setCredentials(QList<ProviderCredential> credentials);
    const ProviderCredential* credentialAt(int row) const;

    // QAbstractTableModel
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ProviderCredential> m_credentials;
};
