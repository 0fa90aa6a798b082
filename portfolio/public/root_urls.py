"""robots.txt and sitemap.xml, at the site's root: `public_root:<name>`."""

from django.urls import URLPattern, URLResolver

app_name = "public_root"

urlpatterns: list[URLPattern | URLResolver] = []
