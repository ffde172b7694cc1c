#pragma once

#include "domain/Project.h"
#include "storage/ProjectRepository.h"
#include "util/Result.h"

class Database;

/**
 * Project use cases shared by the CLI, the admin API and the desktop app: validation (errors name the
 * field), creation with a fresh id, update and deactivation, and lookup by id or unique name.
 */
class ProjectService
{
public:
    explicit ProjectService(const Database& db);

    static Result<void> validate(const Project& project);

    Result<Project> create(Project project);
    Result<Project> update(const Project& project);
    Result<void> deactivate(const QString& id);
    /** An id, or a name that exactly one project has. */
    Result<Project> resolve(const QString& idOrName) const;
    Result<QList<Project>> list(bool includeInactive) const;

private:
    ProjectRepository m_projects;
};
