"""Survey URLs, one list per area (each views module exports its `urlpatterns`). The respondent's pages
(`t/<token>/`, `s/<slug>/`) need no account."""

from django.urls import URLPattern

from surveys.views import builder, campaigns, feedback, integrations, population, respond, results, texts

app_name = "surveys"

urlpatterns: list[URLPattern] = [
    *builder.urlpatterns,
    *respond.urlpatterns,
    *campaigns.urlpatterns,
    *results.urlpatterns,
    *texts.urlpatterns,
    *population.urlpatterns,
    *integrations.urlpatterns,
    *feedback.urlpatterns,
]
