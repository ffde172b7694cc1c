#include "CredentialService.h"

#include "domain/Providers.h"

#include <QUrl>

CredentialService::CredentialService(const Database& db, CredentialCipher cipher)
    : m_cipher(std::move(cipher))
    , m_credentials(db)
    , m_projects(db)
{ }

Result<void> CredentialService::validate(const QString& provider, const QString& secret, const QString& baseUrl)
{
    if (!Providers::isKnown(provider))
        return Error::invalid(QStringLiteral("unsupported provider '%1'; supported: %2")
                                  .arg(provider, Providers::all().join(QStringLiteral(", "))),
                              QStringLiteral("provider"));
    if (secret.isEmpty())
        return Error::invalid(QStringLiteral("the API key must not be empty"), QStringLiteral("api_key"));
    if (secret.size() > 4096)
        return Error::invalid(QStringLiteral("the API key is longer than 4096 characters"), QStringLiteral("api_key"));
    for (QChar c : secret)
        if (c.isSpace() || c.category() == QChar::Other_Control)
            return Error::invalid(QStringLiteral("the API key contains whitespace or control characters"),
                                  QStringLiteral("api_key"));
    if (!baseUrl.isEmpty()) {
        const QUrl url(baseUrl, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))
            || url.host().isEmpty() || url.hasQuery() || url.hasFragment())
            return Error::invalid(
                QStringLiteral("base URL '%1' must be an http(s) URL without query or fragment").arg(baseUrl),
                QStringLiteral("base_url"));
    }
    return {};
}

Result<ProviderCredential> CredentialService::set(const QString& projectId, const QString& provider,
                                                  const QString& secret, const QString& baseUrl)
{
    const QString p = provider.trimmed().toLower();
    if (auto v = validate(p, secret, baseUrl); !v)
        return v.error();
    auto project = m_projects.findById(projectId);
    if (!project)
        return project.error();
    auto envelope = m_cipher.encrypt(project.value().id, p, secret.toUtf8());
    if (!envelope)
        return envelope.error();
    ProviderCredential c;
    c.projectId = project.value().id;
    c.provider = p;
    c.encryptedKey = envelope.value();
    c.keyHint = secret.size() > 8 ? secret.right(4) : QString();
    QString base = baseUrl;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    c.baseUrl = base;
    return m_credentials.upsert(c);
}

Result<QList<ProviderCredential>> CredentialService::list(const QString& projectId) const
{
    auto project = m_projects.findById(projectId);
    if (!project)
        return project.error();
    return m_credentials.listByProject(project.value().id);
}

Result<void> CredentialService::remove(const QString& projectId, const QString& provider)
{
    auto project = m_projects.findById(projectId);
    if (!project)
        return project.error();
    return m_credentials.remove(project.value().id, provider.trimmed().toLower());
}

Result<QString> CredentialService::reveal(const ProviderCredential& c) const
{
    auto plain = m_cipher.decrypt(c.projectId, c.provider, c.encryptedKey);
    if (!plain)
        return plain.error();
    return QString::fromUtf8(plain.value());
}
