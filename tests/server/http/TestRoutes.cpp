#include "TestRoutes.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <QTimer>

#include <thread>

namespace {
QByteArray json(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

int intQuery(const HttpRequest& request, const QString& key, int fallback)
{
    bool ok = false;
    const int value = request.queryItem(key).toInt(&ok);
    return ok ? value : fallback;
}

/** Writes one SSE event every `intervalMs` until `count` (or forever with count < 0) or the client leaves. */
void startStream(const std::shared_ptr<TestRouteState>& state, QObject* context, HttpResponder responder, int count,
                 int intervalMs)
{
    auto* timer = new QTimer(context);
    timer->setInterval(intervalMs);
    auto sent = std::make_shared<int>(0);
    responder.onDisconnected(timer, [state, timer, responder]() mutable {
        state->disconnectNotices.fetch_add(1);
        timer->stop();
        if (responder.writeChunk("data: late\n\n"))
            state->lateWritesAccepted.fetch_add(1);
        else
            state->lateWritesRefused.fetch_add(1);
        timer->deleteLater();
    });
    QObject::connect(timer, &QTimer::timeout, timer, [state, timer, responder, sent, count]() mutable {
        if (count >= 0 && *sent >= count) {
            timer->stop();
            if (responder.endStream())
                state->streamsCompleted.fetch_add(1);
            timer->deleteLater();
            return;
        }
        const QByteArray event = "data: {\"i\":" + QByteArray::number(*sent) + "}\n\n";
        if (responder.writeChunk(event)) {
            ++*sent;
            state->eventsWritten.fetch_add(1);
        }
    });
    responder.beginStream(200);
    timer->start();
}
} // namespace

HttpFrontend::RouteFactory TestRoutes::factory(std::shared_ptr<TestRouteState> state)
{
    return [state](HttpRouter& router) {
        state->factoryCalls.fetch_add(1);
        {
            QMutexLocker lock(&state->mutex);
            state->factoryThreads.insert(quintptr(QThread::currentThreadId()));
        }
        QObject* context = router.context();
        const int worker = router.workerIndex();

        router.addRoute("GET", "/json", [](const HttpRequest&, HttpResponder r) { r.sendJson(200, R"({"ok":true})"); });

        auto echo = [](const HttpRequest& q, HttpResponder r) {
            QJsonObject o;
            o["method"] = QString::fromLatin1(q.method());
            o["path"] = q.path();
            o["x"] = q.queryItem(QStringLiteral("x"));
            o["body"] = QString::fromUtf8(q.body());
            o["contentType"] = QString::fromUtf8(q.header("CONTENT-TYPE"));
            o["custom"] = QString::fromUtf8(q.header("x-custom-header"));
            o["httpMinor"] = q.httpMinorVersion();
            o["worker"] = q.workerIndex();
            o["remote"] = q.remoteAddress().toString();
            o["timed"] = q.startedAtNs() > 0 && q.receivedAtNs() >= q.startedAtNs();
            r.sendJson(200, json(o), HttpHeaders{{"X-Request-Id", QByteArray::number(q.id())}});
        };
        router.addRoute("POST", "/echo", echo);
        router.addRoute("GET", "/echo", echo);

        router.addRoute("POST", "/upload", [](const HttpRequest& q, HttpResponder r) {
            r.sendJson(200, json(QJsonObject{{"bytes", q.body().size()}}));
        });

        router.addRoute("GET", "/slow", [state, context](const HttpRequest& q, HttpResponder r) {
            const int ms = intQuery(q, QStringLiteral("ms"), 300);
            r.onDisconnected(context, [state] { state->disconnectNotices.fetch_add(1); });
            QTimer::singleShot(ms, context, [state, r]() mutable {
                const bool wasConnected = r.isConnected();
                const bool ok = r.sendJson(200, R"({"slow":true})");
                if (ok)
                    state->slowCompleted.fetch_add(1);
                else if (!wasConnected)
                    state->lateWritesRefused.fetch_add(1);
                if (ok && !wasConnected)
                    state->lateWritesAccepted.fetch_add(1);
            });
        });

        router.addRoute("GET", "/sse", [state, context](const HttpRequest& q, HttpResponder r) {
            startStream(state, context, r, intQuery(q, QStringLiteral("n"), 5), intQuery(q, QStringLiteral("ms"), 100));
        });
        router.addRoute("GET", "/forever", [state, context](const HttpRequest& q, HttpResponder r) {
            startStream(state, context, r, -1, intQuery(q, QStringLiteral("ms"), 30));
        });

        router.addRoute("GET", "/worker", [state, worker](const HttpRequest&, HttpResponder r) {
            {
                QMutexLocker lock(&state->mutex);
                state->workersSeen.insert(worker);
            }
            r.sendJson(200, json(QJsonObject{{"worker", worker}}));
        });

        router.addRoute("GET", "/busy", [](const HttpRequest& q, HttpResponder r) {
            QThread::msleep(ulong(intQuery(q, QStringLiteral("ms"), 300))); // blocks this worker's event loop
            r.sendJson(200, R"({"busy":true})");
        });

        router.addRoute("GET", "/wrong-thread", [](const HttpRequest&, HttpResponder r) {
            bool refused = false;
            std::thread other([&refused, r]() mutable { refused = !r.sendJson(200, R"({"from":"other"})"); });
            other.join();
            r.sendJson(200, refused ? R"({"refused":true})" : R"({"refused":false})");
        });

        router.addRoute("GET", "/drop", [](const HttpRequest&, HttpResponder) {
            // answers nothing: the front must turn this into a 500
        });

        router.addRoute("GET", "/v1/models/{model}", [](const HttpRequest& q, HttpResponder r) {
            r.sendJson(200, json(QJsonObject{{"model", q.pathParam(QStringLiteral("model"))}}));
        });
        router.addPrefixRoute("GET", "/api/v1/projects/{id}", [](const HttpRequest& q, HttpResponder r) {
            r.sendJson(200,
                       json(QJsonObject{{"id", q.pathParam(QStringLiteral("id"))},
                                        {"rest", QString::fromUtf8(q.pathRest())}}));
        });
    };
}
