#include "ServeCommand.h"

#include "CliArguments.h"
#include "CliContext.h"
#include "accounting/RequestLogWriter.h"
#include "admin/AdminBootstrap.h"
#include "admin/AdminContext.h"
#include "admin/AdminRoutes.h"
#include "config/DataPaths.h"
#include "gateway/GatewayConfig.h"
#include "gateway/GatewayRoutes.h"
#include "gateway/GatewayServices.h"
#include "gateway/SnapshotStore.h"
#include "http/HttpFrontend.h"
#include "http/HttpServerOptions.h"
#include "http/ListenAddress.h"
#include "http/SignalWatcher.h"
#include "security/CredentialCipher.h"
#include "storage/BudgetRepository.h"
#include "storage/Database.h"
#include "util/LogCategories.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTimer>

#include <sys/resource.h>

QString ServeCommand::usage() const
{
    return QStringLiteral(
        "usage: aigw serve [--listen HOST:PORT] [--workers N]\n"
        "\n"
        "Serves POST /v1/chat/completions, GET /v1/models, GET /health, GET /ready, the admin API under\n"
        "/api/v1 (JWT; first admin from ADMIN_EMAIL/ADMIN_PASSWORD), GET /metrics and GET /api/v1/openapi.json.\n"
        "  --listen HOST:PORT   default 127.0.0.1:8080 (AIGW_LISTEN, [server] listen); port 0 picks a free port\n"
        "  --workers N          worker threads sharing the port, default one per core\n"
        "Provider keys come from each project's credentials (aigw credential set), else from\n"
        "OPENAI_API_KEY, ANTHROPIC_API_KEY and GEMINI_API_KEY (base URLs: OPENAI_BASE_URL, ...).\n"
        "SIGTERM / SIGINT stop accepting, let requests in flight finish, flush the request log and exit 0.\n");
}

namespace {

constexpr qint64 kIdleBucketMs = 10 * 60 * 1000;

// Every client connection and every upstream connection is a descriptor; the usual soft limit of 1,024
// would cap a gateway at about 500 concurrent streams. Raise it to the hard limit, as nginx and
// Envoy deployments do.
void raiseDescriptorLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace

Result<int> ServeCommand::run(CliContext& ctx, const QStringList& args)
{
    auto parsed = CliArguments::parse(args, {QStringLiteral("listen"), QStringLiteral("workers")}, {});
    if (!parsed)
        return parsed.error();
    if (auto e = parsed.value().expectPositionals({}); !e)
        return e.error();
    Config config = ctx.config();
    if (parsed.value().has(QStringLiteral("listen")))
        config.set(QStringLiteral("server/listen"), parsed.value().value(QStringLiteral("listen")));
    if (parsed.value().has(QStringLiteral("workers")))
        config.set(QStringLiteral("server/workers"), parsed.value().value(QStringLiteral("workers")));
    auto gatewayConfig = GatewayConfig::fromConfig(config);
    if (!gatewayConfig)
        return gatewayConfig.error();
    const GatewayConfig& g = gatewayConfig.value();
    auto listen = ListenAddress::parse(g.listen);
    if (!listen)
        return listen.error();

    raiseDescriptorLimit();
    if (qEnvironmentVariable("AIGW_VERBOSE") != QLatin1String("0"))
        QLoggingCategory::setFilterRules(QStringLiteral("aigw.*.info=true\naigw.*.debug=false"));

    qCInfo(lcServer).noquote() << (g.upstreamLibcurlOnly
                                       ? "upstream client: libcurl for http and https (upstream/http_client = libcurl)"
                                       : "upstream client: built-in HTTP/1.1 for http, libcurl for https");

    auto db = ctx.database();
    if (!db)
        return db.error();
    auto secrets = ctx.secrets();
    if (!secrets)
        return secrets.error();
    auto prices = PriceTable::load(g.pricesFile);
    if (!prices)
        return prices.error();
    auto capabilities = CapabilityMap::load(g.capabilitiesFile);
    if (!capabilities)
        return capabilities.error();

    QHash<QString, GatewaySnapshot::ProviderAccess> global;
    for (auto it = g.globalKeys.cbegin(); it != g.globalKeys.cend(); ++it)
        global.insert(it.key(), {it.value(), g.globalBaseUrls.value(it.key()), true});
    SnapshotStore snapshots(*db.value(), CredentialCipher(secrets.value()->encryptionKeys()), global);
    if (auto s = snapshots.start(); !s)
        return s.error();

    const QString spoolDir = ctx.databaseUrl().isSqlite() ? QFileInfo(ctx.databaseUrl().sqlitePath()).absolutePath()
                                                          : DataPaths::dataDir();
    DataPaths::ensureDir(spoolDir);
    RequestLogWriter writer(ctx.databaseUrl(), spoolDir + QStringLiteral("/requests.spool"));
    writer.start();

    if (auto b = AdminBootstrap::run(*db.value(), ctx.out(), ctx.err()); !b) {
        writer.stopAndFlush();
        return b.error();
    }
    GatewayServices services(g, *db.value(), snapshots, prices.value(), capabilities.value(), writer);
    AdminContext admin(services, secrets.value()->jwtSecret(), secrets.value()->encryptionKeys());
    HttpServerOptions options;
    options.workerThreads = g.workers;
    options.maxBodyBytes = g.maxBodyBytes;
    options.idleTimeoutMs = g.idleTimeoutMs;
    options.shutdownDeadlineMs = g.shutdownDeadlineMs;
    HttpFrontend front(options);
    auto port = front.start(listen.value(), [&services, &admin](HttpRouter& router) {
        GatewayRoutes::install(router, services);
        AdminRoutes::install(router, admin);
    });
    if (!port) {
        writer.stopAndFlush();
        return port.error();
    }
    // Housekeeping on the main thread: unspent budget leases go back to the database once their life is
    // over; once a minute, rate-limit buckets of keys idle for ten minutes are forgotten and expired budget
    // holds (left by killed processes; they no longer count) are deleted.
    QTimer housekeeping;
    qint64 nextPruneMs = 0;
    QObject::connect(&housekeeping, &QTimer::timeout, &housekeeping, [&services, &nextPruneMs] {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        services.budgetLeases.sweep(now);
        if (now >= nextPruneMs) {
            services.rateLimiter.prune(now - kIdleBucketMs);
            if (services.sharedRateLimiter)
                services.sharedRateLimiter->prune(now - kIdleBucketMs);
            if (auto purged = BudgetRepository(services.db).purgeExpired(now); !purged)
                qCWarning(lcGateway) << "cannot delete expired budget holds:" << purged.error().message;
            nextPruneMs = now + 60'000;
        }
    });
    housekeeping.start(250);

    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &front, [&front](int) { front.shutdown(); });
    QObject::connect(&front, &HttpFrontend::stopped, qApp, [](bool) { QCoreApplication::quit(); });

    ctx.out() << "aigw " << QCoreApplication::applicationVersion() << " serving on http://"
              << front.boundAddress().toString() << " with " << g.workers << " worker" << (g.workers == 1 ? "" : "s")
              << ", database " << ctx.databaseUrl().redacted() << '\n';
    ctx.out().flush();
    QCoreApplication::exec();

    housekeeping.stop();
    services.budgetLeases.releaseAll();
    writer.stopAndFlush();
    ctx.out() << "aigw: stopped (" << writer.written() << " request rows written, " << writer.spooled()
              << " spooled)\n";
    ctx.out().flush();
    return 0;
}
