#pragma once

#include "domain/RequestRecord.h"
#include "storage/RequestLogRepository.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

/** One page of the request log as the worker delivers it, with the request that produced it. */
struct RequestLogPageData
{
    /** What to load. */
    struct Query
    {
        RequestLogRepository::Filter filter;
        RequestLogRepository::Sort sort;
        int page = 0; ///< wanted page; clamped to the last one
        int pageSize = 50;
        bool withLookups = false; ///< also the model names and project names for the filters
    };

    Query query;
    QString error; ///< non-empty: loading failed, the rest is empty
    qint64 total = 0; ///< rows matching the filter
    int page = 0; ///< the page delivered
    QList<RequestRecord> rows;
    bool hasLookups = false;
    QStringList models; ///< distinct model names (with lookups)
    QHash<QString, QString> projectNames; ///< id → name, inactive projects included (with lookups)
};
