#pragma once

#include <QStyledItemDelegate>

/**
 * Paints spend against a limit as a progress bar behind the text: the model's RatioRole (0..1+, or -1
 * without a limit) sets the fill; from 80% it turns amber, from 100% red.
 */
class SpendBarDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit SpendBarDelegate(int ratioRole, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    static QColor colorFor(double ratio);

private:
    int m_ratioRole;
};
