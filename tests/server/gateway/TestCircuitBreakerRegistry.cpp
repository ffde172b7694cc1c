// The per-upstream circuit breaker: closed → open after N consecutive failures → half-open probe.

#include "gateway/CircuitBreakerRegistry.h"

#include <QTest>

class TestCircuitBreakerRegistry : public QObject
{
    Q_OBJECT

private slots:
    void opensAfterConsecutiveFailuresAndProbesToClose()
    {
        CircuitBreakerRegistry breakers(3, 1000);
        const QString up = QStringLiteral("openai|");
        QVERIFY(breakers.allow(up, 0));
        breakers.recordFailure(up, 10);
        breakers.recordFailure(up, 20);
        breakers.recordSuccess(up); // a success resets the count
        breakers.recordFailure(up, 30);
        breakers.recordFailure(up, 40);
        QCOMPARE(breakers.state(up, 41), CircuitBreakerRegistry::State::Closed);
        breakers.recordFailure(up, 50);
        QCOMPARE(breakers.state(up, 51), CircuitBreakerRegistry::State::Open);
        QVERIFY(!breakers.allow(up, 500));
        // After the open period one probe goes through, the others wait for its outcome.
        QCOMPARE(breakers.state(up, 1050), CircuitBreakerRegistry::State::HalfOpen);
        QVERIFY(breakers.allow(up, 1050));
        QVERIFY(!breakers.allow(up, 1051));
        breakers.recordFailure(up, 1100); // failed probe: open again for a full period
        QVERIFY(!breakers.allow(up, 1500));
        QVERIFY(breakers.allow(up, 2100));
        breakers.recordSuccess(up); // successful probe closes it
        QCOMPARE(breakers.state(up, 2101), CircuitBreakerRegistry::State::Closed);
        QVERIFY(breakers.allow(up, 2102));
        QVERIFY(breakers.allow(up, 2103));
    }

    void upstreamsAreIndependent()
    {
        CircuitBreakerRegistry breakers(1, 1000);
        breakers.recordFailure(QStringLiteral("anthropic|"), 0);
        QVERIFY(!breakers.allow(QStringLiteral("anthropic|"), 1));
        QVERIFY(breakers.allow(QStringLiteral("anthropic|http://127.0.0.1:9"), 1));
        QVERIFY(breakers.allow(QStringLiteral("gemini|"), 1));
        QCOMPARE(breakers.states(1).size(), 3); // every upstream asked about is listed for /metrics
    }
};

QTEST_GUILESS_MAIN(TestCircuitBreakerRegistry)
#include "TestCircuitBreakerRegistry.moc"
