"""The citizen pages, mounted under the language prefix by pmis.urls (i18n_patterns): `public:<name>`."""

from django.urls import URLPattern, URLResolver, include, path

from surveys import feedback_public_urls

app_name = "public"

urlpatterns: list[URLPattern | URLResolver] = [
    # citizen feedback belongs to surveys (DESIGN.md §3); its pages sit beside the project pages
    path("", include(feedback_public_urls.urlpatterns)),
    path("open-data/", include("portfolio.opendata.public_urls")),  # public:open-data (the files' page)
]
