#pragma once

#include "domain/Admin.h"

#include <QString>

/** The operator behind an authenticated admin API request (from a verified JWT and the admins row). */
struct AdminPrincipal
{
    QString id;
    QString email;
    Admin::Role role = Admin::Role::Viewer;
    QString remoteAddress;
};
