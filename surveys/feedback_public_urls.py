"""Citizen feedback pages on the public side (included by portfolio.public.urls, so names are `public:<name>`
and the addresses carry the language prefix)."""

from django.urls import URLPattern, URLResolver

from surveys.views import feedback_public

urlpatterns: list[URLPattern | URLResolver] = [*feedback_public.urlpatterns]
