#pragma once

#include "domain/Admin.h"
#include "storage/AdminRepository.h"
#include "util/Result.h"

class Database;

/** Operator accounts: creation with validation, password verification and change. */
class AdminService
{
public:
    static constexpr int MinPasswordLength = 12;

    explicit AdminService(const Database& db);

    static Result<void> validateEmail(const QString& email);
    static Result<void> validatePassword(const QString& password);

    Result<Admin> create(const QString& email, const QString& password, Admin::Role role);
    /** The admin when email and password match an active account; the same error otherwise. */
    Result<Admin> authenticate(const QString& email, const QString& password);
    Result<void> changePassword(const QString& adminId, const QString& currentPassword, const QString& newPassword);

private:
    AdminRepository m_admins;
};
