#include "SpendBarDelegate.h"

#include <QApplication>
#include <QPainter>

SpendBarDelegate::SpendBarDelegate(int ratioRole, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_ratioRole(ratioRole)
{ }

QColor SpendBarDelegate::colorFor(double ratio)
{
    if (ratio >= 1.0)
        return QColor(0xe0, 0x1b, 0x24); // red: limit reached
    if (ratio >= 0.8)
        return QColor(0xf5, 0xa6, 0x23); // amber: close to the limit
    return QColor(0x33, 0xa0, 0x5a);
}

void SpendBarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    QWidget* widget = const_cast<QWidget*>(option.widget);
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const double ratio = index.data(m_ratioRole).toDouble();
    const QRect r = option.rect.adjusted(6, 5, -6, -5);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (ratio >= 0) {
        const QRect bar(r.left(), r.bottom() - 5, r.width(), 5);
        painter->setPen(Qt::NoPen);
        painter->setBrush(option.palette.color(QPalette::Midlight));
        painter->drawRoundedRect(bar, 2, 2);
        QRect fill = bar;
        fill.setWidth(int(bar.width() * qMin(1.0, ratio)));
        painter->setBrush(colorFor(ratio));
        if (fill.width() > 0)
            painter->drawRoundedRect(fill, 2, 2);
    }
    painter->setPen(option.state & QStyle::State_Selected ? option.palette.color(QPalette::HighlightedText)
                                                          : option.palette.color(QPalette::Text));
    const QRect textRect(r.left(), r.top() - 2, r.width(), r.height() - 5);
    painter->drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
                      option.fontMetrics.elidedText(text, Qt::ElideRight, textRect.width()));
    painter->restore();
}

QSize SpendBarDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setHeight(qMax(s.height() + 12, option.fontMetrics.height() + 16));
    s.setWidth(qMax(s.width(), 170));
    return s;
}
