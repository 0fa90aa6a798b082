"""Admin for the tariff reference data: carriers, routes, subsidy contracts and norms (imported by admin.py)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from expertise.tariffs.models import Carrier, Route, SubsidyContract, TariffNorm


@admin.register(Carrier)
class CarrierAdmin(SimpleHistoryAdmin):
    list_display = ["name", "bin", "is_active"]
    search_fields = ["name", "bin"]


@admin.register(Route)
class RouteAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name", "length_km", "socially_significant"]
    search_fields = ["number", "name"]
    list_filter = ["socially_significant"]


@admin.register(SubsidyContract)
class SubsidyContractAdmin(SimpleHistoryAdmin):
    list_display = ["number", "carrier", "period_start", "period_end", "fare", "fare_basis", "cap_amount"]
    search_fields = ["number", "carrier__name"]
    list_select_related = ["carrier"]
    filter_horizontal = ["routes"]


@admin.register(TariffNorm)
class TariffNormAdmin(SimpleHistoryAdmin):
    list_display = ["code", "value", "unit", "legal_source", "valid_from", "valid_to"]
    list_filter = ["code"]
    search_fields = ["legal_source"]
