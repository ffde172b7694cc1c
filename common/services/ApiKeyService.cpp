#include "ApiKeyService.h"

#include "security/Digest.h"
#include "security/SecureRandom.h"

ApiKeyService::ApiKeyService(const Database& db)
    : m_keys(db)
    , m_projects(db)
{ }

QString ApiKeyService::generate(const QString& projectId)
{
    static const QString alphabet = QStringLiteral("abcdefghijklmnopqrstuvwxyz0123456789");
    return QStringLiteral("gw_") + projectId.left(5) + QLatin1Char('_') + SecureRandom::token(32, alphabet);
}

QString ApiKeyService::hash(const QString& plaintext)
{
    // Lower-case hex written straight into the string: every gateway request looks its key up by this.
    const QByteArray digest = Digest::sha256(plaintext.toUtf8());
    QString hex(digest.size() * 2, Qt::Uninitialized);
    QChar* to = hex.data();
    for (const char byte : digest) {
        const auto b = static_cast<unsigned char>(byte);
        *to++ = QLatin1Char("0123456789abcdef"[b >> 4]);
        *to++ = QLatin1Char("0123456789abcdef"[b & 0xF]);
    }
    return hex;
}

Result<void> ApiKeyService::validate(const Options& o)
{
    if (o.name.size() > 200)
        return Error::invalid(QStringLiteral("name must be at most 200 characters"), QStringLiteral("name"));
    if (o.rateLimitRpm && (*o.rateLimitRpm < 1 || *o.rateLimitRpm > 1000000))
        return Error::invalid(QStringLiteral("rate_limit_rpm must be between 1 and 1000000"),
                              QStringLiteral("rate_limit_rpm"));
    if (o.rateLimitTpm && (*o.rateLimitTpm < 1 || *o.rateLimitTpm > 1000000000000LL))
        return Error::invalid(QStringLiteral("rate_limit_tpm must be between 1 and 10^12"),
                              QStringLiteral("rate_limit_tpm"));
    if (o.allowedModels) {
        for (const QString& m : *o.allowedModels)
            if (m.trimmed().isEmpty() || m.size() > 200)
                return Error::invalid(QStringLiteral("allowed_models entries must be non-empty model ids"),
                                      QStringLiteral("allowed_models"));
    }
    return {};
}

Result<ApiKeyService::Issued> ApiKeyService::create(const QString& projectId, const Options& options)
{
    if (auto v = validate(options); !v)
        return v.error();
    auto project = m_projects.findById(projectId);
    if (!project)
        return project.error();
    Issued issued;
    issued.plaintext = generate(project.value().id);
    ApiKey k;
    k.id = SecureRandom::uuid();
    k.projectId = project.value().id;
    k.keyPrefix = prefixOf(issued.plaintext);
    k.keyHash = hash(issued.plaintext);
    k.name = options.name.trimmed();
    k.rateLimitRpm = options.rateLimitRpm;
    k.rateLimitTpm = options.rateLimitTpm;
    k.allowedModels = options.allowedModels;
    auto created = m_keys.create(k);
    if (!created)
        return created.error();
    issued.key = created.value();
    return issued;
}

Result<void> ApiKeyService::revoke(const QString& keyId)
{
    return m_keys.revoke(keyId.toLower());
}

Result<QList<ApiKey>> ApiKeyService::list(const QString& projectId, bool includeRevoked) const
{
    return m_keys.listByProject(projectId, includeRevoked);
}
