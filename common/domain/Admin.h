#pragma once

#include <QString>

#include <optional>

/** An operator account for the admin API and the desktop console. */
struct Admin
{
    enum class Role { Admin, Viewer };

    QString id;
    QString email;
    QString passwordHash; ///< $scrypt$...
    Role role = Role::Admin;
    int tokenVersion = 0; ///< part of every JWT; bumping it invalidates issued tokens
    bool active = true;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    std::optional<qint64> lastLoginAt;

    static QString roleName(Role role)
    {
        return role == Role::Viewer ? QStringLiteral("viewer") : QStringLiteral("admin");
    }
    static std::optional<Role> parseRole(const QString& name)
    {
        if (name == QLatin1String("admin"))
            return Role::Admin;
        if (name == QLatin1String("viewer"))
            return Role::Viewer;
        return std::nullopt;
    }
};
