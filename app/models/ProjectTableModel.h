#pragma once

#include "domain/Project.h"
#include "domain/UsageTotals.h"

#include <QAbstractTableModel>
#include <QList>

/** Projects with their spend today and this month against their limits. */
class ProjectTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Name, State, Routing, Today, Month, TokensToday, Created, ColumnCount };
    enum Role {
        ProjectIdRole = Qt::UserRole + 1,
        /** For Today/Month: spend / limit as a double (cost or tokens, whichever is closer), -1 with no limit. */
        RatioRole,
    };
    struct Row
    {
        Project project;
        UsageTotals today;
        UsageTotals month;
    };

    explicit ProjectTableModel(QObject* parent = nullptr);

    void setRows(QList<Row> rows);
    const Row* rowAt(int row) const;
    int rowOf(const QString& projectId) const;

    // QAbstractTableModel
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /** The larger of cost/limit and tokens/limit, or -1 when neither limit is set. */
    static double ratio(const UsageTotals& usage, const std::optional<qint64>& costLimit,
                        const std::optional<qint64>& tokenLimit);

private:
    QString spendText(const UsageTotals& usage, const std::optional<qint64>& costLimit,
                      const std::optional<qint64>& tokenLimit) const;

    QList<Row> m_rows;
};
