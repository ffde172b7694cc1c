#pragma once

#include <QFrame>

class QLabel;

/** A dashboard card: a caption, a big value and a small note. */
class StatCard final : public QFrame
{
    Q_OBJECT

public:
    StatCard(const QString& objectName, const QString& caption, QWidget* parent = nullptr);

    void setValue(const QString& value, const QString& note = {});
    QString value() const;

private:
    QLabel* m_caption;
    QLabel* m_value;
    QLabel* m_note;
};
