#include "RequestTableModel.h"

#include "services/Formatting.h"

#include <QColor>

RequestTableModel::RequestTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void RequestTableModel::setRows(QList<RequestRecord> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

void RequestTableModel::setProjectNames(QHash<QString, QString> names)
{
    m_projectNames = std::move(names);
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, Project), index(int(m_rows.size()) - 1, Project), {Qt::DisplayRole});
}

const RequestRecord* RequestTableModel::recordAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int RequestTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RequestTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RequestRecord& r = m_rows.at(index.row());
    if (role == RequestIdRole)
        return r.id;
    if (role == Qt::ForegroundRole && index.column() == Status)
        return r.isError() ? QColor(0xc0, 0x1c, 0x28) : QColor(0x1a, 0x7f, 0x37);
    if (role == Qt::TextAlignmentRole && index.column() >= Tokens)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Status && !r.errorMessage.isEmpty())
        return r.errorMessage;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time:
        return Formatting::dateTime(r.createdAt);
    case Project:
        return projectName(r.projectId);
    case Provider:
        return r.provider;
    case Model:
        return r.model;
    case Status:
        return r.httpStatus > 0 ? QStringLiteral("%1 (%2)").arg(r.status).arg(r.httpStatus) : r.status;
    case Tokens:
        return Formatting::count(r.totalTokens());
    case Cost:
        return Formatting::requestCost(r.costMicros);
    case Latency:
        return Formatting::duration(r.latencyMs);
    default:
        return {};
    }
}

QVariant RequestTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Project:
        return tr("Project");
    case Provider:
        return tr("Provider");
    case Model:
        return tr("Model");
    case Status:
        return tr("Status");
    case Tokens:
        return tr("Tokens");
    case Cost:
        return tr("Cost");
    case Latency:
        return tr("Latency");
    default:
        return {};
    }
}

void RequestTableModel::sort(int column, Qt::SortOrder order)
{
    if (column >= 0 && column < ColumnCount)
        emit sortRequested(column, order);
}
