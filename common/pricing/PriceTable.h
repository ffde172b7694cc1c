#pragma once

#include "pricing/Usage.h"
#include "util/Result.h"

#include <QHash>
#include <QString>

#include <optional>

/**
 * Model catalogue and prices, from resources/models.json plus an optional operator file whose entries
 * replace the built-in ones. Prices are held as micro-dollars per million tokens, so a cost is integer
 * arithmetic: tokens × price / 10^6, rounded half up to the micro-dollar, once for input and once for output.
 */
class PriceTable
{
public:
    struct Price
    {
        QString provider;
        qint64 input = 0; ///< micro-dollars per 1M tokens
        std::optional<qint64> cachedInput; ///< unset: billed as input
        std::optional<qint64> cacheWrite; ///< unset: billed as input
        qint64 output = 0;
        std::optional<qint64> reasoning; ///< unset: billed as output
        bool reasoningModel = false;
    };
    struct Cost
    {
        qint64 inputMicros = 0;
        qint64 outputMicros = 0;
        qint64 totalMicros() const { return inputMicros + outputMicros; }
    };

    /** The built-in table, with overrideFile's entries on top when it is not empty. */
    static Result<PriceTable> load(const QString& overrideFile = {});
    /** Parses one file of the models.json shape into this table (entries replace existing ones). */
    Result<void> merge(const QByteArray& json, const QString& origin);

    /** The catalogue name a model id resolves to: lower-cased, aliases applied, dated snapshot suffixes
     *  (-2025-04-14, -20250929) and -latest removed when that gives a known entry. Empty if unknown. */
    QString canonicalName(const QString& model) const;
    std::optional<Price> price(const QString& model) const;
    /** The provider that serves a known model, else a guess from its name (gpt/o1/o3/o4 → openai, claude →
     *  anthropic, gemini → gemini), else empty. */
    QString providerOf(const QString& model) const;
    std::optional<Cost> cost(const QString& model, const Usage& usage) const;
    QStringList models() const { return m_prices.keys(); }
    /** The price with the highest input + output rate: what an unpriced model is reserved at. */
    std::optional<Price> dearest() const { return m_dearest; }

    static Cost costWith(const Price& price, const Usage& usage);

private:
    QHash<QString, Price> m_prices;
    QHash<QString, QString> m_aliases;
    std::optional<Price> m_dearest;
};
