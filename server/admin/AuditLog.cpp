#include "AuditLog.h"

#include "security/SecureRandom.h"
#include "storage/Database.h"
#include "storage/SqlValues.h"
#include "util/Clock.h"

#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcAudit, "aigw.audit")

AuditLog::AuditLog(const Database& db)
    : m_db(db)
{ }

void AuditLog::record(const AdminPrincipal& who, const QString& action, const QString& targetType,
                      const QString& targetId, const QJsonObject& details) const
{
    auto r = m_db.exec(
        QStringLiteral("INSERT INTO audit_log (id, admin_id, admin_email, action, target_type, target_id, details, "
                       "remote_address, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {SecureRandom::uuid(), SqlValues::isUuid(who.id) ? QVariant(who.id) : QVariant(QMetaType(QMetaType::QString)),
         who.email, action, targetType, targetId.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : targetId,
         QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact)), who.remoteAddress,
         Clock::instance().nowMs()});
    if (!r)
        qCWarning(lcAudit) << "cannot write the audit entry" << action << targetId << ":" << r.error().message;
}

Result<QJsonArray> AuditLog::list(int limit, int offset, const QString& action) const
{
    QString sql = QStringLiteral("SELECT id, admin_id, admin_email, action, target_type, target_id, details, "
                                 "remote_address, created_at FROM audit_log");
    QVariantList binds;
    if (!action.isEmpty()) {
        sql += QStringLiteral(" WHERE action = ?");
        binds << action;
    }
    sql += QStringLiteral(" ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?");
    binds << limit << offset;
    auto r = m_db.exec(sql, binds);
    if (!r)
        return r.error();
    QJsonArray out;
    QSqlQuery& q = r.value();
    while (q.next()) {
        const auto str = [&q](int i) {
            return q.value(i).isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(q.value(i).toString());
        };
        out.append(QJsonObject{
            {QStringLiteral("id"), q.value(0).toString()},
            {QStringLiteral("admin_id"), str(1)},
            {QStringLiteral("admin_email"), q.value(2).toString()},
            {QStringLiteral("action"), q.value(3).toString()},
            {QStringLiteral("target_type"), q.value(4).toString()},
            {QStringLiteral("target_id"), str(5)},
            {QStringLiteral("details"), QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object()},
            {QStringLiteral("remote_address"), q.value(7).toString()},
            {QStringLiteral("created_at"), Clock::isoUtc(q.value(8).toLongLong())},
        });
    }
    return out;
}

Result<qint64> AuditLog::count(const QString& action) const
{
    auto r = action.isEmpty() ? m_db.exec(QStringLiteral("SELECT COUNT(*) FROM audit_log"))
                              : m_db.exec(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = ?"), {action});
    if (!r)
        return r.error();
    if (!r.value().next())
        return qint64(0);
    return r.value().value(0).toLongLong();
}
