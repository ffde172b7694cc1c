#include "CredentialCipher.h"

#include "AesGcm.h"
#include "Digest.h"
#include "SecureRandom.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace {
const QLatin1StringView s_version("v1");
constexpr int s_keyIdLength = 8;

bool isKeyId(QStringView s)
{
    return s.size() == s_keyIdLength && std::all_of(s.begin(), s.end(), [](QChar c) {
               return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f');
           });
}

/** Splits "v1:<key id>:<payload>" into its three fields; false when the shape is wrong. */
bool splitEnvelope(const QString& envelope, QStringView* keyId, QStringView* payload)
{
    const QStringView view(envelope);
    const qsizetype first = view.indexOf(u':');
    if (first < 0)
        return false;
    const qsizetype second = view.indexOf(u':', first + 1);
    if (second < 0)
        return false;
    if (view.first(first) != s_version)
        return false;
    const QStringView id = view.sliced(first + 1, second - first - 1);
    if (!isKeyId(id))
        return false;
    *keyId = id;
    *payload = view.sliced(second + 1);
    return true;
}

/** The AAD binding a ciphertext to its row: "aigw-credential-v1" NUL project NUL provider. */
QByteArray associatedData(const QString& projectId, const QString& provider)
{
    QByteArray aad("aigw-credential-v1");
    aad.append('\0');
    aad.append(projectId.toUtf8());
    aad.append('\0');
    aad.append(provider.toUtf8());
    return aad;
}

/**
 * Strict base64: only the canonical encoding (the one encrypt() writes, with padding) is accepted, so stray
 * characters, missing or misplaced padding and non-zero trailing bits are all errors.
 */
std::optional<QByteArray> decodeBase64(QStringView text)
{
    const QByteArray ascii = text.toLatin1();
    const auto result = QByteArray::fromBase64Encoding(ascii, QByteArray::AbortOnBase64DecodingErrors);
    if (!result || result.decoded.toBase64() != ascii)
        return std::nullopt;
    return result.decoded;
}

std::optional<Error> checkRow(const QString& projectId, const QString& provider)
{
    // NUL separates the fields of the AAD, so it must not appear inside them.
    if (projectId.contains(QChar(0)))
        return Error::invalid(QStringLiteral("project id contains a NUL character"), QStringLiteral("projectId"));
    if (provider.contains(QChar(0)))
        return Error::invalid(QStringLiteral("provider contains a NUL character"), QStringLiteral("provider"));
    return std::nullopt;
}
} // namespace

CredentialCipher::CredentialCipher(QList<QByteArray> keys)
    : m_keys(std::move(keys))
{ }

bool CredentialCipher::isValid() const
{
    return !m_keys.isEmpty()
        && std::all_of(m_keys.cbegin(), m_keys.cend(), [](const QByteArray& k) { return k.size() == AesGcm::KeySize; });
}

QString CredentialCipher::keyId(QByteArrayView key)
{
    QByteArray input("aigw-key-id");
    input.append('\0');
    input.append(key);
    return QString::fromLatin1(Digest::sha256(input).toHex().left(s_keyIdLength));
}

QString CredentialCipher::currentKeyId() const
{
    return isValid() ? keyId(m_keys.first()) : QString();
}

Result<QString> CredentialCipher::encrypt(const QString& projectId, const QString& provider,
                                          const QByteArray& secret) const
{
    if (!isValid())
        return Error::internal(QStringLiteral("credential encryption key is not configured or is not 32 bytes"));
    if (auto error = checkRow(projectId, provider))
        return *error;

    const QByteArray& key = m_keys.first();
    const QByteArray nonce = SecureRandom::bytes(AesGcm::NonceSize);
    Result<QByteArray> sealed = AesGcm::seal(key, nonce, associatedData(projectId, provider), secret);
    if (!sealed)
        return sealed.error();
    const QByteArray blob = nonce + sealed.value();
    return QString(s_version + u':' + keyId(key) + u':' + QString::fromLatin1(blob.toBase64()));
}

Result<QByteArray> CredentialCipher::decrypt(const QString& projectId, const QString& provider,
                                             const QString& envelope) const
{
    if (!isValid())
        return Error::internal(QStringLiteral("credential encryption key is not configured or is not 32 bytes"));
    if (auto error = checkRow(projectId, provider))
        return *error;

    QStringView id;
    QStringView payload;
    if (!splitEnvelope(envelope, &id, &payload))
        return Error::invalid(QStringLiteral("encrypted credential is malformed (expected v1:<key id>:<data>)"));

    const std::optional<QByteArray> decoded = decodeBase64(payload);
    if (!decoded)
        return Error::invalid(QStringLiteral("encrypted credential is malformed (bad base64)"));
    const QByteArray& blob = *decoded;
    if (blob.size() < AesGcm::NonceSize + AesGcm::TagSize)
        return Error::invalid(QStringLiteral("encrypted credential is malformed (too short)"));

    const auto keyIt
        = std::find_if(m_keys.cbegin(), m_keys.cend(), [id](const QByteArray& k) { return keyId(k) == id; });
    if (keyIt == m_keys.cend())
        return Error::invalid(
            QStringLiteral("credential was encrypted with key %1, which is not configured").arg(id.toString()));

    const QByteArrayView view(blob);
    Result<QByteArray> opened = AesGcm::open(*keyIt, view.first(AesGcm::NonceSize), associatedData(projectId, provider),
                                             view.sliced(AesGcm::NonceSize));
    if (!opened)
        return Error::invalid(QStringLiteral("encrypted credential could not be decrypted: it was altered, or it "
                                             "belongs to another project or provider"));
    return std::move(opened).value();
}

QString CredentialCipher::envelopeKeyId(const QString& envelope)
{
    QStringView id;
    QStringView payload;
    if (!splitEnvelope(envelope, &id, &payload))
        return {};
    return id.toString();
}
