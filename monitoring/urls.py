from django.urls import path

from monitoring.views import alerts, budget, dashboards, imports, indicators, manage, periods, project_tab

app_name = "monitoring"

urlpatterns = [
    path("", dashboards.city, name="city"),
    path("pdf/", dashboards.city_pdf, name="city-pdf"),
    path("directions/<int:pk>/", dashboards.direction, name="direction"),
    path("projects/<int:pk>/", dashboards.project, name="project"),
    path("situation/", dashboards.situation, name="situation"),
    path("indicators/", indicators.indicator_list, name="indicators"),
    path("indicators/<int:pk>/", indicators.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/actual/", indicators.actual_enter, name="actual-enter"),
    path("indicators/new/", manage.indicator_create, name="indicator-create"),
    path("indicators/<int:pk>/edit/", manage.indicator_update, name="indicator-update"),
    path("indicators/<int:pk>/retire/", manage.indicator_retire_view, name="indicator-retire"),
    path("indicators/<int:pk>/reinstate/", manage.indicator_reinstate_view, name="indicator-reinstate"),
    path("indicators/<int:pk>/targets/", manage.indicator_targets, name="indicator-targets"),
    path("indicators/<int:pk>/history/", manage.indicator_history, name="indicator-history"),
    path("projects/<int:pk>/indicators/", project_tab.project_indicators, name="project-indicators"),
    path("projects/<int:pk>/indicators/new/", manage.project_indicator_create, name="project-indicator-create"),
    path("actuals/<int:pk>/", indicators.actual_detail, name="actual"),
    path("verification/", indicators.verify_queue, name="verify"),
    path("verification/verify/", indicators.verify_selected, name="verify-selected"),
    path("alerts/", alerts.alert_list, name="alerts"),
    path("alerts/<int:pk>/", alerts.alert_detail, name="alert"),
    path("scan/", alerts.scan_start, name="scan"),
    path("recommendations/", alerts.recommendation_list, name="recommendations"),
    path("recommendations/new/", alerts.recommendation_create, name="recommendation-create"),
    path("recommendations/<int:pk>/", alerts.recommendation_detail, name="recommendation"),
    path("periods/", periods.period_list, name="periods"),
    path("periods/<int:pk>/", periods.period_detail, name="period"),
    path("periods/<int:pk>/remind/", periods.period_remind, name="period-remind"),
    path("periods/<int:pk>/close/", periods.period_close, name="period-close"),
    path("import/", imports.import_start, name="import-start"),
    path("import/template/", imports.import_template, name="import-template"),
    path("import/<int:pk>/", imports.import_detail, name="import"),
    path("import/<int:pk>/confirm/", imports.import_confirm, name="import-confirm"),
    path("budget/", budget.budget_overview, name="budget"),
    path("budget/projects/<int:pk>/", budget.budget_project, name="budget-project"),
    path("policy/", budget.policy, name="policy"),
]
