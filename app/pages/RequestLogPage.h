#pragma once

#include "storage/RequestLogRepository.h"
#include "util/Result.h"

#include <QWidget>

class ProjectPicker;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QPushButton;
class QTableView;
class QTextBrowser;
class RequestLogLoader;
class RequestTableModel;
class Session;
struct RequestLogPageData;

/**
 * The request log, one page at a time straight from SQL (LIMIT/OFFSET with the filter and sort in the
 * query), loaded on a worker thread (RequestLogLoader) so a large table never freezes the window:
 * filters by project, provider, model, status and time range, a detail pane, and CSV export of every
 * row matching the filter (written page by page).
 */
class RequestLogPage final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int PageSize = 50;

    explicit RequestLogPage(Session* session, QWidget* parent = nullptr);

    RequestTableModel* model() const { return m_model; }
    RequestLogRepository::Filter filter() const;
    int pageIndex() const { return m_page; }
    qint64 totalRows() const { return m_total; }
    /** True while a page is being loaded (the table shows the previous one meanwhile). */
    bool isLoading() const;
    /** Writes every row matching the filter to path; returns the number of rows. */
    Result<qint64> exportCsv(const QString& path) const;

public slots:
    /** Reloads the pickers and the first page. */
    void refresh();
    /** Asks for a page (clamped to the last one); it is shown when the worker delivers it. */
    void loadPage(int page);
    void nextPage();
    void previousPage();

signals:
    /** A page was shown (or its loading failed). */
    void pageLoaded();

private:
    void requestPage(int page, bool withLookups);
    void showPage(const RequestLogPageData& data);
    void showDetail();
    void applyRange();

    Session* m_session;
    ProjectPicker* m_project;
    QComboBox* m_provider;
    QComboBox* m_model_;
    QComboBox* m_status;
    QComboBox* m_range;
    QDateTimeEdit* m_from;
    QDateTimeEdit* m_to;
    RequestTableModel* m_model;
    RequestLogLoader* m_loader;
    QTableView* m_table;
    QTextBrowser* m_detail;
    QPushButton* m_previous;
    QPushButton* m_next;
    QLabel* m_pageLabel;
    RequestLogRepository::Sort m_sort;
    int m_page = 0;
    qint64 m_total = 0;
};
