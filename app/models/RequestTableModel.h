#pragma once

#include "domain/RequestRecord.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

/**
 * One page of the request log. The model never sorts or pages itself: sort() asks the owner (through
 * sortRequested) to fetch the page in the new order from SQL.
 */
class RequestTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Time, Project, Provider, Model, Status, Tokens, Cost, Latency, ColumnCount };
    enum Role { RequestIdRole = Qt::UserRole + 1 };

    explicit RequestTableModel(QObject* parent = nullptr);

    void setRows(QList<RequestRecord> rows);
    void setProjectNames(QHash<QString, QString> names);
    const RequestRecord* recordAt(int row) const;
    QString projectName(const QString& id) const { return m_projectNames.value(id, id.left(8)); }

    // QAbstractTableModel
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order) override;

signals:
    void sortRequested(int column, Qt::SortOrder order);

private:
    QList<RequestRecord> m_rows;
    QHash<QString, QString> m_projectNames;
};
