#include "CredentialTableModel.h"

#include "services/Formatting.h"

#include <QColor>

CredentialTableModel::CredentialTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void CredentialTableModel::setCredentials(QList<ProviderCredential> credentials)
{
    beginResetModel();
    m_credentials = std::move(credentials);
    endResetModel();
}

const ProviderCredential* CredentialTableModel::credentialAt(int row) const
{
    return row >= 0 && row < m_credentials.size() ? &m_credentials.at(row) : nullptr;
}

int CredentialTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_credentials.size());
}

int CredentialTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CredentialTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ProviderCredential& c = m_credentials.at(index.row());
    if (role == ProviderRole)
        return c.provider;
    if (role == Qt::ForegroundRole && index.column() == BaseUrl && c.baseUrl.isEmpty())
        return QColor(Qt::gray);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Provider:
        return c.provider;
    case Key:
        return c.maskedKey();
    case BaseUrl:
        return c.baseUrl.isEmpty() ? tr("provider default") : c.baseUrl;
    case Updated:
        return Formatting::dateTime(c.updatedAt);
    default:
        return {};
    }
}

QVariant CredentialTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Provider:
        return tr("Provider");
    case Key:
        return tr("API key");
    case BaseUrl:
        return tr("Base URL");
    case Updated:
        return tr("Updated");
    default:
        return {};
    }
}
