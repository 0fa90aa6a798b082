"""robots.txt and sitemap.xml, at the site's root: `public_root:<name>`."""

from django.urls import URLPattern, URLResolver, path

from portfolio.public import views

app_name = "public_root"

urlpatterns: list[URLPattern | URLResolver] = [
    path("robots.txt", views.robots, name="robots"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
