#include "AdminRoutes.h"

#include "admin/AdminContext.h"
#include "admin/AdminsController.h"
#include "admin/AuditController.h"
#include "admin/AuthController.h"
#include "admin/CredentialsController.h"
#include "admin/KeysController.h"
#include "admin/MetricsEndpoint.h"
#include "admin/OpenApiEndpoint.h"
#include "admin/ProjectsController.h"
#include "admin/StatsController.h"
#include "http/HttpRouter.h"

void AdminRoutes::install(HttpRouter& router, AdminContext& context)
{
    AuthController::install(router, context);
    ProjectsController::install(router, context);
    KeysController::install(router, context);
    CredentialsController::install(router, context);
    AdminsController::install(router, context);
    StatsController::install(router, context);
    AuditController::install(router, context);
    MetricsEndpoint::install(router, context.services);
    OpenApiEndpoint::install(router);
}
