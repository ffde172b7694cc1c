#pragma once

#include <QDialog>

class QLineEdit;
class QPushButton;

/**
 * Shows a freshly generated gateway key exactly once, with a copy button and a warning that it cannot
 * be shown again. The text is wiped from the field when the dialog closes.
 */
class KeyCreatedDialog final : public QDialog
{
    Q_OBJECT

public:
    KeyCreatedDialog(const QString& plaintextKey, const QString& keyName, QWidget* parent = nullptr);
    ~KeyCreatedDialog() override;

public slots:
    void done(int result) override;

private:
    QLineEdit* m_key;
    QPushButton* m_copy;
};
