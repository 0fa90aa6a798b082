"""Audit URLs, one list per area (each views module exports its `urlpatterns`)."""

from django.urls import URLPattern

from audits.views import analytics, draws, fieldwork, findings, programme, reports

app_name = "audits"

urlpatterns: list[URLPattern] = [
    *programme.urlpatterns,
    *draws.urlpatterns,
    *fieldwork.urlpatterns,
    *findings.urlpatterns,
    *reports.urlpatterns,
    *analytics.urlpatterns,
]
