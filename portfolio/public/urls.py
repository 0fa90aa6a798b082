"""The citizen pages, mounted under the language prefix by pmis.urls (i18n_patterns): `public:<name>`."""

from django.urls import URLPattern, URLResolver, include, path

from portfolio.public import views
from surveys import feedback_public_urls

app_name = "public"

urlpatterns: list[URLPattern | URLResolver] = [
    # citizen feedback belongs to surveys (DESIGN.md §3); its pages sit beside the project pages
    path("", include(feedback_public_urls.urlpatterns)),
    path("open-data/", include("portfolio.opendata.public_urls")),  # public:open-data (the files' page)
    path("", views.home, name="home"),
    path("projects/", views.project_list, name="project-list"),
    path("projects/<str:code>/", views.project_detail, name="project"),
    path("projects/<str:code>/files/<int:pk>/", views.project_file, name="project-file"),
    path("districts/<int:pk>/", views.district_detail, name="district"),
    path("directions/<str:code>/", views.direction_detail, name="direction"),
    path("map/", views.map_page, name="map"),
    path("map/data.json", views.map_data, name="map-data"),
]
