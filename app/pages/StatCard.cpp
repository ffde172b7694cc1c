#include "StatCard.h"

#include <QLabel>
#include <QVBoxLayout>

StatCard::StatCard(const QString& objectName, const QString& caption, QWidget* parent)
    : QFrame(parent)
{
    setObjectName(objectName);
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(QStringLiteral("StatCard { background: palette(base); border: 1px solid palette(mid); "
                                 "border-radius: 6px; }"));
    m_caption = new QLabel(caption, this);
    m_caption->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    m_value = new QLabel(QStringLiteral("–"), this);
    m_value->setObjectName(objectName + QStringLiteral("Value"));
    QFont f = m_value->font();
    f.setPointSizeF(f.pointSizeF() * 1.6);
    f.setBold(true);
    m_value->setFont(f);
    m_note = new QLabel(this);
    m_note->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 10, 14, 10);
    layout->setSpacing(2);
    layout->addWidget(m_caption);
    layout->addWidget(m_value);
    layout->addWidget(m_note);
    setMinimumWidth(150);
}

void StatCard::setValue(const QString& value, const QString& note)
{
    m_value->setText(value);
    m_note->setText(note);
}

QString StatCard::value() const
{
    return m_value->text();
}
