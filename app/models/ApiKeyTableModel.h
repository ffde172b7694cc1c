#pragma once

#include "domain/ApiKey.h"

#include <QAbstractTableModel>
#include <QList>

/** A project's gateway keys: prefix, name, RPM, created, last used and state. Never the key itself. */
class ApiKeyTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Prefix, Name, RateLimit, Created, LastUsed, State, ColumnCount };
    enum Role { KeyIdRole = Qt::UserRole + 1, ActiveRole };

    explicit ApiKeyTableModel(QObject* parent = nullptr);

    void setKeys(QList<ApiKey> keys);
    const ApiKey* keyAt(int row) const;

    // QAbstractTableModel
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ApiKey> m_keys;
};
