#include "PriceTable.h"

#include "domain/Money.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace {
Result<std::optional<qint64>> parsePrice(const QJsonObject& o, const QString& field, const QString& where,
                                         bool required)
{
    const QJsonValue v = o.value(field);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            return Error::invalid(QStringLiteral("%1: '%2' is required").arg(where, field), field);
        return std::optional<qint64>();
    }
    // Decimal strings are exact; plain JSON numbers are accepted when they print back exactly.
    const QString text = v.isString() ? v.toString() : QString::number(v.toDouble(), 'f', 6);
    const auto micros = Money::parseUsd(text);
    if (!micros)
        return Error::invalid(
            QStringLiteral("%1: '%2' must be a non-negative USD amount with at most 6 decimals").arg(where, field),
            field);
    return std::optional<qint64>(*micros);
}

// A price with a micro-dollar "per million" unit times tokens / 10^6, half up.
qint64 scaled(qint64 tokens, qint64 microsPerMillion)
{
    return tokens * microsPerMillion;
}

qint64 roundMillion(qint64 numerator)
{
    return (numerator + 500000) / 1000000;
}
} // namespace

Result<PriceTable> PriceTable::load(const QString& overrideFile)
{
    PriceTable table;
    QFile builtIn(QStringLiteral(":/resources/models.json"));
    if (!builtIn.open(QIODevice::ReadOnly))
        return Error::internal(QStringLiteral("the built-in price table is missing from this build"));
    if (auto r = table.merge(builtIn.readAll(), QStringLiteral("resources/models.json")); !r)
        return r.error();
    if (!overrideFile.isEmpty()) {
        QFile f(overrideFile);
        if (!f.open(QIODevice::ReadOnly))
            return Error::invalid(QStringLiteral("cannot read price file %1: %2").arg(overrideFile, f.errorString()),
                                  QStringLiteral("pricing/file"));
        if (auto r = table.merge(f.readAll(), overrideFile); !r)
            return r.error();
    }
    return table;
}

Result<void> PriceTable::merge(const QByteArray& json, const QString& origin)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Error::invalid(QStringLiteral("%1 is not a JSON object: %2").arg(origin, error.errorString()));
    const QJsonObject models = doc.object().value(QStringLiteral("models")).toObject();
    QHash<QString, Price> parsed;
    for (auto it = models.begin(); it != models.end(); ++it) {
        const QString where = origin + QStringLiteral(": ") + it.key();
        const QJsonObject o = it.value().toObject();
        Price p;
        p.provider = o.value(QStringLiteral("provider")).toString();
        if (p.provider.isEmpty())
            return Error::invalid(QStringLiteral("%1: 'provider' is required").arg(where));
        auto input = parsePrice(o, QStringLiteral("input"), where, true);
        auto output = parsePrice(o, QStringLiteral("output"), where, true);
        auto cached = parsePrice(o, QStringLiteral("cached_input"), where, false);
        auto write = parsePrice(o, QStringLiteral("cache_write"), where, false);
        auto reasoning = parsePrice(o, QStringLiteral("reasoning"), where, false);
        for (const auto* r : {&input, &output, &cached, &write, &reasoning})
            if (!*r)
                return r->error();
        p.input = *input.value();
        p.output = *output.value();
        p.cachedInput = cached.value();
        p.cacheWrite = write.value();
        p.reasoning = reasoning.value();
        p.reasoningModel = o.value(QStringLiteral("reasoning_model")).toBool();
        parsed.insert(it.key().toLower(), p);
    }
    for (auto it = parsed.cbegin(); it != parsed.cend(); ++it)
        m_prices.insert(it.key(), it.value());
    m_dearest.reset();
    for (const Price& p : std::as_const(m_prices))
        if (!m_dearest || p.input + p.output > m_dearest->input + m_dearest->output)
            m_dearest = p;
    const QJsonObject aliases = doc.object().value(QStringLiteral("aliases")).toObject();
    for (auto it = aliases.begin(); it != aliases.end(); ++it)
        m_aliases.insert(it.key().toLower(), it.value().toString().toLower());
    return {};
}

QString PriceTable::canonicalName(const QString& model) const
{
    QString m = model.trimmed().toLower();
    if (const qsizetype slash = m.indexOf(QLatin1Char('/')); slash >= 0)
        m = m.mid(slash + 1); // "openai/gpt-4.1"
    if (m_aliases.contains(m))
        m = m_aliases.value(m);
    if (m_prices.contains(m))
        return m;
    static const QRegularExpression dated(QStringLiteral("-(\\d{4}-\\d{2}-\\d{2}|\\d{8}|latest)$"));
    QString base = m;
    base.remove(dated);
    if (m_aliases.contains(base))
        base = m_aliases.value(base);
    if (base != m && m_prices.contains(base))
        return base;
    return {};
}

std::optional<PriceTable::Price> PriceTable::price(const QString& model) const
{
    const QString name = canonicalName(model);
    if (name.isEmpty())
        return std::nullopt;
    return m_prices.value(name);
}

QString PriceTable::providerOf(const QString& model) const
{
    if (const auto p = price(model))
        return p->provider;
    const QString m = model.trimmed().toLower();
    if (m.startsWith(QLatin1String("gpt")) || m.startsWith(QLatin1String("o1")) || m.startsWith(QLatin1String("o3"))
        || m.startsWith(QLatin1String("o4")) || m.startsWith(QLatin1String("chatgpt")))
        return QStringLiteral("openai");
    if (m.startsWith(QLatin1String("claude")))
        return QStringLiteral("anthropic");
    if (m.startsWith(QLatin1String("gemini")))
        return QStringLiteral("gemini");
    return {};
}

PriceTable::Cost PriceTable::costWith(const Price& p, const Usage& u)
{
    const qint64 cached = qBound<qint64>(0, u.cachedTokens, u.promptTokens);
    const qint64 written = qBound<qint64>(0, u.cacheWriteTokens, u.promptTokens - cached);
    const qint64 uncached = u.promptTokens - cached - written;
    const qint64 reasoning = qBound<qint64>(0, u.reasoningTokens, u.completionTokens);
    Cost c;
    c.inputMicros = roundMillion(scaled(uncached, p.input) + scaled(cached, p.cachedInput.value_or(p.input))
                                 + scaled(written, p.cacheWrite.value_or(p.input)));
    c.outputMicros = roundMillion(scaled(u.completionTokens - reasoning, p.output)
                                  + scaled(reasoning, p.reasoning.value_or(p.output)));
    return c;
}

std::optional<PriceTable::Cost> PriceTable::cost(const QString& model, const Usage& usage) const
{
    const auto p = price(model);
    if (!p)
        return std::nullopt;
    return costWith(*p, usage);
}
