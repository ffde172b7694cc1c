#pragma once

#include "services/ApiKeyService.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QSpinBox;

/** Asks for the options of a new gateway key: name, requests and tokens per minute, allowed models. */
class NewKeyDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit NewKeyDialog(const QString& projectName, QWidget* parent = nullptr);

    ApiKeyService::Options options() const;

public slots:
    void accept() override;

private:
    QLineEdit* m_name;
    QSpinBox* m_rpm;
    QSpinBox* m_tpm;
    QLineEdit* m_models;
    QLabel* m_error;
};
