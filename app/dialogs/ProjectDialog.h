#pragma once

#include "domain/Project.h"
#include "util/Result.h"

#include <QDialog>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

/**
 * Create or edit a project: every field, checked with ProjectService::validate before saving. The
 * dialog calls the save function on OK and stays open, naming the field, when it fails.
 */
class ProjectDialog final : public QDialog
{
    Q_OBJECT

public:
    using SaveFunction = std::function<Result<Project>(const Project&)>;

    ProjectDialog(const Project& project, SaveFunction save, QWidget* parent = nullptr);

    /** The project as entered; the error names the field when a value does not parse. */
    Result<Project> project() const;
    const Project& saved() const { return m_saved; }

public slots:
    void accept() override;

signals:
    void projectSaved(const Project& project);

private:
    void showError(const Error& error);
    QWidget* widgetForField(const QString& field) const;

    Project m_original;
    Project m_saved;
    SaveFunction m_save;
    QLineEdit* m_name;
    QPlainTextEdit* m_description;
    QLineEdit* m_dailyTokens;
    QLineEdit* m_monthlyTokens;
    QLineEdit* m_dailyCost;
    QLineEdit* m_monthlyCost;
    QComboBox* m_provider;
    QComboBox* m_capability;
    QLineEdit* m_fallbacks;
    QLabel* m_error;
};
