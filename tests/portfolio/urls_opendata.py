"""A URLconf with the citizen pages the open data links to (`public:project`, `public:project-file`), for the
test that the package and the CSV carry their URLs (those pages are another helper's until the merge)."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def page(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse("")


public = (
    [
        path("projects/<str:code>/", page, name="project"),
        path("projects/<str:code>/files/<int:pk>/", page, name="project-file"),
        path("open-data/", page, name="open-data"),
    ],
    "public",
)

urlpatterns = [path("open-data/", include("portfolio.opendata.urls"))] + i18n_patterns(
    path("", include(public)), prefix_default_language=True
)
