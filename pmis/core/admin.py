from django.contrib import admin

from pmis.core.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    list_display = ["pk", "kind", "status", "progress", "requested_by", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["requested_by"]
    readonly_fields = [f.name for f in Job._meta.fields]
