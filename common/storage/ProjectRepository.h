#pragma once

#include "domain/Project.h"
#include "util/Result.h"

#include <QList>

class Database;

/** CRUD for projects. Projects are never deleted, only deactivated (request rows refer to them). */
class ProjectRepository
{
public:
    explicit ProjectRepository(const Database& db);

    Result<Project> create(const Project& project);
    Result<Project> findById(const QString& id) const;
    /** Active and inactive projects with exactly this name. */
    Result<QList<Project>> findByName(const QString& name) const;
    Result<QList<Project>> list(bool includeInactive) const;
    /** Writes every field of project (matched by id) and bumps updated_at. */
    Result<Project> update(const Project& project);
    Result<void> setActive(const QString& id, bool active);

private:
    const Database& m_db;
};
