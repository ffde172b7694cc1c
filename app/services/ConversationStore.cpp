#include "ConversationStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUuid>

#include <algorithm>

ConversationStore::ConversationStore(QString directory)
    : m_dir(std::move(directory))
{ }

QString ConversationStore::pathOf(const QString& id) const
{
    return QDir(m_dir).filePath(id + QStringLiteral(".json"));
}

QList<Conversation> ConversationStore::list() const
{
    QList<Conversation> out;
    const QStringList files = QDir(m_dir).entryList({QStringLiteral("*.json")}, QDir::Files);
    for (const QString& f : files) {
        auto c = load(f.chopped(5));
        if (c)
            out << c.value();
    }
    std::sort(out.begin(), out.end(),
              [](const Conversation& a, const Conversation& b) { return a.updatedAt > b.updatedAt; });
    return out;
}

Result<Conversation> ConversationStore::load(const QString& id) const
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9-]{1,64}$"));
    if (!safe.match(id).hasMatch())
        return Error::notFound(QCoreApplication::translate("ConversationStore", "no such conversation"));
    QFile f(pathOf(id));
    if (!f.open(QIODevice::ReadOnly))
        return Error::notFound(f.errorString());
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return Error::invalid(
            QCoreApplication::translate("ConversationStore", "%1 is not a conversation file").arg(f.fileName()));
    Conversation c = Conversation::fromJson(doc.object());
    c.id = id;
    return c;
}

Result<Conversation> ConversationStore::save(Conversation c)
{
    if (!QDir().mkpath(m_dir))
        return Error::unavailable(
            QCoreApplication::translate("ConversationStore", "cannot create the folder %1").arg(m_dir));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (c.id.isEmpty()) {
        c.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        c.createdAt = now;
    }
    c.updatedAt = now;
    QSaveFile f(pathOf(c.id));
    if (!f.open(QIODevice::WriteOnly))
        return Error::unavailable(f.errorString());
    f.write(QJsonDocument(c.toJson()).toJson(QJsonDocument::Indented));
    if (!f.commit())
        return Error::unavailable(f.errorString());
    return c;
}

Result<void> ConversationStore::remove(const QString& id)
{
    if (!load(id))
        return Error::notFound(QCoreApplication::translate("ConversationStore", "no such conversation"));
    if (!QFile::remove(pathOf(id)))
        return Error::unavailable(QCoreApplication::translate("ConversationStore", "cannot delete %1").arg(pathOf(id)));
    return {};
}
