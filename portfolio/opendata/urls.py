"""The open-data files at stable addresses: `opendata:<name>`."""

from django.urls import URLPattern, URLResolver, path

from portfolio.opendata import views

app_name = "opendata"

urlpatterns: list[URLPattern | URLResolver] = [
    path("oc4ids.json", views.package, name="package"),
    path("projects.csv", views.projects_csv, name="csv"),
]
