#include "GatewayProcess.h"

#include "TestPaths.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRegularExpression>

#include <csignal>

GatewayProcess::~GatewayProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool GatewayProcess::start(const QString& databaseUrl, const QProcessEnvironment& extra, QString* error)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("AIGW_DATABASE_URL"));
    env.remove(QStringLiteral("DB_HOST"));
    for (const QString& k : extra.keys())
        env.insert(k, extra.value(k));
    m_process.setProcessEnvironment(env);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(m_dir.filePath(QStringLiteral("gateway.log")));
    m_process.start(TestPaths::binaryDir() + QStringLiteral("/server/aigw"),
                    {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--workers"), QStringLiteral("2"), QStringLiteral("--database"), databaseUrl});
    if (!m_process.waitForStarted(10000)) {
        *error = QStringLiteral("cannot start aigw serve");
        return false;
    }
    static const QRegularExpression re(QStringLiteral("serving on http://127\\.0\\.0\\.1:(\\d+)"));
    QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired()) {
        const auto m = re.match(output());
        if (m.hasMatch()) {
            m_port = quint16(m.captured(1).toUInt());
            return true;
        }
        if (m_process.waitForFinished(50))
            break;
    }
    *error = QStringLiteral("aigw serve did not come up: ") + output();
    return false;
}

int GatewayProcess::stop(int timeoutMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    ::kill(pid_t(m_process.processId()), SIGTERM);
    if (!m_process.waitForFinished(timeoutMs)) {
        m_process.kill();
        m_process.waitForFinished(5000);
        return -1;
    }
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

QString GatewayProcess::output() const
{
    QFile f(m_dir.filePath(QStringLiteral("gateway.log")));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}
