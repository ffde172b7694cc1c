#pragma once

#include "admin/AdminPrincipal.h"
#include "util/Result.h"

#include <QJsonArray>
#include <QJsonObject>

class Database;

/** The audit_log table: one row per management change, listed newest first at GET /api/v1/audit. */
class AuditLog
{
public:
    explicit AuditLog(const Database& db);

    /** Stores one entry; a failure is logged, never fails the change it describes. */
    void record(const AdminPrincipal& who, const QString& action, const QString& targetType, const QString& targetId,
                const QJsonObject& details = {}) const;
    Result<QJsonArray> list(int limit, int offset, const QString& action) const;
    Result<qint64> count(const QString& action) const;

private:
    const Database& m_db;
};
