#pragma once

#include <QComboBox>

class Session;

/** A combo box of the active projects (name, id as data) that keeps its selection across reloads. */
class ProjectPicker final : public QComboBox
{
    Q_OBJECT

public:
    explicit ProjectPicker(QWidget* parent = nullptr);

    /** Reloads from the database; with withAll, the first entry is "All projects" (empty id). */
    void reload(const Session& session, bool withAll = false);
    QString projectId() const { return currentData().toString(); }
    QString projectName() const { return currentText(); }
    void selectProject(const QString& id);
};
