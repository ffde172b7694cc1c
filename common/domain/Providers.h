#pragma once

#include <QString>
#include <QStringList>

/** The provider and capability names of the wire contract. */
class Providers
{
public:
    /** The system routing order: gemini, openai, anthropic (the original's order, Groq dropped). */
    static const QStringList& all();
    static bool isKnown(const QString& name) { return all().contains(name); }
    static const QStringList& capabilities();
    static bool isCapability(const QString& name) { return capabilities().contains(name); }
};
