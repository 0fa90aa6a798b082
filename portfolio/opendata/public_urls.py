"""The open-data page among the citizen pages (included into the `public` namespace under /<lang>/open-data/)."""

from django.urls import URLPattern, path

from portfolio.opendata import views

urlpatterns: list[URLPattern] = [
    path("", views.open_data_page, name="open-data"),
]
