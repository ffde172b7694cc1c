#include "ProjectPicker.h"

#include "services/ProjectService.h"
#include "services/Session.h"

#include <QSignalBlocker>

ProjectPicker::ProjectPicker(QWidget* parent)
    : QComboBox(parent)
{
    setObjectName(QStringLiteral("projectComboBox"));
    setMinimumContentsLength(18);
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
}

void ProjectPicker::reload(const Session& session, bool withAll)
{
    const QString current = projectId();
    {
        QSignalBlocker block(this);
        clear();
        if (withAll)
            addItem(tr("All projects"), QString());
        if (session.hasDatabase()) {
            auto projects = ProjectService(session.database()).list(withAll);
            if (projects)
                for (const Project& p : projects.value())
                    addItem(p.active ? p.name : tr("%1 (inactive)").arg(p.name), p.id);
        }
        const int i = findData(current);
        setCurrentIndex(i >= 0 ? i : (count() > 0 ? 0 : -1));
    }
    if (projectId() != current || current.isEmpty())
        emit currentIndexChanged(currentIndex());
}

void ProjectPicker::selectProject(const QString& id)
{
    const int i = findData(id);
    if (i >= 0)
        setCurrentIndex(i);
}
