from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from portfolio.models import (
    AgendaItem,
    AgendaPack,
    Assignment,
    Attendance,
    Meeting,
    Submission,
    ToleranceRule,
)


@admin.register(ToleranceRule)
class ToleranceRuleAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "schedule_days", "budget_percent", "budget_amount", "is_active")


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "status", "direction", "step_due")
    list_filter = ("kind", "status", "direction")
    search_fields = ("title", "project__code")
    raw_id_fields = ("project", "change_request", "passport", "submitted_by", "screened_by", "checked_by")


class AttendanceInline(admin.TabularInline):
    model = Attendance
    raw_id_fields = ("user",)
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "starts_at", "status")
    list_filter = ("kind", "status")
    inlines = [AttendanceInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ("title", "meeting", "order", "decision")
    raw_id_fields = ("meeting", "submission", "carried_assignment", "project", "presenter", "decided_by")


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ("title", "owner_organization", "due_date", "status")
    list_filter = ("status",)
    raw_id_fields = ("meeting", "item", "project", "owner_person", "issued_by", "accepted_by")


@admin.register(AgendaPack)
class AgendaPackAdmin(SimpleHistoryAdmin):
    list_display = ("meeting", "version", "language", "published_at")
    exclude = ("html",)
