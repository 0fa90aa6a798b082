from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pmis.reference.models import Direction, District, SustainableDevelopmentGoal


@admin.register(Direction)
class DirectionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name_ru", "host", "head"]
    list_select_related = ["host", "head"]
    filter_horizontal = ["coordinators"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin[District]):
    list_display = ["code", "name_ru", "name_kk", "name_en"]


@admin.register(SustainableDevelopmentGoal)
class SDGAdmin(admin.ModelAdmin[SustainableDevelopmentGoal]):
    list_display = ["number", "name_ru", "name_en"]
