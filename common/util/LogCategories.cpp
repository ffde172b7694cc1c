#include "LogCategories.h"

Q_LOGGING_CATEGORY(lcStorage, "aigw.common.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMigrations, "aigw.common.migrations", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConfig, "aigw.common.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecurity, "aigw.common.security", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServer, "aigw.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcGateway, "aigw.server.gateway", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUpstream, "aigw.server.upstream", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAccounting, "aigw.server.accounting", QtInfoMsg)
