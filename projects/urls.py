"""URLs of the projects app. Card tabs are /projects/<pk>/<tab>/; other engineers add their lines below theirs."""

from django.urls import path

from projects.views import budget, card, plan, publication, register, registers, reports

app_name = "projects"

urlpatterns = [
    # the register list, saved filters, Excel export and import (views/register.py)
    path("", register.project_list, name="list"),
    path("saved-filters/new/", register.saved_filter_create, name="saved-filter-create"),
    path("saved-filters/<int:filter_pk>/", register.saved_filter_apply, name="saved-filter-apply"),
    path("saved-filters/<int:filter_pk>/delete/", register.saved_filter_delete, name="saved-filter-delete"),
    path("export/", register.register_export, name="export"),
    path("import/", register.import_upload, name="import"),
    path("import/template/", register.import_template_download, name="import-template"),
    path("import/<int:job_pk>/", register.import_preview, name="import-preview"),
    path("import/<int:job_pk>/confirm/", register.import_confirm, name="import-confirm"),
    # project card (views/card.py)
    path("new/", card.project_create, name="create"),
    path("<int:pk>/", card.project_detail, name="detail"),
    path("<int:pk>/edit/", card.project_update, name="update"),
    path("<int:pk>/passport/", card.project_passport, name="passport"),
    path("<int:pk>/passport/new/", card.passport_draft, name="passport-draft"),
    path("<int:pk>/passport/<int:version_pk>/edit/", card.passport_edit, name="passport-edit"),
    path("<int:pk>/passport/<int:version_pk>/submit/", card.passport_submit, name="passport-submit"),
    path("<int:pk>/passport/<int:version_pk>/decide/", card.passport_decide, name="passport-decide"),
    path("<int:pk>/gates/new/", card.gate_record, name="gate-record"),
    path("<int:pk>/stage/next/", card.stage_advance, name="stage-advance"),
    path("<int:pk>/documents/", card.project_documents, name="documents"),
    path("<int:pk>/documents/upload/", card.document_upload, name="document-upload"),
    path("<int:pk>/documents/<int:document_pk>/download/", card.document_download, name="document-download"),
    path("<int:pk>/team/", card.project_team, name="team"),
    path("<int:pk>/team/add/", card.member_add, name="member-add"),
    path("<int:pk>/team/<int:member_pk>/remove/", card.member_remove, name="member-remove"),
    path("<int:pk>/history/", card.project_history, name="history"),
    path("<int:pk>/pdf/", card.card_pdf, name="card-pdf"),
    path("methodology/", card.methodology, name="methodology"),
    path("methodology/publish/", card.methodology_publish, name="methodology-publish"),
    path(
        "methodology/versions/<int:version_pk>/download/",
        card.methodology_download,
        name="methodology-download",
    ),
    # the plan and the timeline (views/plan.py)
    path("<int:pk>/plan/", plan.project_plan, name="plan"),
    path("<int:pk>/plan/milestones/new/", plan.milestone_edit, name="milestone-create"),
    path("<int:pk>/plan/milestones/<int:milestone_pk>/edit/", plan.milestone_edit, name="milestone-update"),
    path(
        "<int:pk>/plan/milestones/<int:milestone_pk>/delete/", plan.milestone_delete, name="milestone-delete"
    ),
    path("<int:pk>/plan/tasks/new/", plan.task_edit, name="task-create"),
    path("<int:pk>/plan/tasks/<int:task_pk>/edit/", plan.task_edit, name="task-update"),
    path("<int:pk>/plan/tasks/<int:task_pk>/delete/", plan.task_delete, name="task-delete"),
    path("<int:pk>/plan/baseline/", plan.baseline_initial, name="baseline-initial"),
    # budget lines, edited in place (views/budget.py)
    path("<int:pk>/budget/", budget.project_budget, name="budget"),
    path("<int:pk>/budget/lines/new/", budget.budget_line_edit, name="budget-line-create"),
    path("<int:pk>/budget/lines/<int:line_pk>/", budget.budget_line_row, name="budget-line-row"),
    path("<int:pk>/budget/lines/<int:line_pk>/edit/", budget.budget_line_edit, name="budget-line-update"),
    path("<int:pk>/budget/lines/<int:line_pk>/delete/", budget.budget_line_delete, name="budget-line-delete"),
    # risks, issues, change requests and baselines (views/registers.py)
    path("<int:pk>/risks/", registers.project_risks, name="risks"),
    path("<int:pk>/risks/export/", registers.register_export, name="risks-export"),
    path("<int:pk>/risks/new/", registers.risk_edit, name="risk-create"),
    path("<int:pk>/risks/<int:risk_pk>/edit/", registers.risk_edit, name="risk-update"),
    path("<int:pk>/issues/new/", registers.issue_edit, name="issue-create"),
    path("<int:pk>/issues/<int:issue_pk>/edit/", registers.issue_edit, name="issue-update"),
    path("<int:pk>/changes/", registers.project_changes, name="changes"),
    path("<int:pk>/changes/new/", registers.change_edit, name="change-create"),
    path("<int:pk>/changes/<int:change_pk>/", registers.change_detail, name="change-detail"),
    path("<int:pk>/changes/<int:change_pk>/edit/", registers.change_edit, name="change-update"),
    path("<int:pk>/changes/<int:change_pk>/<str:action>/", registers.change_action, name="change-action"),
    # status reports (views/reports.py)
    path("<int:pk>/reports/", reports.project_reports, name="reports"),
    path("<int:pk>/reports/new/", reports.report_edit, name="report-create"),
    path("<int:pk>/reports/<int:report_pk>/", reports.report_detail, name="report-detail"),
    path("<int:pk>/reports/<int:report_pk>/edit/", reports.report_edit, name="report-edit"),
    path("<int:pk>/reports/<int:report_pk>/submit/", reports.report_submit, name="report-submit"),
    path(
        "<int:pk>/reports/<int:report_pk>/review/<str:action>/", reports.report_review, name="report-review"
    ),
    # the public page of a project: versions, approval, withdrawal (views/publication.py)
    path("publications/", publication.publication_queue, name="publication-queue"),
    path("<int:pk>/publication/", publication.publication_tab, name="publication"),
    path("<int:pk>/publication/edit/", publication.publication_edit, name="publication-edit"),
    path("<int:pk>/publication/submit/", publication.publication_submit, name="publication-submit"),
    path("<int:pk>/publication/withdraw/", publication.publication_withdraw, name="publication-withdraw"),
    path(
        "<int:pk>/publication/<int:version_pk>/approve/",
        publication.publication_approve,
        name="publication-approve",
    ),
    path(
        "<int:pk>/publication/<int:version_pk>/return/",
        publication.publication_return,
        name="publication-return",
    ),
    path(
        "<int:pk>/publication/<int:version_pk>/history/",
        publication.publication_history,
        name="publication-history",
    ),
]
