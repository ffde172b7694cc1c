#include "RequestLogPage.h"

#include "ProjectPicker.h"
#include "dialogs/MessageBox.h"
#include "domain/Money.h"
#include "domain/Providers.h"
#include "models/RequestTableModel.h"
#include "services/CsvWriter.h"
#include "services/Formatting.h"
#include "services/RequestLogLoader.h"
#include "services/Session.h"
#include "util/Clock.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace {
enum Range { LastDay, LastWeek, LastMonth, AllTime, Custom };
}

RequestLogPage::RequestLogPage(Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("requestLogPage"));
    m_project = new ProjectPicker(this);
    m_provider = new QComboBox(this);
    m_provider->setObjectName(QStringLiteral("providerComboBox"));
    m_provider->addItem(tr("All providers"), QString());
    for (const QString& p : Providers::all())
        m_provider->addItem(p, p);
    m_model_ = new QComboBox(this);
    m_model_->setObjectName(QStringLiteral("modelComboBox"));
    m_model_->setMinimumContentsLength(16);
    m_status = new QComboBox(this);
    m_status->setObjectName(QStringLiteral("statusComboBox"));
    m_status->addItem(tr("Any status"), QString());
    m_status->addItem(tr("success"), QStringLiteral("success"));
    m_status->addItem(tr("error"), QStringLiteral("error"));
    m_status->addItem(tr("rejected"), QStringLiteral("rejected"));
    m_status->addItem(tr("cancelled"), QStringLiteral("cancelled"));
    m_range = new QComboBox(this);
    m_range->setObjectName(QStringLiteral("rangeComboBox"));
    m_range->addItem(tr("Last 24 hours"), LastDay);
    m_range->addItem(tr("Last 7 days"), LastWeek);
    m_range->addItem(tr("Last 30 days"), LastMonth);
    m_range->addItem(tr("All time"), AllTime);
    m_range->addItem(tr("Custom range"), Custom);
    m_range->setCurrentIndex(LastWeek);
    m_from = new QDateTimeEdit(this);
    m_from->setObjectName(QStringLiteral("fromDateTimeEdit"));
    m_from->setCalendarPopup(true);
    m_from->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_to = new QDateTimeEdit(this);
    m_to->setObjectName(QStringLiteral("toDateTimeEdit"));
    m_to->setCalendarPopup(true);
    m_to->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));

    auto* exportButton = new QPushButton(QIcon(QStringLiteral(":/icons/export.png")), tr("E&xport CSV…"), this);
    exportButton->setObjectName(QStringLiteral("exportCsvButton"));
    auto* refreshButton = new QPushButton(QIcon(QStringLiteral(":/icons/refresh.png")), tr("&Refresh"), this);
    refreshButton->setObjectName(QStringLiteral("refreshButton"));

    auto* filters = new QGridLayout;
    filters->setHorizontalSpacing(8);
    filters->setVerticalSpacing(6);
    const auto label = [this](const QString& text, QWidget* buddy) {
        auto* l = new QLabel(text, this);
        l->setBuddy(buddy);
        return l;
    };
    filters->addWidget(label(tr("&Project:"), m_project), 0, 0);
    filters->addWidget(m_project, 0, 1);
    filters->addWidget(label(tr("Pro&vider:"), m_provider), 0, 2);
    filters->addWidget(m_provider, 0, 3);
    filters->addWidget(label(tr("&Model:"), m_model_), 0, 4);
    filters->addWidget(m_model_, 0, 5);
    filters->addWidget(label(tr("&Status:"), m_status), 0, 6);
    filters->addWidget(m_status, 0, 7);
    filters->addWidget(label(tr("&Time:"), m_range), 1, 0);
    filters->addWidget(m_range, 1, 1);
    filters->addWidget(label(tr("&From:"), m_from), 1, 2);
    filters->addWidget(m_from, 1, 3);
    filters->addWidget(label(tr("T&o:"), m_to), 1, 4);
    filters->addWidget(m_to, 1, 5);
    auto* actions = new QHBoxLayout;
    actions->addStretch(1);
    actions->addWidget(refreshButton);
    actions->addWidget(exportButton);
    filters->addLayout(actions, 1, 6, 1, 2);
    filters->setColumnStretch(8, 1);

    m_model = new RequestTableModel(this);
    m_loader = new RequestLogLoader(this);
    connect(m_loader, &RequestLogLoader::loaded, this, &RequestLogPage::showPage);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("requestTableView"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSortIndicator(RequestTableModel::Time, Qt::DescendingOrder);
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_detail = new QTextBrowser(this);
    m_detail->setObjectName(QStringLiteral("requestDetailBrowser"));
    m_detail->setPlaceholderText(tr("Select a request to see all its details."));
    m_detail->setOpenLinks(false);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("requestLogSplitter"));
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    m_previous = new QPushButton(tr("◀ &Previous"), this);
    m_previous->setObjectName(QStringLiteral("previousPageButton"));
    m_next = new QPushButton(tr("&Next ▶"), this);
    m_next->setObjectName(QStringLiteral("nextPageButton"));
    m_pageLabel = new QLabel(this);
    m_pageLabel->setObjectName(QStringLiteral("pageLabel"));
    auto* pager = new QHBoxLayout;
    pager->addWidget(m_pageLabel);
    pager->addStretch(1);
    pager->addWidget(m_previous);
    pager->addWidget(m_next);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);
    layout->addLayout(pager);

    applyRange();
    const auto reload = [this]() { loadPage(0); };
    connect(m_project, &QComboBox::currentIndexChanged, this, reload);
    connect(m_provider, &QComboBox::currentIndexChanged, this, reload);
    connect(m_model_, &QComboBox::currentIndexChanged, this, reload);
    connect(m_status, &QComboBox::currentIndexChanged, this, reload);
    connect(m_range, &QComboBox::currentIndexChanged, this, [this]() {
        applyRange();
        loadPage(0);
    });
    connect(m_from, &QDateTimeEdit::editingFinished, this, reload);
    connect(m_to, &QDateTimeEdit::editingFinished, this, reload);
    connect(refreshButton, &QPushButton::clicked, this, &RequestLogPage::refresh);
    connect(m_previous, &QPushButton::clicked, this, &RequestLogPage::previousPage);
    connect(m_next, &QPushButton::clicked, this, &RequestLogPage::nextPage);
    connect(m_model, &RequestTableModel::sortRequested, this, [this](int column, Qt::SortOrder order) {
        using C = RequestLogRepository::SortColumn;
        static const C columns[]
            = {C::CreatedAt, C::Project, C::Provider, C::Model, C::Status, C::Tokens, C::Cost, C::Latency};
        m_sort.column = columns[column];
        m_sort.ascending = order == Qt::AscendingOrder;
        loadPage(0);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RequestLogPage::showDetail);
    connect(exportButton, &QPushButton::clicked, this, [this]() {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export requests"), QStringLiteral("requests.csv"),
                                                          tr("CSV files (*.csv)"));
        if (path.isEmpty())
            return;
        auto n = exportCsv(path);
        if (!n)
            MessageBox::warning(this, tr("Export requests"), n.error().message);
        else
            MessageBox::information(this, tr("Export requests"),
                                    tr("%n request(s) written to %1.", nullptr, int(n.value())).arg(path));
    });
}

void RequestLogPage::applyRange()
{
    const int range = m_range->currentData().toInt();
    const QDateTime now = QDateTime::currentDateTime();
    const bool custom = range == Custom;
    m_from->setEnabled(custom);
    m_to->setEnabled(custom);
    if (custom)
        return;
    m_to->setDateTime(now.addSecs(60));
    switch (range) {
    case LastDay:
        m_from->setDateTime(now.addDays(-1));
        break;
    case LastWeek:
        m_from->setDateTime(now.addDays(-7));
        break;
    case LastMonth:
        m_from->setDateTime(now.addDays(-30));
        break;
    default:
        m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(0));
        break;
    }
}

RequestLogRepository::Filter RequestLogPage::filter() const
{
    RequestLogRepository::Filter f;
    f.projectId = m_project->projectId();
    f.provider = m_provider->currentData().toString();
    f.model = m_model_->currentData().toString();
    f.status = m_status->currentData().toString();
    const int range = m_range->currentData().toInt();
    if (range != AllTime) {
        if (range != Custom)
            f.fromMs = Clock::instance().nowMs()
                - qint64(range == LastDay        ? 1
                             : range == LastWeek ? 7
                                                 : 30)
                    * 24 * 3600 * 1000;
        else
            f.fromMs = m_from->dateTime().toMSecsSinceEpoch();
        if (range == Custom)
            f.toMs = m_to->dateTime().toMSecsSinceEpoch();
    }
    return f;
}

bool RequestLogPage::isLoading() const
{
    return m_loader->isBusy();
}

void RequestLogPage::refresh()
{
    if (!m_session->hasDatabase())
        return;
    {
        const QSignalBlocker block(m_project);
        m_project->reload(*m_session, true);
    }
    applyRange();
    // The model list (a DISTINCT over the whole log) and the project names come with the first page.
    requestPage(0, true);
}

void RequestLogPage::loadPage(int page)
{
    requestPage(page, false);
}

void RequestLogPage::requestPage(int page, bool withLookups)
{
    if (!m_session->hasDatabase())
        return;
    RequestLogPageData::Query query;
    query.filter = filter();
    query.sort = m_sort;
    query.page = page;
    query.pageSize = PageSize;
    query.withLookups = withLookups;
    m_pageLabel->setText(tr("Loading…"));
    m_previous->setEnabled(false);
    m_next->setEnabled(false);
    m_loader->load(m_session->sharedDatabase(), query);
}

void RequestLogPage::showPage(const RequestLogPageData& data)
{
    if (data.hasLookups) {
        const QSignalBlocker block(m_model_);
        const QString current = m_model_->currentData().toString();
        m_model_->clear();
        m_model_->addItem(tr("All models"), QString());
        for (const QString& m : data.models)
            m_model_->addItem(m, m);
        m_model_->setCurrentIndex(qMax(0, m_model_->findData(current)));
        m_model->setProjectNames(data.projectNames);
    }
    if (!data.error.isEmpty()) {
        m_pageLabel->setText(tr("Cannot load the log: %1").arg(data.error));
        emit pageLoaded();
        return;
    }
    m_total = data.total;
    m_page = data.page;
    const int lastPage = m_total > 0 ? int((m_total - 1) / PageSize) : 0;
    m_model->setRows(data.rows);
    m_table->resizeColumnsToContents();
    if (m_total == 0)
        m_pageLabel->setText(tr("No requests match the filter."));
    else
        m_pageLabel->setText(tr("Requests %1–%2 of %3")
                                 .arg(Formatting::count(qint64(m_page) * PageSize + 1),
                                      Formatting::count(qint64(m_page) * PageSize + data.rows.size()),
                                      Formatting::count(m_total)));
    m_previous->setEnabled(m_page > 0);
    m_next->setEnabled(m_page < lastPage);
    m_detail->clear();
    emit pageLoaded();
}

void RequestLogPage::nextPage()
{
    loadPage(m_page + 1);
}

void RequestLogPage::previousPage()
{
    loadPage(m_page - 1);
}

void RequestLogPage::showDetail()
{
    const RequestRecord* r = m_model->recordAt(m_table->currentIndex().row());
    if (!r) {
        m_detail->clear();
        return;
    }
    const auto row = [](const QString& k, const QString& v) -> QString {
        return QStringLiteral("<tr><td style=\"color:#666; padding-right:10px\">") + k.toHtmlEscaped()
            + QStringLiteral("</td><td>") + v.toHtmlEscaped() + QStringLiteral("</td></tr>");
    };
    QString html = QStringLiteral("<table cellspacing=\"3\">");
    html += row(tr("Request id"), r->id);
    html += row(tr("Time"),
                Formatting::dateTime(r->createdAt) + QStringLiteral(" (") + Clock::isoUtc(r->createdAt)
                    + QStringLiteral(")"));
    html += row(tr("Project"), m_model->projectName(r->projectId));
    html += row(tr("Key id"), r->apiKeyId.isEmpty() ? tr("none") : r->apiKeyId);
    html += row(tr("Provider"), r->provider);
    html += row(tr("Model"), r->model);
    html += row(tr("Capability"), r->capability.isEmpty() ? tr("none") : r->capability);
    html += row(tr("Status"), QStringLiteral("%1 (HTTP %2)").arg(r->status).arg(r->httpStatus));
    html += row(tr("Streamed"), r->stream ? tr("yes") : tr("no"));
    html += row(tr("Input tokens"), Formatting::count(r->inputTokens));
    html += row(tr("Cached tokens"), Formatting::count(r->cachedTokens));
    html += row(tr("Output tokens"), Formatting::count(r->outputTokens));
    html += row(tr("Reasoning tokens"), Formatting::count(r->reasoningTokens));
    html += row(tr("Usage"), r->usageEstimated ? tr("estimated") : tr("reported by the provider"));
    html += row(tr("Cost"), r->costMicros ? QStringLiteral("$") + Money::formatUsd(*r->costMicros) : tr("unknown"));
    html += row(tr("Latency"), Formatting::duration(r->latencyMs));
    html += row(tr("Time to first token"), r->ttftMs ? Formatting::duration(*r->ttftMs) : tr("n/a"));
    html += row(tr("Attempts"), QString::number(r->attempts));
    if (!r->errorCode.isEmpty())
        html += row(tr("Error code"), r->errorCode);
    if (!r->errorMessage.isEmpty())
        html += row(tr("Error"), r->errorMessage);
    html += QStringLiteral("</table>");
    m_detail->setHtml(html);
}

Result<qint64> RequestLogPage::exportCsv(const QString& path) const
{
    if (!m_session->hasDatabase())
        return Error::unavailable(tr("not connected to a database"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::unavailable(tr("cannot write %1: %2").arg(path, file.errorString()));
    CsvWriter csv(file);
    csv.writeRow({QStringLiteral("id"),
                  QStringLiteral("created_at"),
                  QStringLiteral("project"),
                  QStringLiteral("project_id"),
                  QStringLiteral("api_key_id"),
                  QStringLiteral("provider"),
                  QStringLiteral("model"),
                  QStringLiteral("capability"),
                  QStringLiteral("status"),
                  QStringLiteral("http_status"),
                  QStringLiteral("stream"),
                  QStringLiteral("input_tokens"),
                  QStringLiteral("cached_tokens"),
                  QStringLiteral("output_tokens"),
                  QStringLiteral("reasoning_tokens"),
                  QStringLiteral("cost_usd"),
                  QStringLiteral("usage_estimated"),
                  QStringLiteral("latency_ms"),
                  QStringLiteral("ttft_ms"),
                  QStringLiteral("attempts"),
                  QStringLiteral("error_code"),
                  QStringLiteral("error_message")});
    RequestLogRepository repo(m_session->database());
    const auto f = filter();
    constexpr int chunk = 1000;
    qint64 written = 0;
    for (int offset = 0;; offset += chunk) {
        auto rows = repo.list(f, chunk, offset, m_sort);
        if (!rows)
            return rows.error();
        for (const RequestRecord& r : rows.value()) {
            csv.writeRow({r.id,
                          Clock::isoUtc(r.createdAt),
                          m_model->projectName(r.projectId),
                          r.projectId,
                          r.apiKeyId,
                          r.provider,
                          r.model,
                          r.capability,
                          r.status,
                          QString::number(r.httpStatus),
                          r.stream ? QStringLiteral("true") : QStringLiteral("false"),
                          QString::number(r.inputTokens),
                          QString::number(r.cachedTokens),
                          QString::number(r.outputTokens),
                          QString::number(r.reasoningTokens),
                          r.costMicros ? Money::formatUsd(*r.costMicros) : QString(),
                          r.usageEstimated ? QStringLiteral("true") : QStringLiteral("false"),
                          QString::number(r.latencyMs),
                          r.ttftMs ? QString::number(*r.ttftMs) : QString(),
                          QString::number(r.attempts),
                          r.errorCode,
                          r.errorMessage});
            ++written;
        }
        if (rows.value().size() < chunk)
            break;
    }
    if (!file.commit())
        return Error::unavailable(tr("cannot write %1: %2").arg(path, file.errorString()));
    return written;
}
