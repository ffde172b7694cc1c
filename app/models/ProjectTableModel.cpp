#include "ProjectTableModel.h"

#include "services/Formatting.h"

#include <QColor>

ProjectTableModel::ProjectTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void ProjectTableModel::setRows(QList<Row> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

const ProjectTableModel::Row* ProjectTableModel::rowAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int ProjectTableModel::rowOf(const QString& projectId) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).project.id == projectId)
            return i;
    return -1;
}

int ProjectTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProjectTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

double ProjectTableModel::ratio(const UsageTotals& usage, const std::optional<qint64>& costLimit,
                                const std::optional<qint64>& tokenLimit)
{
    double r = -1.0;
    if (costLimit)
        r = *costLimit > 0 ? double(usage.costMicros) / double(*costLimit) : (usage.costMicros > 0 ? 1.0 : 0.0);
    if (tokenLimit) {
        const double t
            = *tokenLimit > 0 ? double(usage.totalTokens) / double(*tokenLimit) : (usage.totalTokens > 0 ? 1.0 : 0.0);
        r = qMax(r, t);
    }
    return r;
}

QString ProjectTableModel::spendText(const UsageTotals& usage, const std::optional<qint64>& costLimit,
                                     const std::optional<qint64>& tokenLimit) const
{
    if (costLimit)
        return tr("%1 of %2").arg(Formatting::money(usage.costMicros), Formatting::money(*costLimit));
    if (tokenLimit)
        return tr("%1 of %2 tokens")
            .arg(Formatting::compactCount(usage.totalTokens), Formatting::compactCount(*tokenLimit));
    return tr("%1 (no limit)").arg(Formatting::money(usage.costMicros));
}

QVariant ProjectTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = m_rows.at(index.row());
    const Project& p = r.project;
    if (role == ProjectIdRole)
        return p.id;
    if (role == RatioRole) {
        if (index.column() == Today)
            return ratio(r.today, p.dailyCostLimitMicros, p.dailyTokenLimit);
        if (index.column() == Month)
            return ratio(r.month, p.monthlyCostLimitMicros, p.monthlyTokenLimit);
        return {};
    }
    if (role == Qt::ForegroundRole && !p.active)
        return QColor(Qt::gray);
    if (role == Qt::ToolTipRole && index.column() == Name && !p.description.isEmpty())
        return p.description;
    if (role == Qt::TextAlignmentRole && index.column() == TokensToday)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return p.name;
    case State:
        return p.active ? tr("Active") : tr("Inactive");
    case Routing:
        return QString((p.defaultProvider.isEmpty() ? tr("auto") : p.defaultProvider) + QStringLiteral(" · ")
                       + p.defaultCapability);
    case Today:
        return spendText(r.today, p.dailyCostLimitMicros, p.dailyTokenLimit);
    case Month:
        return spendText(r.month, p.monthlyCostLimitMicros, p.monthlyTokenLimit);
    case TokensToday:
        return Formatting::count(r.today.totalTokens);
    case Created:
        return Formatting::date(p.createdAt);
    default:
        return {};
    }
}

QVariant ProjectTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Project");
    case State:
        return tr("State");
    case Routing:
        return tr("Routing");
    case Today:
        return tr("Spend today");
    case Month:
        return tr("Spend this month");
    case TokensToday:
        return tr("Tokens today");
    case Created:
        return tr("Created");
    default:
        return {};
    }
}
