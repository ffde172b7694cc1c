#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QTemporaryDir>

/**
 * Runs the real `aigw serve` executable on 127.0.0.1 with a free port, for end-to-end tests, and stops it
 * with SIGTERM like an operator would.
 */
class GatewayProcess
{
public:
    ~GatewayProcess();

    /** Starts aigw serve against databaseUrl; extra variables are added to the environment. */
    bool start(const QString& databaseUrl, const QProcessEnvironment& extra, QString* error);
    quint16 port() const { return m_port; }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    /** SIGTERM, then waits; returns the exit code (-1 if it crashed or had to be killed). */
    int stop(int timeoutMs = 30000);
    /** Everything the gateway printed so far (stdout and stderr go to a file, so it never blocks on a pipe). */
    QString output() const;
    qint64 pid() const { return m_process.processId(); }

private:
    QProcess m_process;
    quint16 m_port = 0;
    QTemporaryDir m_dir;
};
