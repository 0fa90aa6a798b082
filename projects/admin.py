"""Admin screens for the register's reference-like data and for support staff; users work in the app."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from projects import models


@admin.register(models.Program)
class ProgramAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name_ru", "kind", "level", "parent", "start_year", "end_year")
    list_filter = ("kind", "level")
    search_fields = ("code", "name_ru", "name_kk", "name_en")
    raw_id_fields = ("parent",)


class ProjectMemberInline(admin.TabularInline):
    model = models.ProjectMember
    extra = 0
    raw_id_fields = ("user",)


@admin.register(models.Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title_ru", "direction", "department", "stage", "rag", "is_confidential")
    list_filter = ("stage", "rag", "project_type", "is_confidential", "direction")
    search_fields = ("code", "title_ru", "title_kk", "title_en")
    raw_id_fields = ("program_item", "curator", "manager", "department")
    readonly_fields = ("code", "search_document", "total_budget_plan", "rag", "rag_policy_version")
    filter_horizontal = ("districts", "sdgs")
    inlines = [ProjectMemberInline]


class _ProjectChildAdmin(SimpleHistoryAdmin):
    raw_id_fields: tuple[str, ...] = ("project",)
    list_select_related = ("project",)


@admin.register(models.PassportVersion)
class PassportVersionAdmin(_ProjectChildAdmin):
    list_display = ("project", "version", "status", "approved_at")
    list_filter = ("status",)


@admin.register(models.GateDecision)
class GateDecisionAdmin(_ProjectChildAdmin):
    list_display = ("project", "gate", "decision", "decided_on", "stage_before", "stage_after")
    list_filter = ("gate", "decision")


@admin.register(models.Milestone)
class MilestoneAdmin(_ProjectChildAdmin):
    list_display = ("project", "title", "planned_date", "forecast_date", "actual_date", "is_critical")


@admin.register(models.Task)
class TaskAdmin(_ProjectChildAdmin):
    list_display = ("project", "wbs_code", "title", "start", "finish", "progress")
    raw_id_fields = ("project", "parent", "milestone", "responsible")


@admin.register(models.Baseline)
class BaselineAdmin(_ProjectChildAdmin):
    list_display = ("project", "version", "created_at")


@admin.register(models.BudgetLine)
class BudgetLineAdmin(_ProjectChildAdmin):
    list_display = (
        "project",
        "year",
        "source",
        "budget_program_code",
        "plan",
        "allocated",
        "committed",
        "disbursed",
    )
    list_filter = ("source", "year")


@admin.register(models.Risk)
class RiskAdmin(_ProjectChildAdmin):
    list_display = ("project", "title", "probability", "impact", "score", "status")
    list_filter = ("status",)


@admin.register(models.ProjectIssue)
class ProjectIssueAdmin(_ProjectChildAdmin):
    list_display = ("project", "title", "severity", "status", "due_date")
    list_filter = ("severity", "status")


@admin.register(models.ChangeRequest)
class ChangeRequestAdmin(_ProjectChildAdmin):
    list_display = ("project", "number", "title", "status")
    list_filter = ("status",)


@admin.register(models.StatusReport)
class StatusReportAdmin(_ProjectChildAdmin):
    list_display = ("project", "period_year", "period_month", "status", "rag_overall", "confidence")
    list_filter = ("status", "rag_overall")


@admin.register(models.Document)
class DocumentAdmin(_ProjectChildAdmin):
    list_display = ("project", "title", "doc_type", "version", "size", "created_at")
    list_filter = ("doc_type",)
    readonly_fields = ("sha256", "size", "content_type", "original_name")


class TemplateVersionInline(admin.TabularInline):
    model = models.MethodologyTemplateVersion
    extra = 0
    readonly_fields = ("sha256", "size", "content_type", "original_name")


@admin.register(models.MethodologyTemplate)
class MethodologyTemplateAdmin(SimpleHistoryAdmin):
    list_display = ("title_ru", "kind")
    list_filter = ("kind",)
    inlines = [TemplateVersionInline]


@admin.register(models.RagPolicy)
class RagPolicyAdmin(SimpleHistoryAdmin):
    list_display = (
        "version",
        "green_min",
        "amber_min",
        "milestone_amber_days",
        "achievement_cap",
        "effective_from",
    )


@admin.register(models.SavedFilter)
class SavedFilterAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "query")
    raw_id_fields = ("user",)
