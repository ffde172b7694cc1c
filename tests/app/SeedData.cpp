#include "SeedData.h"

#include "security/SecureRandom.h"
#include "services/ProjectService.h"
#include "storage/RequestLogRepository.h"
#include "util/Clock.h"

#include <QRandomGenerator>

#include <iterator>

namespace {
struct ModelInfo
{
    const char* provider;
    const char* model;
    const char* capability;
    qint64 inMicrosPerMTok;
    qint64 outMicrosPerMTok;
    int baseLatency;
};

const ModelInfo kModels[] = {
    {"gemini", "gemini-2.0-flash", "fast", 100000, 400000, 450},
    {"gemini", "gemini-2.5-pro", "balanced", 1250000, 10000000, 1900},
    {"openai", "gpt-4.1-mini", "fast", 400000, 1600000, 600},
    {"openai", "gpt-4.1", "balanced", 2000000, 8000000, 1500},
    {"anthropic", "claude-haiku-4-5", "fast", 800000, 4000000, 700},
    {"anthropic", "claude-sonnet-4-5", "balanced", 3000000, 15000000, 2100},
};
} // namespace

Result<QList<Project>> SeedData::projects(const Database& db)
{
    struct Spec
    {
        const char* name;
        const char* description;
        qint64 daily;
        qint64 monthly;
        const char* provider;
    };
    const Spec specs[] = {
        {"Support Copilot", "Answers customer tickets in the help desk", 25, 400, "anthropic"},
        {"Docs Search", "Semantic search and summaries for the docs site", 8, 120, "gemini"},
        {"Sales Assistant", "Drafts follow-up emails for the sales team", 5, 40, "openai"},
        {"Data Pipeline", "Nightly classification of incoming documents", 12, 200, ""},
        {"Internal Chat", "The company-wide chat assistant", 0, 0, ""},
    };
    QList<Project> out;
    ProjectService service(db);
    for (const Spec& s : specs) {
        Project p;
        p.name = QString::fromUtf8(s.name);
        p.description = QString::fromUtf8(s.description);
        if (s.daily > 0)
            p.dailyCostLimitMicros = s.daily * 1000000;
        if (s.monthly > 0)
            p.monthlyCostLimitMicros = s.monthly * 1000000;
        p.defaultProvider = QString::fromUtf8(s.provider);
        auto created = service.create(p);
        if (!created)
            return created.error();
        out << created.value();
    }
    return out;
}

Result<int> SeedData::requests(const Database& db, const QList<Project>& projects, const Options& opt)
{
    QRandomGenerator rng(opt.seed);
    const qint64 now = opt.nowMs > 0 ? opt.nowMs : Clock::instance().nowMs();
    QList<RequestRecord> rows;
    // Project weights: the support copilot is the busiest.
    const int weights[] = {40, 20, 10, 25, 5};
    int weightSum = 0;
    for (int i = 0; i < projects.size() && i < 5; ++i)
        weightSum += weights[i];
    for (int day = opt.days - 1; day >= 0; --day) {
        const qint64 dayStart = Clock::startOfUtcDay(now) - qint64(day) * 86400000LL;
        // Busier on weekdays, and growing over the month.
        const int weekday = Clock::utcDay(dayStart).dayOfWeek();
        const double factor = (weekday >= 6 ? 0.45 : 1.0) * (0.7 + 0.6 * double(opt.days - day) / opt.days);
        const int n = int(opt.requestsPerDay * factor);
        for (int i = 0; i < n; ++i) {
            qint64 at = dayStart + qint64(rng.bounded(86400)) * 1000 + rng.bounded(1000);
            if (at > now)
                at = now - rng.bounded(3600000);
            int pick = int(rng.bounded(weightSum));
            int pi = 0;
            while (pi < projects.size() - 1 && pick >= weights[pi]) {
                pick -= weights[pi];
                ++pi;
            }
            const ModelInfo& m = kModels[rng.bounded(int(std::size(kModels)))];
            RequestRecord r;
            r.id = SecureRandom::uuid();
            r.projectId = projects.at(pi).id;
            r.provider = QString::fromLatin1(m.provider);
            r.model = QString::fromLatin1(m.model);
            r.capability = QString::fromLatin1(m.capability);
            r.stream = rng.bounded(3) != 0;
            r.inputTokens = 200 + rng.bounded(3000);
            r.cachedTokens = rng.bounded(4) == 0 ? r.inputTokens / 2 : 0;
            r.outputTokens = 50 + rng.bounded(1200);
            r.latencyMs = m.baseLatency / 2 + int(rng.bounded(m.baseLatency)) + int(r.outputTokens / 4);
            r.ttftMs = r.stream ? std::optional<int>(150 + int(rng.bounded(500))) : std::nullopt;
            const int roll = int(rng.bounded(100));
            if (roll < 3) {
                r.status = QStringLiteral("error");
                r.httpStatus = 502;
                r.errorCode = QStringLiteral("upstream_error");
                r.errorMessage = QStringLiteral("%1 returned 503 Service Unavailable").arg(r.provider);
                r.outputTokens = 0;
            } else if (roll < 5) {
                r.status = QStringLiteral("rejected");
                r.httpStatus = 429;
                r.errorCode = QStringLiteral("rate_limit_exceeded");
                r.errorMessage = QStringLiteral("rate limit of 60 requests per minute reached");
                r.inputTokens = r.outputTokens = r.cachedTokens = 0;
                r.latencyMs = 2;
            }
            if (r.status != QLatin1String("rejected"))
                r.costMicros = (r.inputTokens * m.inMicrosPerMTok + r.outputTokens * m.outMicrosPerMTok) / 1000000;
            r.createdAt = at;
            rows << r;
        }
    }
    return RequestLogRepository(db).insertBatch(rows);
}
