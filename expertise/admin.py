from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from expertise.models import (
    Holiday,
    ObligationLimitRule,
    Opinion,
    RegulatoryBasis,
    ReviewCase,
    ReviewDeadlineRule,
)


@admin.register(RegulatoryBasis)
class RegulatoryBasisAdmin(SimpleHistoryAdmin):
    list_display = ["act", "number", "date", "in_force_from", "in_force_to", "replaced_by"]
    search_fields = ["act", "number"]


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(ReviewDeadlineRule)
class ReviewDeadlineRuleAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "working_days", "regulatory_basis"]


@admin.register(ObligationLimitRule)
class ObligationLimitRuleAdmin(SimpleHistoryAdmin):
    list_display = ["level", "year", "percentage", "base_amount", "amount", "legal_act"]


@admin.register(ReviewCase)
class ReviewCaseAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "kind", "status", "received_on", "deadline"]
    list_filter = ["kind", "status", "is_historical"]
    search_fields = ["number", "title"]
    raw_id_fields = ["project", "applicant"]


@admin.register(Opinion)
class OpinionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "case", "version", "status", "outcome", "issued_on"]
    list_filter = ["status", "outcome", "is_historical"]
    search_fields = ["number", "case__number"]
    raw_id_fields = ["case", "supersedes", "appraisal"]
    readonly_fields = ["pdf_sha256"]


import expertise.tariffs.admin  # noqa: E402,F401  (tariff reference data)
