// aigw-bench-logwriter: how many request-log rows per second the RequestLogWriter stores.
//
// Creates 10 projects with 5 keys each in the given database (migrating it first), enqueues --rows rows
// of mixed outcome as fast as one thread can, and measures from the first enqueue until the writer reports
// every row written (rows, usage counters and budget-hold releases committed). Checks afterwards that the
// table holds exactly the rows enqueued, so a fast but lossy run cannot pass.
//
//   aigw-bench-logwriter --database postgresql://…|sqlite:/tmp/x.db [--rows 200000]

#include "accounting/RequestLogWriter.h"
#include "domain/ApiKey.h"
#include "services/ApiKeyService.h"
#include "services/ProjectService.h"
#include "storage/Database.h"
#include "storage/Migrator.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QThread>
#include <QUuid>

#include <cstdio>

namespace {

int fail(const QString& message)
{
    fprintf(stderr, "aigw-bench-logwriter: %s\n", qPrintable(message));
    return 1;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QString url;
    qint64 rows = 200000;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--database"))
            url = args[i + 1];
        else if (args[i] == QLatin1String("--rows"))
            rows = args[i + 1].toLongLong();
        else
            return fail(QStringLiteral("unknown option ") + args[i]);
    }
    auto parsed = DatabaseUrl::parse(url);
    if (!parsed)
        return fail(parsed.error().message);
    Database db(parsed.value());
    if (auto m = Migrator(db).migrate(); !m)
        return fail(m.error().message);

    struct Key
    {
        QString project;
        QString key;
    };
    QList<Key> keys;
    const QString run = QString::number(QDateTime::currentMSecsSinceEpoch());
    for (int p = 0; p < 10; ++p) {
        Project project;
        project.name = QStringLiteral("bench-%1-%2").arg(run).arg(p);
        project.dailyCostLimitMicros = 1'000'000'000'000LL;
        auto created = ProjectService(db).create(project);
        if (!created)
            return fail(created.error().message);
        for (int k = 0; k < 5; ++k) {
            auto issued = ApiKeyService(db).create(created.value().id, {});
            if (!issued)
                return fail(issued.error().message);
            keys.append({created.value().id, issued.value().key.id});
        }
    }

    QTemporaryDir spoolDir;
    RequestLogWriter writer(parsed.value(), spoolDir.filePath(QStringLiteral("requests.spool")), int(rows) + 1);
    writer.start();
    const QString models[] = {QStringLiteral("gpt-4o-mini"), QStringLiteral("claude-3-5-haiku-20241022"),
                              QStringLiteral("gemini-2.0-flash")};
    const QString providers[] = {QStringLiteral("openai"), QStringLiteral("anthropic"), QStringLiteral("gemini")};
    const QString statuses[] = {QStringLiteral("success"), QStringLiteral("success"),  QStringLiteral("success"),
                                QStringLiteral("error"),   QStringLiteral("rejected"), QStringLiteral("cancelled")};
    QList<RequestRecord> prepared;
    prepared.reserve(rows);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (qint64 i = 0; i < rows; ++i) {
        RequestRecord r;
        r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const Key& k = keys[int(i % keys.size())];
        r.projectId = k.project;
        r.apiKeyId = k.key;
        r.provider = providers[i % 3];
        r.model = models[i % 3];
        r.capability = QStringLiteral("fast");
        r.status = statuses[i % 6];
        r.httpStatus = r.status == QLatin1String("success") ? 200 : 502;
        r.stream = i % 2;
        r.inputTokens = 100 + i % 50;
        r.outputTokens = 20 + i % 30;
        r.costMicros = 30 + i % 17;
        r.latencyMs = int(200 + i % 100);
        r.ttftMs = int(50 + i % 10);
        r.createdAt = now + i / 1000;
        prepared.append(std::move(r));
    }
    QElapsedTimer timer;
    timer.start();
    for (RequestRecord& r : prepared)
        writer.enqueue(std::move(r));
    const qint64 enqueuedMs = timer.elapsed();
    while (writer.written() + writer.spooled() < rows)
        QThread::msleep(1);
    const qint64 elapsedMs = qMax<qint64>(1, timer.elapsed());
    writer.stopAndFlush();

    auto count = db.exec(QStringLiteral("SELECT COUNT(*) FROM requests WHERE project_id IN (SELECT id FROM "
                                        "projects WHERE name LIKE ?)"),
                         {QStringLiteral("bench-%1-%").arg(run)});
    if (!count || !count.value().next())
        return fail(QStringLiteral("cannot count the rows written"));
    const qint64 stored = count.value().value(0).toLongLong();
    printf("mode=logwriter database=%s rows=%lld stored=%lld spooled=%lld overflows=%lld enqueue_ms=%lld "
           "elapsed_ms=%lld rows_per_s=%lld\n",
           db.isPostgres() ? "postgresql" : "sqlite", rows, stored, writer.spooled(), writer.overflows(), enqueuedMs,
           elapsedMs, rows * 1000 / elapsedMs);
    return stored == rows && writer.spooled() == 0 ? 0 : 1;
}
