#include "ApiKeyTableModel.h"

#include "services/Formatting.h"

#include <QColor>

ApiKeyTableModel::ApiKeyTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void ApiKeyTableModel::setKeys(QList<ApiKey> keys)
{
    beginResetModel();
    m_keys = std::move(keys);
    endResetModel();
}

const ApiKey* ApiKeyTableModel::keyAt(int row) const
{
    return row >= 0 && row < m_keys.size() ? &m_keys.at(row) : nullptr;
}

int ApiKeyTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

int ApiKeyTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApiKeyTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ApiKey& k = m_keys.at(index.row());
    if (role == KeyIdRole)
        return k.id;
    if (role == ActiveRole)
        return k.active;
    if (role == Qt::ForegroundRole && !k.active)
        return QColor(Qt::gray);
    if (role == Qt::ForegroundRole && index.column() == State)
        return QColor(0x1a, 0x7f, 0x37);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Prefix:
        return QString(k.keyPrefix + QStringLiteral("…"));
    case Name:
        return k.name.isEmpty() ? tr("(unnamed)") : k.name;
    case RateLimit:
        return k.rateLimitRpm ? tr("%1/min").arg(*k.rateLimitRpm) : tr("default");
    case Created:
        return Formatting::dateTime(k.createdAt);
    case LastUsed:
        return Formatting::dateTime(k.lastUsedAt, tr("never"));
    case State:
        return k.active ? tr("Active") : tr("Revoked %1").arg(Formatting::dateTime(k.revokedAt, {}));
    default:
        return {};
    }
}

QVariant ApiKeyTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Prefix:
        return tr("Key");
    case Name:
        return tr("Name");
    case RateLimit:
        return tr("Rate limit");
    case Created:
        return tr("Created");
    case LastUsed:
        return tr("Last used");
    case State:
        return tr("State");
    default:
        return {};
    }
}
