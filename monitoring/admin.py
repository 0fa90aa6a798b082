"""Admin screens for indicator set-up and support staff; SAC and departments work in the app."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from monitoring import models


class TargetInline(admin.TabularInline):
    model = models.Target
    extra = 0


@admin.register(models.Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name_ru", "level", "unit", "frequency", "higher_is_better", "national_project_code")
    list_filter = ("level", "frequency", "higher_is_better", "direction")
    search_fields = ("code", "name_ru", "name_kk", "name_en", "national_project_code")
    raw_id_fields = ("parent", "project", "program_item", "responsible_organization", "responsible_person")
    inlines = [TargetInline]


@admin.register(models.Actual)
class ActualAdmin(SimpleHistoryAdmin):
    list_display = ("indicator", "year", "period", "value", "status", "is_locked")
    list_filter = ("status", "is_locked", "year")
    search_fields = ("indicator__code",)
    raw_id_fields = ("indicator", "entered_by", "verified_by")


@admin.register(models.Alert)
class AlertAdmin(SimpleHistoryAdmin):
    list_display = ("title", "object_type", "severity", "period_label", "opened_at", "closed_at")
    list_filter = ("object_type", "severity")
    search_fields = ("title",)
    raw_id_fields = ("project", "indicator", "direction", "responsible")


@admin.register(models.ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ("year", "frequency", "period", "due_date", "status")


@admin.register(models.Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ("kind", "status", "project", "created_at")
    list_filter = ("kind", "status")
    raw_id_fields = ("project", "indicator", "drafted_by", "responded_by", "decided_by", "alerts")
